import { redirect } from "next/navigation";
import { requireCaller } from "../_lib/session";

export const dynamic = "force-dynamic";

export default async function SettingsIndex() {
  await requireCaller("/settings");
  redirect("/settings/profile");
}
