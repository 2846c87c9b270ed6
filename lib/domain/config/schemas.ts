/**
 * Response schemas of the deployment's configuration, feature flags and external services'
 * health. The service's response types are `z.infer` of these; lib/openapi/responses.ts names
 * them as components of the OpenAPI document, so a field added here appears in both.
 */
import { z } from "zod";
import { dateTime } from "@/lib/platform/schema-fields";
import { LIMITS } from "./limits";

/** `GET /api/health/mcp`: each configured external service probed, and the database. */
export const servicesHealthSchema = z.object({
  status: z.enum(["healthy", "degraded"]),
  available_mcps: z.array(z.string()).meta({ example: ["openai", "duffel", "google_maps", "openweather"] }),
  enabled_mcps: z.array(z.string()).meta({ description: "Services this deployment configured." }),
  checks: z
    .record(z.string(), z.object({ status: z.enum(["healthy", "unhealthy"]), detail: z.string() }))
    .meta({ description: "Per service, including `database`." }),
  last_check: dateTime(),
});
export type ServicesHealthResponse = z.infer<typeof servicesHealthSchema>;

/** One feature flag. */
export const featureSchema = z.object({
  enabled: z.boolean(),
  description: z.string(),
  beta: z.boolean(),
  required_plan: z.string().optional(),
});

/** `GET /api/config/features`. */
export const featuresSchema = z.object({
  features: z.record(z.string(), featureSchema),
  user_plan: z.string().meta({ example: "basic" }),
  region: z.string().meta({ example: "local" }),
});
export type FeaturesResponse = z.infer<typeof featuresSchema>;

/** `GET /api/config`: version, flags, limits, services, supported values, database and AI settings. */
export const configSchema = z.object({
  version: z.string(),
  environment: z.enum(["development", "production", "test"]),
  features: z.record(z.string(), featureSchema),
  limits: z.object(
    Object.fromEntries(Object.keys(LIMITS).map((k) => [k, z.int()])) as Record<keyof typeof LIMITS, z.ZodInt>,
  ),
  external_services: z.record(
    z.string(),
    z.object({ available: z.boolean(), status: z.enum(["operational", "not_configured"]) }),
  ),
  supported_currencies: z.array(z.string()).meta({ example: ["USD", "EUR", "GBP"] }),
  supported_languages: z.array(z.string()).meta({ example: ["en", "es", "fr"] }),
  database: z.enum(["postgres", "pglite"]),
  ai: z
    .object({
      model: z.string().meta({ example: "gpt-4o-mini" }),
      session_cost_limit_usd: z.number().meta({ example: 2 }),
      session_message_limit: z.int().meta({ example: 200 }),
      pricing: z.object({
        models: z.record(z.string(), z.object({ input: z.number(), output: z.number() })),
        default: z.object({ input: z.number(), output: z.number() }),
      }),
    })
    .meta({
      description:
        "The Trip Designer's model, session limits and prices (USD per million input/output tokens; `default` prices any model not listed).",
    }),
});
export type ConfigResponse = z.infer<typeof configSchema>;
