/**
 * Sanity checks of the hand-written travel reference data: code formats and uniqueness,
 * coordinate ranges, IANA zones, cross-references between airlines, metro codes and airports,
 * a few known facts, the look-up helpers, and that every suggestion destination has an airport
 * within reach.
 */
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "@/lib/domain/suggestions/catalogue";
import { AIRLINES, findAirline } from "./airlines";
import { AIRPORTS, airportsForCity, CITY_ALIASES, findAirport, METRO_CODES, METRO_NAMES } from "./airports";

/** Great-circle distance in km (haversine, mean Earth radius). */
function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

const codes = (list: readonly { iata: string }[]) => list.map((a) => a.iata).sort();

/** Catalogue destinations with no commercial airport within 300 km, and why. */
const NO_AIRPORT_NEARBY: Readonly<Record<string, string>> = {
  "Antarctic Peninsula":
    "no commercial airport in Antarctica; expeditions sail from Ushuaia (USH), ~1,000 km away",
};

describe("airports", () => {
  it("has at least 150 airports on every continent except Antarctica", () => {
    expect(AIRPORTS.length).toBeGreaterThanOrEqual(150);
    const inBox = (latMin: number, latMax: number, lonMin: number, lonMax: number) =>
      AIRPORTS.some(
        (a) => a.latitude >= latMin && a.latitude <= latMax && a.longitude >= lonMin && a.longitude <= lonMax,
      );
    expect(inBox(35, 72, -25, 40), "Europe").toBe(true);
    expect(inBox(-35, 37, -18, 52), "Africa").toBe(true);
    expect(inBox(0, 60, 60, 150), "Asia").toBe(true);
    expect(inBox(15, 72, -170, -50), "North America").toBe(true);
    expect(inBox(-56, 12, -82, -34), "South America").toBe(true);
    expect(inBox(-48, -10, 110, 180), "Oceania").toBe(true);
  });

  it("has well-formed, unique IATA and ICAO codes", () => {
    for (const a of AIRPORTS) {
      expect(a.iata, a.name).toMatch(/^[A-Z]{3}$/);
      expect(a.icao, a.name).toMatch(/^[A-Z]{4}$/);
    }
    expect(duplicates(AIRPORTS.map((a) => a.iata))).toEqual([]);
    expect(duplicates(AIRPORTS.map((a) => a.icao))).toEqual([]);
  });

  it("has plausible names, places and coordinates", () => {
    for (const a of AIRPORTS) {
      expect(a.name.trim(), a.iata).not.toBe("");
      expect(a.city.trim(), a.iata).not.toBe("");
      expect(a.country_code, a.iata).toMatch(/^[A-Z]{2}$/);
      expect(a.country, `${a.iata} country name`).not.toBe(a.country_code);
      expect(Math.abs(a.latitude), a.iata).toBeLessThanOrEqual(90);
      expect(Math.abs(a.longitude), a.iata).toBeLessThanOrEqual(180);
      expect(Number(a.latitude.toFixed(4)), a.iata).toBe(a.latitude);
      expect(Number(a.longitude.toFixed(4)), a.iata).toBe(a.longitude);
    }
  });

  it("uses valid IANA time zones", () => {
    for (const a of AIRPORTS) {
      expect(
        () => new Intl.DateTimeFormat("en", { timeZone: a.time_zone }),
        `${a.iata} ${a.time_zone}`,
      ).not.toThrow();
      expect(a.time_zone, a.iata).toMatch(/^[A-Z][A-Za-z_]+\/[A-Za-z_/-]+$/);
    }
  });

  it("lists at least one distinct, non-empty terminal per airport", () => {
    for (const a of AIRPORTS) {
      expect(a.terminals.length, a.iata).toBeGreaterThan(0);
      expect(duplicates(a.terminals), a.iata).toEqual([]);
      for (const t of a.terminals) expect(t.trim(), a.iata).not.toBe("");
    }
  });

  it("matches known facts", () => {
    const nrt = findAirport("NRT");
    expect(nrt?.icao).toBe("RJAA");
    expect(nrt?.time_zone).toBe("Asia/Tokyo");
    expect(Math.abs((nrt?.latitude ?? 0) - 35.76)).toBeLessThan(0.05);
    expect(Math.abs((nrt?.longitude ?? 0) - 140.39)).toBeLessThan(0.05);
    expect(findAirport("JFK")?.time_zone).toBe("America/New_York");
    expect(findAirport("LHR")?.terminals).toContain("5");
    expect(findAirport("LHR")?.icao).toBe("EGLL");
    expect(findAirport("CDG")?.terminals).toContain("2E");
    expect(findAirport("SYD")?.time_zone).toBe("Australia/Sydney");
    expect(findAirport("HNL")?.time_zone).toBe("Pacific/Honolulu");
    expect(findAirport("GRU")?.country).toBe("Brazil");
    // Haneda is south of Narita and closer to central Tokyo.
    expect(
      distanceKm(findAirport("HND") ?? { latitude: 0, longitude: 0 }, {
        latitude: 35.6762,
        longitude: 139.6503,
      }),
    ).toBeLessThan(25);
  });

  it("finds airports by code case-insensitively", () => {
    expect(findAirport("nrt")?.iata).toBe("NRT");
    expect(findAirport(" hnd ")?.iata).toBe("HND");
    expect(findAirport("XXX")).toBeUndefined();
    expect(findAirport("")).toBeUndefined();
  });

  it("only references existing airports from metro codes and aliases", () => {
    for (const [metro, members] of Object.entries(METRO_CODES)) {
      expect(metro).toMatch(/^[A-Z]{3}$/);
      expect(members.length, metro).toBeGreaterThan(0);
      expect(METRO_NAMES[metro], `${metro} has a name`).toBeDefined();
      for (const iata of members) expect(findAirport(iata), `${metro} → ${iata}`).toBeDefined();
    }
    expect(Object.keys(METRO_NAMES).sort()).toEqual(Object.keys(METRO_CODES).sort());
    for (const [alias, members] of Object.entries(CITY_ALIASES)) {
      for (const iata of members) expect(findAirport(iata), `${alias} → ${iata}`).toBeDefined();
    }
  });

  it("has the required metro codes", () => {
    expect(METRO_CODES.TYO).toEqual(["HND", "NRT"]);
    expect([...(METRO_CODES.NYC ?? [])].sort()).toEqual(["EWR", "JFK", "LGA"]);
    expect([...(METRO_CODES.LON ?? [])].sort()).toEqual(["LCY", "LGW", "LHR", "LTN", "STN"]);
    expect([...(METRO_CODES.PAR ?? [])].sort()).toEqual(["CDG", "ORY"]);
    for (const m of [
      "MIL",
      "ROM",
      "OSA",
      "SEL",
      "BJS",
      "SAO",
      "CHI",
      "WAS",
      "MOW",
      "STO",
      "BUE",
      "RIO",
      "YTO",
      "JKT",
      "BKK",
    ]) {
      expect(METRO_CODES[m], m).toBeDefined();
    }
  });
});

describe("airportsForCity", () => {
  it("matches city names, case- and accent-insensitively", () => {
    expect(codes(airportsForCity("Tokyo"))).toEqual(["HND", "NRT"]);
    expect(codes(airportsForCity("tokyo"))).toEqual(["HND", "NRT"]);
    expect(codes(airportsForCity("  TOKYO "))).toEqual(["HND", "NRT"]);
    expect(codes(airportsForCity("Quebec City"))).toEqual(["YQB"]);
    expect(codes(airportsForCity("Québec City"))).toEqual(["YQB"]);
    expect(codes(airportsForCity("Tromso"))).toEqual(["TOS"]);
    expect(codes(airportsForCity("Sao Paulo"))).toEqual(["CGH", "GRU", "VCP"]);
  });

  it("includes every metro airport for a metro city", () => {
    const ny = codes(airportsForCity("new york"));
    expect(ny).toContain("JFK");
    expect(ny).toEqual(["EWR", "JFK", "LGA"]);
    expect(codes(airportsForCity("Milan"))).toEqual(["BGY", "LIN", "MXP"]);
    expect(codes(airportsForCity("Washington, D.C."))).toEqual(["BWI", "DCA", "IAD"]);
  });

  it("compares city and country for 'City, Country'", () => {
    const tokyo = codes(airportsForCity("Tokyo, Japan"));
    expect(tokyo).toContain("HND");
    expect(tokyo).toContain("NRT");
    expect(codes(airportsForCity("Tokyo, JP"))).toEqual(["HND", "NRT"]);
    expect(airportsForCity("Tokyo, France")).toEqual([]);
    expect(codes(airportsForCity("London, United Kingdom"))).toHaveLength(5);
    expect(codes(airportsForCity("London, UK"))).toHaveLength(5);
    expect(codes(airportsForCity("New York, USA"))).toEqual(["EWR", "JFK", "LGA"]);
    expect(codes(airportsForCity("Reykjavík, Iceland"))).toEqual(["KEF", "RKV"]);
    expect(codes(airportsForCity("Québec City, QC, Canada"))).toEqual(["YQB"]);
  });

  it("accepts metro and airport codes", () => {
    expect(codes(airportsForCity("TYO"))).toEqual(["HND", "NRT"]);
    expect(codes(airportsForCity("nyc"))).toEqual(["EWR", "JFK", "LGA"]);
    expect(codes(airportsForCity("PAR"))).toEqual(["CDG", "ORY"]);
    expect(codes(airportsForCity("BKK"))).toEqual(["BKK", "DMK"]);
    expect(codes(airportsForCity("nrt"))).toEqual(["NRT"]);
  });

  it("accepts aliases and returns [] for unknown places", () => {
    expect(codes(airportsForCity("Bali"))).toEqual(["DPS"]);
    expect(codes(airportsForCity("Zanzibar City, Tanzania"))).toEqual(["ZNZ"]);
    expect(airportsForCity("Atlantis")).toEqual([]);
    expect(airportsForCity("")).toEqual([]);
  });

  it("finds every airport by its own city and country", () => {
    for (const a of AIRPORTS) {
      expect(codes(airportsForCity(`${a.city}, ${a.country}`)), a.iata).toContain(a.iata);
    }
  });
});

describe("suggestion destinations", () => {
  it("have a commercial airport within 300 km, bar the listed exceptions", () => {
    const far: string[] = [];
    for (const d of CATALOGUE) {
      const nearest = Math.min(...AIRPORTS.map((a) => distanceKm(d.coordinates, a)));
      if (nearest > 300 && !(d.city in NO_AIRPORT_NEARBY))
        far.push(`${d.city}, ${d.country}: ${Math.round(nearest)} km`);
    }
    expect(far).toEqual([]);
  });

  it("lists only genuine exceptions", () => {
    for (const city of Object.keys(NO_AIRPORT_NEARBY)) {
      const d = CATALOGUE.find((x) => x.city === city);
      expect(d, city).toBeDefined();
      if (!d) continue;
      const nearest = Math.min(...AIRPORTS.map((a) => distanceKm(d.coordinates, a)));
      expect(nearest, city).toBeGreaterThan(300);
    }
  });
});

describe("airlines", () => {
  it("has at least 45 airlines with well-formed, unique codes", () => {
    expect(AIRLINES.length).toBeGreaterThanOrEqual(45);
    for (const a of AIRLINES) {
      expect(a.iata, a.name).toMatch(/^[A-Z0-9]{2}$/);
      expect(a.country_code, a.name).toMatch(/^[A-Z]{2}$/);
      expect(a.name.trim(), a.iata).not.toBe("");
      expect(a.legal_name.trim(), a.iata).not.toBe("");
    }
    expect(duplicates(AIRLINES.map((a) => a.iata))).toEqual([]);
  });

  it("has hubs that exist in AIRPORTS and sensible fleets", () => {
    for (const a of AIRLINES) {
      expect(a.hubs.length, a.iata).toBeGreaterThan(0);
      expect(duplicates(a.hubs), a.iata).toEqual([]);
      for (const hub of a.hubs) expect(findAirport(hub), `${a.iata} hub ${hub}`).toBeDefined();
      expect(a.long_haul_aircraft.length + a.short_haul_aircraft.length, a.iata).toBeGreaterThan(0);
      const both = a.long_haul_aircraft.filter((t) => a.short_haul_aircraft.includes(t));
      expect(both, `${a.iata} lists a type as both long- and short-haul`).toEqual([]);
      expect([null, "Star Alliance", "oneworld", "SkyTeam"]).toContain(a.alliance);
    }
  });

  it("includes the big carriers of every region", () => {
    const required = [
      "NH",
      "JL",
      "UA",
      "DL",
      "AA",
      "LH",
      "BA",
      "AF",
      "KL",
      "EK",
      "QR",
      "SQ",
      "CX",
      "QF",
      "AC",
      "TK",
      "LA",
      "AV",
      "ET",
      "KQ",
      "SA",
      "MS",
      "AI",
      "KE",
      "OZ",
      "TG",
      "VN",
      "GA",
      "NZ",
      "IB",
      "LX",
      "OS",
      "SK",
      "AY",
      "TP",
      "AM",
      "CM",
      "EY",
      "AT",
      "FR",
      "U2",
      "WN",
      "B6",
      "AK",
      "6E",
      "VS",
      "AZ",
    ];
    for (const code of required) expect(findAirline(code), code).toBeDefined();
  });

  it("finds airlines by code, brand, legal name or alias", () => {
    expect(findAirline("ANA")?.iata).toBe("NH");
    expect(findAirline("NH")?.iata).toBe("NH");
    expect(findAirline("nh")?.iata).toBe("NH");
    expect(findAirline("All Nippon Airways")?.iata).toBe("NH");
    expect(findAirline("JAL")?.iata).toBe("JL");
    expect(findAirline("JL")?.iata).toBe("JL");
    expect(findAirline("Japan Airlines")?.iata).toBe("JL");
    expect(findAirline("japan airlines co., ltd.")?.iata).toBe("JL");
    expect(findAirline("Aeromexico")?.iata).toBe("AM");
    expect(findAirline("Deutsche Lufthansa AG")?.iata).toBe("LH");
    expect(findAirline("6E")?.name).toBe("IndiGo");
    expect(findAirline("Nonexistent Air")).toBeUndefined();
  });

  it("resolves every brand and legal name to its own airline", () => {
    for (const a of AIRLINES) {
      expect(findAirline(a.name)?.iata, a.name).toBe(a.iata);
      expect(findAirline(a.legal_name)?.iata, a.legal_name).toBe(a.iata);
    }
  });

  it("knows a few alliance facts", () => {
    expect(findAirline("NH")?.alliance).toBe("Star Alliance");
    expect(findAirline("JL")?.alliance).toBe("oneworld");
    expect(findAirline("DL")?.alliance).toBe("SkyTeam");
    expect(findAirline("EK")?.alliance).toBeNull();
    expect(findAirline("FR")?.low_cost).toBe(true);
    expect(findAirline("EK")?.long_haul_aircraft).toContain("Airbus A380-800");
  });
});
