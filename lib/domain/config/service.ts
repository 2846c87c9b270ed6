/**
 * What this deployment offers: feature flags, limits and the external services it has
 * configured (the TripSage REST API "Configuration" and "Check MCP Services Health").
 */
import { pingDatabase } from "@/db/client";
import { chooseModel } from "@/lib/domain/ai/models";
import { priceTable } from "@/lib/domain/ai/pricing";
import { probeDuffel } from "@/lib/domain/travel/duffel";
import { env } from "@/lib/platform/env";
import { LIMITS, SUPPORTED_CURRENCIES, SUPPORTED_LANGUAGES } from "./limits";
import type { ConfigResponse, FeaturesResponse, ServicesHealthResponse } from "./schemas";

/** External services the product can use, and whether this deployment configured each. */
export function externalServices(): Record<string, { configured: boolean; description: string }> {
  const e = env();
  return {
    openai: { configured: Boolean(e.OPENAI_API_KEY), description: "LLM provider for the trip designer" },
    duffel: { configured: Boolean(e.DUFFEL_ACCESS_TOKEN), description: "Flight offers (Duffel API)" },
    google_maps: { configured: false, description: "Places and maps" },
    openweather: { configured: false, description: "Weather forecasts" },
  };
}

/** The TripSage REST API feature flags, reflecting what this build really does. */
export function features() {
  return {
    ai_chat: { enabled: true, description: "AI-powered chat assistance", beta: false },
    real_time_collaboration: { enabled: true, description: "Real-time trip collaboration", beta: false },
    price_tracking: { enabled: false, description: "Flight and hotel price tracking", beta: true },
    advanced_analytics: {
      enabled: false,
      description: "Detailed trip analytics",
      beta: true,
      required_plan: "premium",
    },
    offline_assistant: {
      enabled: !env().OPENAI_API_KEY,
      description: "Built-in offline trip designer used when no AI provider is configured",
      beta: false,
    },
  };
}

/** `GET /api/config/features` body. */
export function featuresResponse(plan: string): FeaturesResponse {
  return { features: features(), user_plan: plan, region: process.env.REGION ?? "local" };
}

/** `GET /api/config` body. */
export function configResponse(): ConfigResponse {
  const e = env();
  const services = Object.fromEntries(
    Object.entries(externalServices()).map(([name, s]) => [
      name,
      {
        available: s.configured,
        status: s.configured ? ("operational" as const) : ("not_configured" as const),
      },
    ]),
  );
  return {
    version: e.APP_VERSION,
    environment: e.NODE_ENV,
    features: features(),
    limits: LIMITS,
    external_services: services,
    supported_currencies: [...SUPPORTED_CURRENCIES],
    supported_languages: [...SUPPORTED_LANGUAGES],
    database: e.DATABASE_URL ? "postgres" : "pglite",
    ai: {
      model: chooseModel().id,
      session_cost_limit_usd: e.SESSION_COST_LIMIT_USD,
      session_message_limit: e.SESSION_MESSAGE_LIMIT,
      pricing: priceTable(),
    },
  };
}

/**
 * `GET /api/health/mcp`: probes each configured external service, in parallel, 2 s timeout
 * each: the AI provider with `GET {base}/models`, Duffel with `GET {base}/air/airlines?limit=1`
 * (see probeDuffel in lib/domain/travel/duffel.ts). Unconfigured services are not probed.
 */
export async function servicesHealth(): Promise<ServicesHealthResponse> {
  const e = env();
  const services = externalServices();
  const enabled = Object.entries(services)
    .filter(([, s]) => s.configured)
    .map(([n]) => n);
  type Check = { status: "healthy" | "unhealthy"; detail: string };
  const checks: Record<string, Check> = {};
  const probes: Promise<void>[] = [];
  if (services.openai?.configured) {
    const base = e.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
    probes.push(
      (async () => {
        try {
          const res = await fetch(`${base.replace(/\/$/, "")}/models`, {
            headers: { authorization: `Bearer ${e.OPENAI_API_KEY}` },
            signal: AbortSignal.timeout(2000),
          });
          checks.openai = res.ok
            ? { status: "healthy", detail: `HTTP ${res.status}` }
            : { status: "unhealthy", detail: `HTTP ${res.status}` };
        } catch (err) {
          checks.openai = { status: "unhealthy", detail: err instanceof Error ? err.message : "unreachable" };
        }
      })(),
    );
  }
  if (services.duffel?.configured && e.DUFFEL_ACCESS_TOKEN) {
    const token = e.DUFFEL_ACCESS_TOKEN;
    probes.push(
      probeDuffel({ token, baseUrl: e.DUFFEL_BASE_URL, timeoutMs: 2000 }).then((c) => {
        checks.duffel = c;
      }),
    );
  }
  probes.push(
    pingDatabase().then((db) => {
      checks.database = db.ok
        ? { status: "healthy", detail: db.driver }
        : { status: "unhealthy", detail: db.detail };
    }),
  );
  await Promise.all(probes);
  const unhealthy = Object.values(checks).some((c) => c.status === "unhealthy");
  return {
    status: unhealthy ? "degraded" : "healthy",
    available_mcps: Object.keys(services),
    enabled_mcps: enabled,
    checks,
    last_check: new Date().toISOString(),
  };
}
