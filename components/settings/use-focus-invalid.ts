"use client";

import { type RefObject, useEffect } from "react";

/**
 * After a failed save, moves focus to the first invalid control of `form` (or scrolls the
 * first field error into view), so an error next to a field off-screen is not missed.
 */
export function useFocusFirstInvalid(
  form: RefObject<HTMLFormElement | null>,
  errors: Record<string, string>,
) {
  useEffect(() => {
    if (!Object.values(errors).some(Boolean)) return;
    const root = form.current;
    const control = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (control) {
      control.focus();
      control.scrollIntoView({ block: "center", behavior: "smooth" });
      return;
    }
    root?.querySelector(".field-error")?.scrollIntoView({ block: "center", behavior: "smooth" });
  }, [form, errors]);
}
