// biome-ignore-all lint/suspicious/noExplicitAny: response bodies are asserted field by field
/**
 * Shared assertions for API tests: the TripSage REST API's error shape and its 422 field errors.
 */
import { expect } from "vitest";
import type { call } from "./fixtures";

export type Res = Awaited<ReturnType<typeof call>>;

/** The TripSage REST API `type` expected for each status (lib/http/errors.ts). */
export const ERROR_TYPE: Record<number, string> = {
  400: "validation",
  401: "authentication",
  403: "authorization",
  404: "not_found",
  409: "conflict",
  412: "conflict",
  413: "validation",
  422: "validation",
  429: "ratelimit",
};

/** Asserts the TripSage REST API's error shape `{error:true, message, code, type}` with the right status (and code). */
export function expectApiError(res: Res, status: number, code?: string): void {
  expect(res.status, JSON.stringify(res.body)?.slice(0, 500)).toBe(status);
  expect(res.body).toMatchObject({
    error: true,
    message: expect.any(String),
    code: expect.any(String),
    type: expect.any(String),
  });
  expect(res.body.message.length).toBeGreaterThan(0);
  if (code) expect(res.body.code).toBe(code);
  if (ERROR_TYPE[status]) expect(res.body.type).toBe(ERROR_TYPE[status]);
}

/** Asserts a 422 with a non-empty `errors[]` of `{field, message, type}` naming each of `fields`. */
export function expectFieldErrors(res: Res, fields: string[] = [], code = "VALIDATION_ERROR"): void {
  expectApiError(res, 422, code);
  expect(Array.isArray(res.body.errors)).toBe(true);
  expect(res.body.errors.length).toBeGreaterThan(0);
  for (const e of res.body.errors) {
    expect(typeof e.field).toBe("string");
    expect(typeof e.message).toBe("string");
    expect(typeof e.type).toBe("string");
  }
  const got = res.body.errors.map((e: any) => e.field);
  for (const f of fields) expect(got, JSON.stringify(res.body.errors)).toContain(f);
}
