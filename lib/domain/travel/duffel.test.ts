/**
 * The Duffel provider against a local HTTP server that plays Duffel at its network boundary:
 * the request it sends (method, path, headers, body), the mapping of a Duffel-shaped answer
 * (Duffel API reference v2 "Offers" schema) onto our FlightOffer, and how each failure
 * surfaces. Also: `flightProvider()` picks Duffel when `DUFFEL_ACCESS_TOKEN` is set, and the
 * health/config endpoints report it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/platform/errors";
import { type Airport, findAirport } from "./airports";
import { type DuffelOffer, duffelFlights, mapDuffelOffer, probeDuffel } from "./duffel";

const TOKEN = "duffel_test_s3cr3t-T0KEN-value";
const JFK = findAirport("JFK") as Airport;
const NRT = findAirport("NRT") as Airport;

// ---- a Duffel stand-in ---------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

type Handler = (req: Seen, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: Seen[] = [];

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const p of req) parts.push(p as Buffer);
    const text = Buffer.concat(parts).toString("utf8");
    const s: Seen = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: text ? JSON.parse(text) : null,
    };
    seen.push(s);
    handler(s, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

afterEach(() => {
  seen.length = 0;
  server.closeAllConnections();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

// ---- a realistic Duffel answer: JFK ⇄ NRT, 2 adults, economy, round trip ---------------------

const place = (iata: string, time_zone: string | null, name: string) => ({
  type: "airport",
  iata_code: iata,
  time_zone,
  name,
  id: `arp_${iata.toLowerCase()}`,
});
const AIRPORT = {
  JFK: place("JFK", "America/New_York", "John F. Kennedy International Airport"),
  NRT: place("NRT", "Asia/Tokyo", "Narita International Airport"),
  ORD: place("ORD", "America/Chicago", "O'Hare International Airport"),
  SFO: place("SFO", "America/Los_Angeles", "San Francisco International Airport"),
};
const ANA = { name: "All Nippon Airways", iata_code: "NH", id: "arl_00009VME7DAGiJjwomhv32" };
const UNITED = { name: "United Airlines", iata_code: "UA", id: "arl_00009VME7DDoV8ZkzmMkaN" };

function pax(checked: number, carryOn: number) {
  return ["pas_0000A1", "pas_0000A2"].map((passenger_id) => ({
    passenger_id,
    cabin_class: "economy",
    cabin_class_marketing_name: "Economy",
    fare_basis_code: "VLX00RNC",
    baggages: [
      { type: "checked", quantity: checked },
      { type: "carry_on", quantity: carryOn },
    ],
  }));
}

function segment(
  carrier: typeof ANA,
  number: string,
  from: keyof typeof AIRPORT,
  fromTerminal: string | null,
  departing: string,
  to: keyof typeof AIRPORT,
  toTerminal: string | null,
  arriving: string,
  duration: string | null,
  aircraft: string,
  bags: [checked: number, carryOn: number],
) {
  return {
    id: `seg_${number}`,
    origin: AIRPORT[from],
    destination: AIRPORT[to],
    origin_terminal: fromTerminal,
    destination_terminal: toTerminal,
    departing_at: departing,
    arriving_at: arriving,
    duration,
    distance: null,
    marketing_carrier: carrier,
    marketing_carrier_flight_number: number,
    operating_carrier: carrier,
    operating_carrier_flight_number: number,
    aircraft: { name: aircraft, iata_code: "789", id: "arc_00009VMF8AhXSSRnQDI6Hi" },
    stops: [],
    passengers: pax(...bags),
  };
}

/** Non-stop both ways on ANA, 2 checked bags each, changeable for 200 USD, not refundable. */
const NONSTOP = {
  id: "off_0000AuNonstopANA",
  live_mode: false,
  total_amount: "2560.40",
  total_currency: "USD",
  base_amount: "2200.00",
  base_currency: "USD",
  tax_amount: "360.40",
  tax_currency: "USD",
  total_emissions_kg: "1820",
  created_at: "2025-03-20T10:12:14.545123Z",
  updated_at: "2025-03-20T10:12:14.545123Z",
  expires_at: "2025-03-20T10:42:14.545123Z",
  owner: ANA,
  partial: false,
  passengers: [
    { id: "pas_0000A1", type: "adult", age: null },
    { id: "pas_0000A2", type: "adult", age: null },
  ],
  payment_requirements: {
    requires_instant_payment: false,
    price_guarantee_expires_at: "2025-03-22T10:12:14Z",
    payment_required_by: "2025-03-25T23:59:59Z",
  },
  conditions: {
    refund_before_departure: { allowed: false, penalty_amount: null, penalty_currency: null },
    change_before_departure: { allowed: true, penalty_amount: "200.00", penalty_currency: "USD" },
  },
  slices: [
    {
      id: "sli_out_nh",
      origin: AIRPORT.JFK,
      destination: AIRPORT.NRT,
      duration: "PT14H15M",
      fare_brand_name: "Economy Value",
      segments: [
        segment(
          ANA,
          "0009",
          "JFK",
          "7",
          "2025-04-01T11:25:00",
          "NRT",
          "1",
          "2025-04-02T14:40:00",
          "PT14H15M",
          "Boeing 787-9",
          [2, 1],
        ),
      ],
    },
    {
      id: "sli_back_nh",
      origin: AIRPORT.NRT,
      destination: AIRPORT.JFK,
      duration: "PT12H30M",
      fare_brand_name: "Economy Value",
      segments: [
        segment(
          ANA,
          "0010",
          "NRT",
          "1",
          "2025-04-08T11:00:00",
          "JFK",
          "7",
          "2025-04-08T10:30:00",
          "PT12H30M",
          "Boeing 777-300ER",
          [2, 1],
        ),
      ],
    },
  ],
};

/**
 * One stop each way on United (via ORD out, SFO back), no checked bag, refundable for a
 * 150 USD penalty, free changes, instant payment (no `payment_required_by`), outbound slice
 * duration null (computed from the times) and a zero-padded Duffel duration ("PT02H45M").
 */
const ONESTOP = {
  ...NONSTOP,
  id: "off_0000AuOnestopUA",
  total_amount: "1890.00",
  base_amount: "1650.00",
  tax_amount: "240.00",
  owner: UNITED,
  payment_requirements: {
    requires_instant_payment: true,
    price_guarantee_expires_at: null,
    payment_required_by: null,
  },
  conditions: {
    refund_before_departure: { allowed: true, penalty_amount: "150.00", penalty_currency: "USD" },
    change_before_departure: { allowed: true, penalty_amount: "0.00", penalty_currency: "USD" },
  },
  slices: [
    {
      id: "sli_out_ua",
      origin: AIRPORT.JFK,
      destination: AIRPORT.NRT,
      duration: null,
      fare_brand_name: "Basic Economy",
      segments: [
        segment(
          UNITED,
          "1234",
          "JFK",
          "7",
          "2025-04-01T07:00:00",
          "ORD",
          "1",
          "2025-04-01T08:45:00",
          "PT02H45M",
          "Airbus A319",
          [0, 1],
        ),
        segment(
          UNITED,
          "0881",
          "ORD",
          "5",
          "2025-04-01T11:10:00",
          "NRT",
          "1",
          "2025-04-02T14:40:00",
          "PT13H30M",
          "Boeing 787-10",
          [0, 1],
        ),
      ],
    },
    {
      id: "sli_back_ua",
      origin: AIRPORT.NRT,
      destination: AIRPORT.JFK,
      duration: "PT17H5M",
      fare_brand_name: "Basic Economy",
      segments: [
        segment(
          UNITED,
          "0838",
          "NRT",
          "1",
          "2025-04-08T17:00:00",
          "SFO",
          "I",
          "2025-04-08T10:05:00",
          "PT9H5M",
          "Boeing 777-300ER",
          [0, 1],
        ),
        segment(
          UNITED,
          "0511",
          "SFO",
          "3",
          "2025-04-08T12:30:00",
          "JFK",
          null,
          "2025-04-08T21:05:00",
          "PT5H35M",
          "Boeing 757-200",
          [0, 1],
        ),
      ],
    },
  ],
};

const ROUND_TRIP = {
  departure_date: "2025-04-01",
  return_date: "2025-04-08",
  passengers: 2,
  cabin_class: "economy" as const,
  max_stops: 1,
};

function offerRequestAnswer(offers: unknown[]) {
  return {
    data: {
      id: "orq_0000AuTest",
      live_mode: false,
      cabin_class: "economy",
      created_at: "2025-03-20T10:12:14.545123Z",
      passengers: [
        { id: "pas_0000A1", type: "adult", age: null },
        { id: "pas_0000A2", type: "adult", age: null },
      ],
      slices: [],
      offers,
    },
  };
}

const NOW = new Date("2025-03-20T10:12:00Z");

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

// ---- tests ---------------------------------------------------------------------------------

describe("duffelFlights: the offer request", () => {
  it("POSTs one offer request with Duffel's headers, bearer token, slices, passengers and cabin", async () => {
    handler = (_req, res) => reply(res, 201, offerRequestAnswer([]), { "x-request-id": "FhZ_req_1" });
    const provider = duffelFlights({ token: TOKEN, baseUrl: `${base}/` });
    expect(provider.name).toBe("duffel");
    expect(await provider.search(JFK, NRT, ROUND_TRIP, NOW)).toEqual([]);

    expect(seen).toHaveLength(1);
    const [r] = seen as [Seen];
    expect(r.method).toBe("POST");
    const url = new URL(r.url, base);
    expect(url.pathname).toBe("/air/offer_requests");
    expect(url.searchParams.get("return_offers")).toBe("true");
    // Duffel stops waiting for airlines 3 s before our 15 s timeout.
    expect(url.searchParams.get("supplier_timeout")).toBe("12000");
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers["duffel-version"]).toBe("v2");
    expect(r.headers.accept).toBe("application/json");
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.body).toEqual({
      data: {
        slices: [
          { origin: "JFK", destination: "NRT", departure_date: "2025-04-01" },
          { origin: "NRT", destination: "JFK", departure_date: "2025-04-08" },
        ],
        passengers: [{ type: "adult" }, { type: "adult" }],
        cabin_class: "economy",
        max_connections: 1,
      },
    });
  });

  it("sends one slice for a one-way search and max_connections 0 for non-stop only", async () => {
    handler = (_req, res) => reply(res, 201, offerRequestAnswer([]));
    await duffelFlights({ token: TOKEN, baseUrl: base }).search(
      JFK,
      NRT,
      { departure_date: "2025-04-01", passengers: 1, cabin_class: "business", max_stops: 0 },
      NOW,
    );
    expect((seen[0] as Seen).body).toEqual({
      data: {
        slices: [{ origin: "JFK", destination: "NRT", departure_date: "2025-04-01" }],
        passengers: [{ type: "adult" }],
        cabin_class: "business",
        max_connections: 0,
      },
    });
  });
});

describe("duffelFlights: mapping Duffel offers", () => {
  it("maps a non-stop and a one-stop round trip field by field, cheapest first", async () => {
    handler = (_req, res) => reply(res, 201, offerRequestAnswer([NONSTOP, ONESTOP]));
    const offers = await duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW);
    expect(offers).toHaveLength(2);
    const [onestop, nonstop] = offers;

    expect(nonstop).toEqual({
      airline: "All Nippon Airways",
      airline_code: "NH",
      price: {
        total: 2560.4,
        currency: "USD",
        breakdown: { base_fare: 2200, taxes: 360.4 },
        per_passenger: 1280.2,
      },
      outbound: {
        departure: { airport: "JFK", terminal: "7", time: "2025-04-01T11:25:00-04:00" },
        arrival: { airport: "NRT", terminal: "1", time: "2025-04-02T14:40:00+09:00" },
        duration: "PT14H15M",
        stops: 0,
        aircraft: "Boeing 787-9",
        legs: [
          {
            flight_number: "NH9",
            departure: { airport: "JFK", terminal: "7", time: "2025-04-01T11:25:00-04:00" },
            arrival: { airport: "NRT", terminal: "1", time: "2025-04-02T14:40:00+09:00" },
            duration: "PT14H15M",
            aircraft: "Boeing 787-9",
          },
        ],
      },
      return: {
        departure: { airport: "NRT", terminal: "1", time: "2025-04-08T11:00:00+09:00" },
        arrival: { airport: "JFK", terminal: "7", time: "2025-04-08T10:30:00-04:00" },
        duration: "PT12H30M",
        stops: 0,
        aircraft: "Boeing 777-300ER",
        legs: [
          {
            flight_number: "NH10",
            departure: { airport: "NRT", terminal: "1", time: "2025-04-08T11:00:00+09:00" },
            arrival: { airport: "JFK", terminal: "7", time: "2025-04-08T10:30:00-04:00" },
            duration: "PT12H30M",
            aircraft: "Boeing 777-300ER",
          },
        ],
      },
      baggage: { carry_on: "1 piece", checked: "2 pieces included" },
      refundable: false,
      changeable: true,
      change_fee: 200,
      booking_deadline: "2025-03-25T23:59:59Z",
      cabin_class: "economy",
      passengers: 2,
      expires_at: "2025-03-20T10:42:14.545Z",
    });

    expect(onestop).toEqual({
      airline: "United Airlines",
      airline_code: "UA",
      price: { total: 1890, currency: "USD", breakdown: { base_fare: 1650, taxes: 240 }, per_passenger: 945 },
      outbound: {
        departure: { airport: "JFK", terminal: "7", time: "2025-04-01T07:00:00-04:00" },
        arrival: { airport: "NRT", terminal: "1", time: "2025-04-02T14:40:00+09:00" },
        // Slice duration null: 11:00Z → 05:40Z next day.
        duration: "PT18H40M",
        stops: 1,
        aircraft: "Boeing 787-10",
        legs: [
          {
            flight_number: "UA1234",
            departure: { airport: "JFK", terminal: "7", time: "2025-04-01T07:00:00-04:00" },
            arrival: { airport: "ORD", terminal: "1", time: "2025-04-01T08:45:00-05:00" },
            duration: "PT2H45M",
            aircraft: "Airbus A319",
          },
          {
            flight_number: "UA881",
            departure: { airport: "ORD", terminal: "5", time: "2025-04-01T11:10:00-05:00" },
            arrival: { airport: "NRT", terminal: "1", time: "2025-04-02T14:40:00+09:00" },
            duration: "PT13H30M",
            aircraft: "Boeing 787-10",
          },
        ],
      },
      return: {
        departure: { airport: "NRT", terminal: "1", time: "2025-04-08T17:00:00+09:00" },
        arrival: { airport: "JFK", terminal: null, time: "2025-04-08T21:05:00-04:00" },
        duration: "PT17H5M",
        stops: 1,
        aircraft: "Boeing 777-300ER",
        legs: [
          {
            flight_number: "UA838",
            departure: { airport: "NRT", terminal: "1", time: "2025-04-08T17:00:00+09:00" },
            arrival: { airport: "SFO", terminal: "I", time: "2025-04-08T10:05:00-07:00" },
            duration: "PT9H5M",
            aircraft: "Boeing 777-300ER",
          },
          {
            flight_number: "UA511",
            departure: { airport: "SFO", terminal: "3", time: "2025-04-08T12:30:00-07:00" },
            arrival: { airport: "JFK", terminal: null, time: "2025-04-08T21:05:00-04:00" },
            duration: "PT5H35M",
            aircraft: "Boeing 757-200",
          },
        ],
      },
      baggage: { carry_on: "1 piece", checked: "Not included" },
      refundable: true,
      changeable: true,
      change_fee: 0,
      // No payment_required_by (instant payment): the offer's expiry.
      booking_deadline: "2025-03-20T10:42:14Z",
      cabin_class: "economy",
      passengers: 2,
      expires_at: "2025-03-20T10:42:14.545Z",
    });

    // Local times and durations agree: departure + duration = arrival, in absolute time.
    for (const o of offers) {
      for (const j of [o.outbound, o.return]) {
        for (const leg of j?.legs ?? []) {
          const minutes = (Date.parse(leg.arrival.time) - Date.parse(leg.departure.time)) / 60_000;
          const [, h, m] = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(leg.duration) ?? [];
          expect(Number(h ?? 0) * 60 + Number(m ?? 0), leg.flight_number).toBe(minutes);
        }
      }
    }
  });

  it("keeps the cheapest maxOffers offers", async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      ...NONSTOP,
      id: `off_${i}`,
      total_amount: String(3000 - i * 100),
      base_amount: String(2500 - i * 100),
      tax_amount: "500.00",
    }));
    handler = (_req, res) => reply(res, 201, offerRequestAnswer(many));
    const offers = await duffelFlights({ token: TOKEN, baseUrl: base, maxOffers: 3 }).search(
      JFK,
      NRT,
      ROUND_TRIP,
      NOW,
    );
    expect(offers.map((o) => o.price.total)).toEqual([2400, 2500, 2600]);
  });

  it("keeps Duffel's currency, and handles missing or foreign-currency amounts", () => {
    const eur = {
      ...ONESTOP,
      total_currency: "EUR",
      total_amount: "1750.20",
      base_currency: "EUR",
      base_amount: "1500.00",
      tax_amount: null,
      tax_currency: null,
      conditions: {
        refund_before_departure: null,
        // Penalty in another currency than the offer's: unknown in EUR.
        change_before_departure: { allowed: true, penalty_amount: "100.00", penalty_currency: "GBP" },
      },
    } as unknown as DuffelOffer;
    const m = mapDuffelOffer(eur, ROUND_TRIP);
    expect(m?.price).toEqual({
      total: 1750.2,
      currency: "EUR",
      breakdown: { base_fare: 1500, taxes: 250.2 },
      per_passenger: 875.1,
    });
    expect(m).toMatchObject({ refundable: false, changeable: true, change_fee: null });

    const locked = {
      ...NONSTOP,
      conditions: {
        refund_before_departure: { allowed: false, penalty_amount: null, penalty_currency: null },
        change_before_departure: { allowed: false, penalty_amount: null, penalty_currency: null },
      },
    } as unknown as DuffelOffer;
    expect(mapDuffelOffer(locked, ROUND_TRIP)).toMatchObject({ changeable: false, change_fee: null });
  });

  it("falls back to our airport table when Duffel has no time zone, and skips unusable offers", () => {
    const noZone = structuredClone(NONSTOP) as unknown as DuffelOffer;
    const seg = noZone.slices[0]?.segments[0];
    if (!seg) throw new Error("fixture");
    seg.origin.time_zone = null;
    seg.aircraft = null;
    const m = mapDuffelOffer(noZone, ROUND_TRIP);
    expect(m?.outbound.departure.time).toBe("2025-04-01T11:25:00-04:00");
    expect(m?.outbound.aircraft).toBe("Unknown aircraft");

    // A one-way offer when a round trip was asked for, and an offer without a price.
    const oneWay = { ...NONSTOP, slices: [NONSTOP.slices[0]] } as unknown as DuffelOffer;
    expect(mapDuffelOffer(oneWay, ROUND_TRIP)).toBeNull();
    expect(mapDuffelOffer({ ...NONSTOP, total_amount: "" } as unknown as DuffelOffer, ROUND_TRIP)).toBeNull();
  });

  it("skips unreadable offers in an answer instead of failing the search", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    handler = (_req, res) => reply(res, 201, offerRequestAnswer([{ id: "off_broken" }, NONSTOP]));
    const offers = await duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW);
    expect(offers.map((o) => o.airline_code)).toEqual(["NH"]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("skipped 1 unreadable offers"));
  });
});

describe("duffelFlights: failures", () => {
  it("401: SERVICE_UNAVAILABLE naming a rejected token, never the token itself", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    handler = (_req, res) =>
      reply(
        res,
        401,
        {
          errors: [
            {
              type: "authentication_error",
              code: "invalid_authorization_header",
              title: "Invalid authorization header",
              message: "The Authorization header is invalid.",
            },
          ],
          meta: { status: 401, request_id: "FhZ_body_id" },
        },
        { "x-request-id": "FhZ_req_401" },
      );
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.status).toBe(503);
    expect(err.message).toMatch(/access token/);
    expect(err.details).toMatchObject({
      provider: "duffel",
      upstream_status: 401,
      request_id: "FhZ_req_401",
    });
    const everything = JSON.stringify({ message: err.message, details: err.details, logs: log.mock.calls });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain("s3cr3t");
    // The request id is logged for Duffel support.
    expect(log.mock.calls.flat().join(" ")).toContain("FhZ_req_401");
  });

  it("403 is a rejected token too", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    handler = (_req, res) => reply(res, 403, { errors: [{ code: "insufficient_permissions" }] });
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.message).toMatch(/access token/);
  });

  it("500: SERVICE_UNAVAILABLE", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    handler = (_req, res) =>
      reply(
        res,
        500,
        {
          errors: [{ code: "internal_server_error", message: "Something went wrong" }],
          meta: { status: 500 },
        },
        { "x-request-id": "FhZ_req_500" },
      );
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.message).toContain("HTTP 500");
    expect(log.mock.calls.flat().join(" ")).toContain("FhZ_req_500");
  });

  it("429: SERVICE_UNAVAILABLE with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    handler = (_req, res) =>
      reply(res, 429, { errors: [{ code: "rate_limit_exceeded" }] }, { "retry-after": "7" });
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.retryAfter).toBe(7);
  });

  it("a server that never answers: SERVICE_UNAVAILABLE after the timeout", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    handler = () => {}; // never answers
    const started = Date.now();
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: base, timeoutMs: 300 }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.message).toMatch(/did not answer/);
    expect(err.details).toMatchObject({ reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Too short for a supplier_timeout (Duffel's minimum is 2 s): none is sent.
    expect(new URL((seen[0] as Seen).url, base).searchParams.has("supplier_timeout")).toBe(false);
  });

  it("a body that stops half-way: SERVICE_UNAVAILABLE after the timeout", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    handler = (_req, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      res.write('{"data":{"offers":[');
    };
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: base, timeoutMs: 300 }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.details).toMatchObject({ reason: "timeout" });
  });

  it("an unreachable host: SERVICE_UNAVAILABLE", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await failure(
      duffelFlights({ token: TOKEN, baseUrl: `http://127.0.0.1:${port}` }).search(JFK, NRT, ROUND_TRIP, NOW),
    );
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.details).toMatchObject({ reason: "unreachable" });
  });

  it("422 (an airport Duffel does not know): no offers for the pair", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    handler = (_req, res) =>
      reply(
        res,
        422,
        {
          errors: [
            {
              type: "validation_error",
              code: "airport_not_found",
              title: "Airport not found",
              message: "The airport XXQ was not found",
              source: { field: "slices.0.destination", pointer: "/slices/0/destination" },
            },
          ],
          meta: { status: 422, request_id: "FhZ_req_422" },
        },
        {},
      );
    expect(await duffelFlights({ token: TOKEN, baseUrl: base }).search(JFK, NRT, ROUND_TRIP, NOW)).toEqual(
      [],
    );
    expect(warn.mock.calls.flat().join(" ")).toMatch(/FhZ_req_422.*airport_not_found/);
  });
});

describe("the deployment's choice and health", () => {
  const secret = "x".repeat(40);

  it("flightProvider() is Duffel at DUFFEL_BASE_URL when DUFFEL_ACCESS_TOKEN is set, else offline", async () => {
    vi.stubEnv("AUTH_SECRET", secret);
    vi.stubEnv("DUFFEL_ACCESS_TOKEN", TOKEN);
    vi.stubEnv("DUFFEL_BASE_URL", base);
    vi.resetModules(); // env() caches; a fresh module graph reads the stubbed variables
    const live = await import("./providers");
    const provider = live.flightProvider();
    expect(provider.name).toBe("duffel");
    handler = (_req, res) => reply(res, 201, offerRequestAnswer([NONSTOP]));
    const offers = await provider.search(JFK, NRT, ROUND_TRIP, NOW);
    expect(offers.map((o) => o.airline_code)).toEqual(["NH"]);
    expect((seen[0] as Seen).headers.authorization).toBe(`Bearer ${TOKEN}`);

    vi.stubEnv("DUFFEL_ACCESS_TOKEN", "");
    vi.resetModules();
    const offline = await import("./providers");
    expect(offline.flightProvider().name).toBe("offline");
  });

  it("probeDuffel asks GET /air/airlines?limit=1 and reports healthy or a rejected token", async () => {
    handler = (_req, res) => reply(res, 200, { data: [{ id: "arl_1", name: "British Airways" }], meta: {} });
    expect(await probeDuffel({ token: TOKEN, baseUrl: base })).toEqual({
      status: "healthy",
      detail: "HTTP 200",
    });
    const [r] = seen as [Seen];
    expect(r.method).toBe("GET");
    expect(r.url).toBe("/air/airlines?limit=1");
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.headers["duffel-version"]).toBe("v2");

    handler = (_req, res) => reply(res, 401, { errors: [] });
    const bad = await probeDuffel({ token: TOKEN, baseUrl: base });
    expect(bad).toEqual({ status: "unhealthy", detail: "HTTP 401 (access token rejected)" });

    handler = () => {};
    expect(await probeDuffel({ token: TOKEN, baseUrl: base, timeoutMs: 200 })).toEqual({
      status: "unhealthy",
      detail: "timeout",
    });
  });

  it("GET /api/config and /api/health/mcp report Duffel as configured and answering", async () => {
    vi.stubEnv("AUTH_SECRET", secret);
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("DUFFEL_ACCESS_TOKEN", TOKEN);
    vi.stubEnv("DUFFEL_BASE_URL", base);
    // The health check also pings the database: a throw-away one, never a data directory.
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("PGLITE_DIR", "memory://");
    vi.resetModules();
    const { configResponse, servicesHealth } = await import("@/lib/domain/config/service");
    handler = (_req, res) => reply(res, 200, { data: [], meta: {} });
    expect(configResponse().external_services.duffel).toEqual({ available: true, status: "operational" });
    const health = await servicesHealth();
    expect(health.enabled_mcps).toContain("duffel");
    expect(health.checks.duffel).toEqual({ status: "healthy", detail: "HTTP 200" });
    // Overall status: healthy only when every check is (the database's included).
    const allHealthy = Object.values(health.checks).every((c) => c.status === "healthy");
    expect(health.status).toBe(allHealthy ? "healthy" : "degraded");
    expect(JSON.stringify(health)).not.toContain(TOKEN);

    vi.stubEnv("DUFFEL_ACCESS_TOKEN", "");
    vi.resetModules();
    const off = await import("@/lib/domain/config/service");
    expect(off.configResponse().external_services.duffel).toEqual({
      available: false,
      status: "not_configured",
    });
    expect((await off.servicesHealth()).checks.duffel).toBeUndefined();
  });
});
