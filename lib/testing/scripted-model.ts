/**
 * Test set-up for the real-model path: starts the local OpenAI-compatible server
 * (./openai-compatible-server.ts) before the file's tests and stops it after, and points the
 * app's model at it (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `AI_MODEL`, read lazily by lib/platform/env
 * on first use, which happens after this hook). Only the LLM is replaced; @ai-sdk/openai,
 * streamText, the tools and the services all run.
 */
import { afterAll, beforeAll } from "vitest";
import { type FakeOpenAI, type ScriptedTurn, startFakeOpenAI } from "./openai-compatible-server";

/** The running scripted model of a test file. */
export interface ScriptedModel {
  /** Parsed JSON bodies of every request the model received, in order. */
  readonly requests: Record<string, unknown>[];
}

/**
 * Registers `beforeAll`/`afterAll` hooks serving `script` to the app's model for this file.
 * @param script turns in order, or a function choosing the turn from the request body
 * @param opts.model the `AI_MODEL` id (default `gpt-4o-mini`)
 * @param opts.env further environment variables to set once the server runs (e.g. `AI_PRICES`)
 */
export function serveScriptedModel(
  script: ScriptedTurn[] | ((body: Record<string, unknown>) => ScriptedTurn),
  opts: { model?: string; env?: Record<string, string> } = {},
): ScriptedModel {
  let server: FakeOpenAI | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAI(script);
    process.env.OPENAI_API_KEY = "sk-test";
    process.env.OPENAI_BASE_URL = server.baseURL;
    process.env.AI_MODEL = opts.model ?? "gpt-4o-mini";
    Object.assign(process.env, opts.env);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get requests() {
      if (!server) throw new Error("serveScriptedModel: the server starts in beforeAll");
      return server.requests;
    },
  };
}
