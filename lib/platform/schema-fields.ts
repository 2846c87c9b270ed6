/**
 * zod building blocks of the response schemas the domain modules declare (each service's
 * response type is `z.infer` of its schema; lib/openapi/responses.ts names the same schemas
 * as components of the OpenAPI document). Only documentation metadata (`.meta()`), which
 * never changes how a value parses.
 */
import { z } from "zod";

/** A UUID (string). */
export const uuid = () => z.uuid();

/** An ISO 8601 date-time with its offset, e.g. `2025-01-15T10:30:00.000Z` (string). */
export const dateTime = () => z.iso.datetime({ offset: true }).meta({ example: "2025-01-15T10:30:00.000Z" });

/** An ISO 8601 calendar date `YYYY-MM-DD` (string). */
export const isoDate = () => z.iso.date();
