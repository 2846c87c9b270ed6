/**
 * Flights and stays from the trip page, end to end: a traveller searches flights from JFK to
 * the trip's destination (prefilled as a metro code from the trip), adds the first offer and
 * sees the outbound and return flights in the itinerary, then searches stays in the
 * destination and adds one as a hotel on the first day. The e2e server has no live flight
 * provider, so the offline inventory answers (and says so).
 *
 * The trip's dates are computed from today: searches only sell dates from today up to
 * 361 days ahead.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { signUpInBrowser } from "./helpers/auth";

/** ISO date `days` after today (UTC, as the search API counts). */
function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Titles of the segments of one day section, in display order. */
function titlesOf(day: Locator): Promise<(string | null)[]> {
  return day
    .getByTestId("segment")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-segment-title")));
}

/** Creates a 5-day Paris trip starting `start` through the form; ends on the trip page. */
async function createTrip(page: Page, title: string, start: string, end: string) {
  await page.getByTestId("new-trip").click();
  await expect(page).toHaveURL(/\/trips\/new$/);
  await page.getByLabel("Trip name").fill(title);
  await page.getByLabel("Start date").fill(start);
  await page.getByLabel("End date").fill(end);
  await page.getByLabel("Destination 1", { exact: true }).fill("Paris");
  await page.getByLabel("Country of destination 1", { exact: true }).fill("France");
  await page.getByTestId("trip-submit").click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("search flights and stays from the trip page and add them to the itinerary", async ({ page }) => {
  const start = isoDaysFromToday(30);
  const end = isoDaysFromToday(34);
  await signUpInBrowser(page, "Tess Traveller", { tag: "e2e-travel" });
  await createTrip(page, "Paris by air", start, end);
  const day1 = page.getByTestId("day-1");
  const day5 = page.getByTestId("day-5");
  await expect(day5).toBeVisible();

  // The section starts collapsed; opening it shows the flight search, prefilled from the trip.
  const travel = page.getByTestId("travel-panel");
  await expect(travel.getByRole("heading", { name: "Flights & stays" })).toBeVisible();
  const toggle = travel.getByRole("button", { name: "Search flights & stays" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(travel.getByRole("button", { name: "Hide search" })).toHaveAttribute("aria-expanded", "true");
  await expect(travel.getByRole("tab", { name: "Flights" })).toHaveAttribute("aria-selected", "true");
  const flights = travel.getByRole("tabpanel", { name: "Flights" });
  await expect(flights.getByLabel("To", { exact: true })).toHaveValue("PAR");
  await expect(flights.getByLabel("Departure date")).toHaveValue(start);
  await expect(flights.getByLabel(/Return date/)).toHaveValue(end);

  // An unknown code: the API's field message shows next to the field.
  await flights.getByLabel("From", { exact: true }).fill("ZZ");
  await flights.getByRole("button", { name: "Search flights" }).click();
  const origin = flights.getByLabel("From", { exact: true });
  await expect(origin).toHaveAttribute("aria-invalid", "true");
  await expect(
    flights.getByText("Must be a 3-letter IATA airport or metro code such as JFK or TYO"),
  ).toBeVisible();

  await origin.fill("JFK");
  await flights.getByRole("button", { name: "Search flights" }).click();
  const first = flights.getByTestId("flight-result").first();
  await expect(first).toBeVisible();
  await expect(flights.getByTestId("flight-results-status")).toContainText("found for JFK → PAR");
  await expect(
    flights.getByText("Sample inventory (offline mode) — prices are modelled, not live"),
  ).toBeVisible();
  await expect(first).toContainText("JFK");
  await expect(first.getByTestId("flight-price")).toHaveText(/\d/);

  // Track the route's price, linked to the trip.
  await flights.getByRole("button", { name: /^Track price/ }).click();
  await expect(flights.getByTestId("flight-tracking")).toContainText("Tracking JFK → PAR");

  // Add the first offer: the outbound lands on day 1, the return on day 5.
  await first.getByRole("button", { name: /^Add to itinerary/ }).click();
  await expect(first.getByRole("button", { name: /^Added/ })).toBeDisabled();
  await expect(first.getByRole("status")).toContainText("Outbound flight added to day 1");
  await expect(first.getByRole("status")).toContainText("Return flight added to day 5");
  const outbound = day1.getByTestId("segment").filter({ hasText: /JFK → (CDG|ORY)/ });
  await expect(outbound).toBeVisible();
  await expect(outbound).toHaveAttribute("data-segment-title", /^Flight JFK → (CDG|ORY)$/);
  await expect(day5.getByTestId("segment").filter({ hasText: /(CDG|ORY) → JFK/ })).toBeVisible();

  // Stays: the location and dates come from the trip.
  await travel.getByRole("tab", { name: "Stays" }).click();
  const stays = travel.getByRole("tabpanel", { name: "Stays" });
  await expect(stays.getByLabel("Location")).toHaveValue("Paris, France");
  await expect(stays.getByLabel("Check-in")).toHaveValue(start);
  await expect(stays.getByLabel("Check-out")).toHaveValue(end);
  await stays.getByRole("button", { name: "Search stays" }).click();
  const stay = stays.getByTestId("stay-result").first();
  await expect(stay).toBeVisible();
  await expect(
    stays.getByText("Sample inventory (offline mode) — prices are modelled, not live"),
  ).toBeVisible();
  await expect(stay).toContainText("/ night");
  const stayName = (await stay.getByRole("heading", { level: 4 }).textContent())?.trim() ?? "";
  expect(stayName).not.toBe("");

  await stay.getByRole("button", { name: /^Add to itinerary/ }).click();
  await expect(stay.getByRole("status")).toContainText("Stay added to day 1");
  const hotel = day1.getByTestId("segment").filter({ hasText: stayName });
  await expect(hotel).toBeVisible();
  await expect(hotel).toHaveAttribute("data-segment-title", stayName);

  // Persisted: the flights and the hotel come back after a reload.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Paris by air" })).toBeVisible();
  await expect
    .poll(() => titlesOf(page.getByTestId("day-1")))
    .toEqual(expect.arrayContaining([expect.stringMatching(/^Flight JFK → (CDG|ORY)$/), stayName]));
  await expect
    .poll(() => titlesOf(page.getByTestId("day-5")))
    .toEqual([expect.stringMatching(/^Flight (CDG|ORY) → JFK$/)]);
  await expect(page.getByTestId("segment-count")).toHaveText("3 items");

  const artifacts = path.join(test.info().project.testDir, "artifacts");
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, "travel-search.png"), fullPage: true });
});
