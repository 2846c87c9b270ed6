/**
 * The itinerary read of `GET /api/itineraries/{trip_id}` as response bytes: one prepared
 * statement per database handle checks the caller's access, compares the trip's version
 * with the client's `If-None-Match`, and — only when the client's copy is stale — builds the
 * whole day-grouped JSON body as text in Postgres. The route writes that text as it is: no
 * JSON.parse, no objects, no JSON.stringify in Node.
 *
 * The text is byte for byte `JSON.stringify(await getItinerary(…))` (same keys, order,
 * escaping and number formats; read.db.test.ts compares them):
 * - strings go through `to_json(text)`, whose escaping (`\"`, `\\`, `\b\f\n\r\t`, other
 *   control characters as lowercase `\u00xx`, everything else as UTF-8) is JSON.stringify's;
 * - `jsonb` columns are printed by Postgres with `", "` and `": "` between tokens: a regular
 *   expression that steps over string literals removes those spaces. The key order is
 *   jsonb's, which JSON.parse keeps except for keys that are array indices (`"7"`, `"2024"`:
 *   a JavaScript object lists those first, ascending), so an object with such a key is one
 *   of the cases below that fall back;
 * - numbers inside `jsonb` are printed as Postgres stores them. The app writes them from
 *   JavaScript numbers, so they read back as JavaScript prints them, except values that
 *   JavaScript writes in exponent form (|x| < 1e-6 or ≥ 1e21) and numbers written by other
 *   means (trailing zeros, more digits than a double keeps). The query flags any `jsonb`
 *   text that could hold such a number (a run of 16+ digits, `0.000000`, or a decimal ending
 *   in 0) or an index-like key (`"12": `) — strings may trip it too, which is only slower —
 *   and the read then falls back to {@link getItinerary} and JSON.stringify;
 * - `price_amount` is numeric(12,2): its trailing zeros are trimmed (`129.50` → `129.5`,
 *   `10.00` → `10`), as Number() then JSON.stringify print it.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tripCollaborators, trips } from "@/db/schema";
import { notFound } from "@/lib/platform/errors";
import { getItinerary } from "./service";

/** A column of the outer query's `trips` row, or of the `s` (segments) alias. */
const t = (column: string) => sql.raw(`"trips"."${column}"`);
const s = (column: string) => sql.raw(`s."${column}"`);

/** JSON text of a nullable text expression (`null` when null). */
const str = (e: ReturnType<typeof sql>) => sql`coalesce(to_json(${e})::text, 'null')`;
/** `jsonb` as compact JSON text (see the module comment); `null` when null. */
const compact = (e: ReturnType<typeof sql>) =>
  sql`coalesce(regexp_replace(${e}::text, ${sql.raw(String.raw`'("(?:[^"\\]|\\.)*")|(,) |(:) ', '\1\2\3'`)}, 'g'), 'null')`;
/** Whether a `jsonb`'s text may hold a number JavaScript prints differently (see the module comment). */
const risky = (e: ReturnType<typeof sql>) =>
  sql`coalesce(${e}::text ~ ${sql.raw(String.raw`'[0-9]{16}|0\.0{6}|\.[0-9]*0([^0-9]|$)|"(0|[1-9][0-9]*)": '`)}, false)`;
/** A timestamp as `Date.prototype.toISOString` prints it. */
const iso = (e: ReturnType<typeof sql>) =>
  sql`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A date as `YYYY-MM-DD`. */
const ymd = (e: ReturnType<typeof sql>) => sql`to_char(${e}, 'YYYY-MM-DD')`;

/** One segment (alias `s`) as the JSON text of a SegmentResponse (same keys and order). */
const segmentText = sql`'{"id":"' || ${s("id")} || '","trip_id":"' || ${s("trip_id")}
  || '","type":"' || ${s("type")} || '","title":' || ${str(s("title"))}
  || ',"notes":' || ${str(s("notes"))}
  || ',"day_index":' || coalesce(${s("day_index")}::text, 'null')
  || ',"date":' || case when ${s("day_index")} is null then 'null'
       else '"' || ${ymd(sql`${t("start_date")} + (${s("day_index")} - 1)`)} || '"' end
  || ',"position":' || ${s("position")}
  || ',"time_block":' || coalesce('"' || ${s("time_block")} || '"', 'null')
  || ',"start_time":' || ${str(s("start_local"))} || ',"end_time":' || ${str(s("end_local"))}
  || ',"timezone":' || ${str(s("timezone"))} || ',"location":' || ${compact(s("location"))}
  || ',"price":' || case when ${s("price_amount")} is not null and ${s("price_currency")} <> ''
       then '{"amount":' || rtrim(rtrim(${s("price_amount")}::text, '0'), '.')
         || ',"currency":' || to_json(${s("price_currency")})::text || '}'
       else 'null' end
  || ',"details":' || ${compact(s("details"))} || ',"source":"' || ${s("source")}
  || '","version":' || ${s("version")}
  || ',"created_at":"' || ${iso(s("created_at"))} || '","updated_at":"' || ${iso(s("updated_at"))} || '"}'`;

/** Itinerary order within one list: position, then creation (as the JS read sorts). */
const within = sql`${s("position")} asc, ${s("created_at")} asc`;
const dayCount = sql`(${t("end_date")} - ${t("start_date")} + 1)`;

/** The body: the trip's fields (TripResponse order, `role` included), days, unscheduled, count. */
const bodyText = (
  role: ReturnType<typeof sql>,
) => sql`'{"id":"' || ${t("id")} || '","user_id":"' || ${t("owner_id")}
  || '","title":' || ${str(t("title"))} || ',"description":' || ${str(t("description"))}
  || ',"start_date":"' || ${ymd(t("start_date"))} || '","end_date":"' || ${ymd(t("end_date"))}
  || '","duration_days":' || (${t("end_date")} - ${t("start_date")})
  || ',"destinations":' || ${compact(t("destinations"))} || ',"preferences":' || ${compact(t("preferences"))}
  || ',"status":"' || ${t("status")} || '","version":' || ${t("version")}
  || ',"role":"' || ${role} || '","created_at":"' || ${iso(t("created_at"))}
  || '","updated_at":"' || ${iso(t("updated_at"))} || '","days":['
  || coalesce((select string_agg('{"day_index":' || d || ',"date":"' || ${ymd(sql`${t("start_date")} + (d - 1)`)}
       || '","segments":[' || coalesce((select string_agg(${segmentText}, ',' order by ${within})
         from "segments" s where s."trip_id" = ${t("id")} and s."day_index" = d), '') || ']}', ',' order by d)
     from generate_series(1, ${dayCount}) d), '')
  || '],"unscheduled":[' || coalesce((select string_agg(${segmentText}, ',' order by ${s("day_index")} asc nulls last, ${within})
       from "segments" s where s."trip_id" = ${t("id")}
       and (s."day_index" is null or s."day_index" < 1 or s."day_index" > ${dayCount})), '')
  || '],"segment_count":' || (select count(*) from "segments" s where s."trip_id" = ${t("id")}) || '}'`;

/** True when some `jsonb` of the trip or its segments may print differently from JavaScript. */
const inexact = sql`(${risky(t("destinations"))} or ${risky(t("preferences"))} or exists (
  select 1 from "segments" s where s."trip_id" = ${t("id")}
    and (${risky(s("location"))} or ${risky(s("details"))})))`;

function prepareRead(db: Db) {
  const userId = sql.placeholder("userId");
  const role = sql`case when ${t("owner_id")} = ${userId} then 'owner' else ${tripCollaborators.permission}::text end`;
  // The client's versions (`3,7`, or empty): when one is current nothing is built.
  const stale = sql`not (${t("version")} = any(string_to_array(${sql.placeholder("seen")}::text, ',')::int[]))`;
  return db
    .select({
      version: trips.version,
      role: sql<string | null>`${role}`,
      inexact: sql<boolean | null>`case when ${role} is not null and ${stale} then ${inexact} end`,
      body: sql<string | null>`case when ${role} is not null and ${stale} then ${bodyText(role)} end`,
    })
    .from(trips)
    .leftJoin(
      tripCollaborators,
      sql`${tripCollaborators.tripId} = ${t("id")} and ${tripCollaborators.userId} = ${userId}`,
    )
    .where(sql`${t("id")} = ${sql.placeholder("tripId")}`)
    .prepare("itinerary_read_body");
}

const prepared = new WeakMap<Db, ReturnType<typeof prepareRead>>();

/** What {@link readItineraryJson} found. */
export type ItineraryJson =
  /** `builtBy`: `database` on the prepared statement's text, `node` on the fallback. */
  | { changed: true; version: number; body: string; builtBy: "database" | "node" }
  | { changed: false; version: number };

/**
 * The itinerary of `tripId` as the JSON text `JSON.stringify(getItinerary(…))` would give
 * (viewer or above), or only its version when `seen` names it (the route answers 304).
 * Data: one prepared statement (the trip, the caller's role, the body built by Postgres);
 * a trip whose `jsonb` may hold a number Postgres prints differently from JavaScript is
 * read with {@link getItinerary} instead.
 * @param seen trip versions the client holds (from `If-None-Match`); empty for a plain GET
 * @throws ApiError NOT_FOUND when the trip is missing or not visible to the user
 */
export async function readItineraryJson(
  db: Db,
  userId: string,
  tripId: string,
  seen: readonly number[] = [],
): Promise<ItineraryJson> {
  let stmt = prepared.get(db);
  if (!stmt) {
    stmt = prepareRead(db);
    prepared.set(db, stmt);
  }
  const [row] = await stmt.execute({ userId, tripId, seen: seen.join(",") });
  if (!row?.role) throw notFound("Trip");
  if (row.body === null) return { changed: false, version: row.version };
  if (!row.inexact) return { changed: true, version: row.version, body: row.body, builtBy: "database" };
  const it = await getItinerary(db, userId, tripId);
  return { changed: true, version: it.version, body: JSON.stringify(it), builtBy: "node" };
}
