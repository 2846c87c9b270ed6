/**
 * Response shapes of the settings endpoints for client components. Type-only imports:
 * nothing from the server modules is bundled for the browser.
 */
import type { createApiKey, listApiKeys } from "@/lib/domain/auth/api-keys";
import type { getMe, getMemory } from "@/lib/domain/users/profile";
import type { DeliveryResponse, WebhookResponse } from "@/lib/domain/webhooks/service";

export type { DeliveryResponse, WebhookResponse };
export type MeResponse = Awaited<ReturnType<typeof getMe>>;
export type MemoryResponse = Awaited<ReturnType<typeof getMemory>>;
export type ApiKeysResponse = Awaited<ReturnType<typeof listApiKeys>>;
export type ApiKeyResponse = ApiKeysResponse["keys"][number];
export type CreatedApiKey = Awaited<ReturnType<typeof createApiKey>>;

/** An option of a select: value and label. */
export interface Option {
  value: string;
  label: string;
}

/** Options of the preference selects, computed on the server (so server and browser agree). */
export interface PreferenceOptions {
  timeZones: { group: string; options: Option[] }[];
  currencies: { group: string; options: Option[] }[];
  languages: Option[];
}

export const settingsKeys = {
  me: ["me"] as const,
  memory: ["memory"] as const,
  apiKeys: ["api-keys"] as const,
  webhooks: ["webhooks"] as const,
  deliveries: (webhookId: string) => ["webhook-deliveries", webhookId] as const,
};
