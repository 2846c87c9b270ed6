import type { Metadata } from "next";
import { MemoryForm } from "@/components/settings/memory-form";
import { preferenceOptions } from "@/components/settings/options";
import { ProfileForm } from "@/components/settings/profile-form";
import { getDb } from "@/db/client";
import { getMe, getMemory } from "@/lib/domain/users/profile";
import { requireCaller } from "../../_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Profile & preferences" };

export default async function ProfileSettingsPage() {
  const caller = await requireCaller("/settings/profile");
  const db = await getDb();
  const [me, memory] = await Promise.all([getMe(db, caller.userId), getMemory(db, caller.userId)]);
  return (
    <div className="space-y-6">
      <ProfileForm initial={me} options={preferenceOptions(me.preferences)} />
      <MemoryForm initial={memory} />
    </div>
  );
}
