"use client";

import type { ComponentProps } from "react";
import { ConfirmDialog } from "../ui/dialog";

/** {@link ConfirmDialog} worded for any action (revoke, transfer, sign out): the caller names it. */
export function ConfirmAction(props: ComponentProps<typeof ConfirmDialog> & { confirmLabel: string }) {
  return <ConfirmDialog busyLabel="Working…" confirmTestId="confirm-action" {...props} />;
}
