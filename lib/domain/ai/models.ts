/**
 * The one place that chooses the language model.
 * - `OPENAI_API_KEY` set: `@ai-sdk/openai`. With `OPENAI_BASE_URL` the Chat Completions
 *   API is used, which OpenRouter, Ollama, vLLM and llama.cpp servers speak; without it,
 *   OpenAI's Responses API. `AI_MODEL` picks the model (default `gpt-4o-mini`).
 * - Otherwise the built-in offline model (lib/domain/ai/offline), which understands plain English
 *   about the itinerary and answers with the same tool calls.
 */
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { env } from "@/lib/platform/env";
import { createOfflineModel } from "./offline/model";

export interface ChosenModel {
  model: LanguageModel;
  /** Model id as recorded on messages and used for pricing. */
  id: string;
  provider: "openai" | "openai-compatible" | "offline";
}

/** The model configured by the environment (see module comment). */
export function chooseModel(): ChosenModel {
  const e = env();
  if (!e.OPENAI_API_KEY) {
    return { model: createOfflineModel(), id: "tripsage-offline", provider: "offline" };
  }
  const id = e.AI_MODEL ?? "gpt-4o-mini";
  const openai = createOpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL });
  return e.OPENAI_BASE_URL
    ? { model: openai.chat(id), id, provider: "openai-compatible" }
    : { model: openai(id), id, provider: "openai" };
}
