/**
 * Sanity checks of the hand-written destination catalogue: size, ids, ranges, vocabularies,
 * and that each `best_time_to_visit` text says exactly what `best_months` says.
 */
import { describe, expect, it } from "vitest";
import {
  CATALOGUE,
  CATEGORIES,
  CONTINENTS,
  DIFFICULTIES,
  formatBestTime,
  MONTH_NAMES,
  TAGS,
} from "./catalogue";

/** Independent reading of a best-time text back into months ("November - March" wraps). */
function parseBestTime(text: string): number[] {
  if (text === "Year-round") return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const month = (name: string) => {
    const i = (MONTH_NAMES as readonly string[]).indexOf(name.trim());
    if (i < 0) throw new Error(`unknown month ${name} in "${text}"`);
    return i + 1;
  };
  const out: number[] = [];
  for (const part of text.split(", ")) {
    const [a, b] = part.split(" - ");
    const start = month(a as string);
    const end = b === undefined ? start : month(b);
    for (let m = start; ; m = (m % 12) + 1) {
      out.push(m);
      if (m === end) break;
    }
  }
  return out.sort((x, y) => x - y);
}

describe("catalogue", () => {
  it("has at least 60 destinations covering every continent and category", () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
    for (const c of CONTINENTS)
      expect(
        CATALOGUE.some((d) => d.continent === c),
        c,
      ).toBe(true);
    for (const c of CATEGORIES) {
      expect(CATALOGUE.filter((d) => d.categories[0] === c).length, c).toBeGreaterThanOrEqual(5);
    }
  });

  it("has unique slug ids and unique titles", () => {
    const ids = CATALOGUE.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(CATALOGUE.map((d) => d.title)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map((d) => `${d.city}|${d.country}`)).size).toBe(CATALOGUE.length);
  });

  it("uses real ISO 3166-1 alpha-2 codes and valid coordinates", () => {
    const regions = new Intl.DisplayNames(["en"], { type: "region" });
    for (const d of CATALOGUE) {
      expect(d.country_code, d.id).toMatch(/^[A-Z]{2}$/);
      expect(regions.of(d.country_code), d.id).not.toBe(d.country_code);
      expect(d.coordinates.latitude, d.id).toBeGreaterThanOrEqual(-90);
      expect(d.coordinates.latitude, d.id).toBeLessThanOrEqual(90);
      expect(d.coordinates.longitude, d.id).toBeGreaterThanOrEqual(-180);
      expect(d.coordinates.longitude, d.id).toBeLessThanOrEqual(180);
      // Southern-hemisphere continents lie south of the equator and so on (rough sanity).
      if (d.continent === "Antarctica") expect(d.coordinates.latitude).toBeLessThan(-60);
      if (d.continent === "Europe") expect(d.coordinates.latitude).toBeGreaterThan(34);
      if (d.continent === "South America") expect(d.coordinates.longitude).toBeLessThan(-30);
    }
  });

  it("has best months 1-12, ascending and unique, and a matching best_time_to_visit", () => {
    for (const d of CATALOGUE) {
      expect(d.best_months.length, d.id).toBeGreaterThan(0);
      for (const m of d.best_months) {
        expect(Number.isInteger(m), d.id).toBe(true);
        expect(m, d.id).toBeGreaterThanOrEqual(1);
        expect(m, d.id).toBeLessThanOrEqual(12);
      }
      expect([...d.best_months], d.id).toEqual([...new Set(d.best_months)].sort((a, b) => a - b));
      expect(d.best_time_to_visit, d.id).toBe(formatBestTime(d.best_months));
      expect(parseBestTime(d.best_time_to_visit), d.id).toEqual([...d.best_months]);
    }
  });

  it("formats month runs, wrap-around and year-round", () => {
    expect(formatBestTime([3, 4, 5])).toBe("March - May");
    expect(formatBestTime([11, 12, 1, 2, 3])).toBe("November - March");
    expect(formatBestTime([7])).toBe("July");
    expect(formatBestTime([4, 5, 9, 10])).toBe("April - May, September - October");
    expect(formatBestTime([1, 2, 6, 7, 8, 12])).toBe("June - August, December - February");
    expect(formatBestTime([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).toBe("Year-round");
  });

  it("uses only valid categories, tags and difficulties", () => {
    for (const d of CATALOGUE) {
      expect(d.categories.length, d.id).toBeGreaterThan(0);
      expect(new Set(d.categories).size, d.id).toBe(d.categories.length);
      for (const c of d.categories) expect(CATEGORIES, d.id).toContain(c);
      expect(d.tags.length, d.id).toBeGreaterThan(0);
      expect(new Set(d.tags).size, d.id).toBe(d.tags.length);
      for (const t of d.tags) expect(TAGS, d.id).toContain(t);
      expect(DIFFICULTIES, d.id).toContain(d.difficulty);
    }
  });

  it("has 3-5 distinct non-empty highlights and a one-sentence description", () => {
    for (const d of CATALOGUE) {
      expect(d.highlights.length, d.id).toBeGreaterThanOrEqual(3);
      expect(d.highlights.length, d.id).toBeLessThanOrEqual(5);
      expect(new Set(d.highlights).size, d.id).toBe(d.highlights.length);
      for (const h of d.highlights) expect(h.trim().length, d.id).toBeGreaterThan(0);
      expect(d.description, d.id).toMatch(/^[A-Z].*\.$/);
      expect(d.description.slice(0, -1), d.id).not.toMatch(/[.!?] [A-Z]/);
      expect(d.title.trim().length, d.id).toBeGreaterThan(0);
    }
  });

  it("has plausible costs, durations, ratings and popularity", () => {
    for (const d of CATALOGUE) {
      expect(Number.isInteger(d.daily_cost_usd), d.id).toBe(true);
      expect(d.daily_cost_usd, d.id).toBeGreaterThanOrEqual(30);
      expect(d.daily_cost_usd, d.id).toBeLessThanOrEqual(1000);
      expect(Number.isInteger(d.duration_days), d.id).toBe(true);
      expect(d.duration_days, d.id).toBeGreaterThanOrEqual(2);
      expect(d.duration_days, d.id).toBeLessThanOrEqual(14);
      expect(d.rating, d.id).toBeGreaterThanOrEqual(4.0);
      expect(d.rating, d.id).toBeLessThanOrEqual(4.9);
      expect(Math.round(d.rating * 10) / 10, d.id).toBe(d.rating);
      expect(Number.isInteger(d.popularity), d.id).toBe(true);
      expect(d.popularity, d.id).toBeGreaterThanOrEqual(0);
      expect(d.popularity, d.id).toBeLessThanOrEqual(100);
    }
  });
});
