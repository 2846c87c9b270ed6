import type { Metadata } from "next";
import { SecuritySettings } from "@/components/settings/security-settings";
import { requireCaller } from "../../_lib/session";
import { signOutAfterPasswordChange, signOutAfterRevokeAll } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Security" };

export default async function SecuritySettingsPage() {
  const caller = await requireCaller("/settings/security");
  return (
    <SecuritySettings
      email={caller.email}
      afterPasswordChange={signOutAfterPasswordChange}
      afterRevokeAll={signOutAfterRevokeAll}
    />
  );
}
