/**
 * Model prices in US dollars per million tokens (input, output), from OpenAI's published
 * API pricing page (platform.openai.com/docs/pricing, standard tier, read 2026-11).
 * Unknown models (self-hosted, OpenRouter ids we do not list) are costed at 0 and the
 * conversation still records their tokens.
 */
const PRICES_PER_MTOK: Record<string, readonly [input: number, output: number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1": [2, 8],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1-nano": [0.1, 0.4],
  "gpt-5": [1.25, 10],
  "gpt-5-mini": [0.25, 2],
  "gpt-5-nano": [0.05, 0.4],
  "tripsage-offline": [0, 0],
};

/**
 * Cost in USD of one call.
 * @param model model id; a provider prefix such as `openai/` is ignored
 * @param inputTokens prompt tokens; @param outputTokens completion tokens
 */
export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const id = model.includes("/") ? model.slice(model.lastIndexOf("/") + 1) : model;
  const price = PRICES_PER_MTOK[id];
  if (!price) return 0;
  return (inputTokens * price[0] + outputTokens * price[1]) / 1_000_000;
}
