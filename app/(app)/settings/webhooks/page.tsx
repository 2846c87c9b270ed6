import type { Metadata } from "next";
import { WebhooksSettings } from "@/components/settings/webhooks-settings";
import { getDb } from "@/db/client";
import { listWebhooks } from "@/lib/domain/webhooks/service";
import { WEBHOOK_EVENTS } from "@/lib/platform/outbox";
import { requireCaller } from "../../_lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksSettingsPage() {
  const caller = await requireCaller("/settings/webhooks");
  const hooks = await listWebhooks(await getDb(), caller.userId);
  return <WebhooksSettings initial={hooks} events={[...WEBHOOK_EVENTS]} />;
}
