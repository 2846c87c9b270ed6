import type { Metadata } from "next";
import { ApiKeysSettings } from "@/components/settings/api-keys-settings";
import { getDb } from "@/db/client";
import { listApiKeys } from "@/lib/domain/auth/api-keys";
import { userScopes } from "@/lib/domain/auth/scopes";
import { requireCaller } from "../../_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysSettingsPage() {
  const caller = await requireCaller("/settings/api-keys");
  const keys = await listApiKeys(await getDb(), caller.userId);
  return <ApiKeysSettings initial={keys} grantable={userScopes(caller.role)} />;
}
