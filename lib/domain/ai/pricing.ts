/**
 * Model prices in US dollars per million tokens (input, output). The built-in table is from
 * OpenAI's published API pricing page (platform.openai.com/docs/pricing, standard tier, read
 * 2026-11). Operators extend or override it with `AI_PRICES` (JSON `{"model": [input,
 * output]}`), and every model in neither is priced at `AI_DEFAULT_PRICE` ("input,output",
 * default 5,15: deliberately above the common models, so an unlisted model still runs into
 * the session cost cap instead of costing nothing). The built-in offline model is free.
 */
import { env } from "@/lib/platform/env";

/** Id of the built-in offline model (lib/domain/ai/models.ts); always free. */
export const OFFLINE_MODEL_ID = "tripsage-offline";

const BUILT_IN: Record<string, readonly [input: number, output: number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1": [2, 8],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-5": [1.25, 10],
  "gpt-5-mini": [0.25, 2],
  "gpt-5-nano": [0.05, 0.4],
};

export interface ModelPrice {
  /** USD per million prompt tokens. */
  input: number;
  /** USD per million completion tokens. */
  output: number;
  /** Where the price comes from: the built-in table, `AI_PRICES`, `AI_DEFAULT_PRICE`, or free (offline). */
  source: "built_in" | "configured" | "default" | "offline";
}

const pricePair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0);

/**
 * `AI_PRICES` parsed.
 * @throws Error naming the variable when it is not a JSON object of `[input, output]` pairs
 *         of non-negative numbers (a bad price table must not silently price models at 0)
 */
function configuredPrices(): Record<string, [number, number]> {
  const raw = env().AI_PRICES;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('AI_PRICES must be JSON, e.g. {"my-model": [0.5, 1.5]}');
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error('AI_PRICES must be a JSON object, e.g. {"my-model": [0.5, 1.5]}');
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (!pricePair(v)) throw new Error(`AI_PRICES["${k}"] must be [input, output] USD per million tokens`);
  }
  return parsed as Record<string, [number, number]>;
}

/** `AI_DEFAULT_PRICE` as [input, output] USD per million tokens (validated by lib/platform/env.ts). */
export function defaultPrice(): [number, number] {
  const [i, o] = env()
    .AI_DEFAULT_PRICE.split(",")
    .map((s) => Number(s.trim()));
  return [i ?? 0, o ?? 0];
}

/**
 * The price of `model`. A provider prefix (`openai/gpt-4o`) is tried as given first, then
 * without it. Order: offline model (free) → `AI_PRICES` → built-in table → `AI_DEFAULT_PRICE`.
 * @throws Error when `AI_PRICES` is malformed
 */
export function priceOf(model: string): ModelPrice {
  if (model === OFFLINE_MODEL_ID) return { input: 0, output: 0, source: "offline" };
  const bare = model.includes("/") ? model.slice(model.lastIndexOf("/") + 1) : model;
  const configured = configuredPrices();
  const own = configured[model] ?? configured[bare];
  if (own) return { input: own[0], output: own[1], source: "configured" };
  const built = BUILT_IN[model] ?? BUILT_IN[bare];
  if (built) return { input: built[0], output: built[1], source: "built_in" };
  const [input, output] = defaultPrice();
  return { input, output, source: "default" };
}

/**
 * Cost in USD of one call: `(inputTokens × input + outputTokens × output) / 1e6` at
 * {@link priceOf}'s price.
 * @param model model id; @param inputTokens prompt tokens; @param outputTokens completion tokens
 */
export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const p = priceOf(model);
  return (inputTokens * p.input + outputTokens * p.output) / 1_000_000;
}

/**
 * The effective price table for `GET /api/config`: every built-in and configured model, the
 * default for the rest, all in USD per million tokens.
 */
export function priceTable(): {
  models: Record<string, { input: number; output: number }>;
  default: { input: number; output: number };
} {
  const models: Record<string, { input: number; output: number }> = {
    [OFFLINE_MODEL_ID]: { input: 0, output: 0 },
  };
  for (const [k, [input, output]] of Object.entries({ ...BUILT_IN, ...configuredPrices() })) {
    models[k] = { input, output };
  }
  const [input, output] = defaultPrice();
  return { models, default: { input, output } };
}
