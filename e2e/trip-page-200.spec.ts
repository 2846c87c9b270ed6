/**
 * The trip page with 200 items over 14 days, against the production build: it renders every
 * day and card in the API's order, and add, move (within a day and to another day) and delete
 * work and leave the page equal to what the TripSage REST API then answers. Speed is measured
 * by `npm run bench` (bench/trip-page.ts), not asserted here.
 */
import { expect, type Page, test } from "@playwright/test";
import {
  type Api,
  body,
  createTrip,
  expectStatus,
  futureDate,
  type Json,
  registerUser,
  uniqueIp,
} from "./api/helpers";
import { signInInBrowser } from "./helpers/auth";

const ITEMS = 200;
const DAYS = 14;
const TYPES = ["activity", "meal", "transfer", "hotel", "note", "meeting"];

/** Titles of each day as the API orders them: `{1: [...], …}`. */
async function apiDays(api: Api, tripId: string): Promise<Record<number, string[]>> {
  const res = await api.get(`/api/itineraries/${tripId}`);
  await expectStatus(res, 200);
  const it: Json = await body(res);
  return Object.fromEntries(it.days.map((d: Json) => [d.day_index, d.segments.map((s: Json) => s.title)]));
}

/** Titles of each day as the page shows them. */
async function pageDays(page: Page): Promise<Record<number, string[]>> {
  const out: Record<number, string[]> = {};
  for (let d = 1; d <= DAYS; d++) {
    out[d] = (await page
      .getByTestId(`day-${d}`)
      .getByTestId("segment")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-segment-title")))) as string[];
  }
  return out;
}

test("a 200-item, 14-day trip renders in order, and add, move and delete keep it equal to the API", async ({
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  // Three writers share the seeding, so no one account's rate limit (100 a minute) is reached.
  const owner = await registerUser(request, { name: "Owner" });
  const helpers = [
    await registerUser(request, { name: "Helper 1" }),
    await registerUser(request, { name: "Helper 2" }),
  ];
  const trip = await createTrip(owner.api, {
    start_date: futureDate(0),
    end_date: futureDate(DAYS - 1),
    destinations: [{ name: "Tokyo", country: "Japan" }],
  });
  const tripId: string = trip.id;
  await expectStatus(
    await owner.api.post(`/api/trips/${tripId}/share`, {
      user_emails: helpers.map((h) => h.email),
      permission_level: "editor",
    }),
    200,
  );
  const writers = [owner, ...helpers];
  await Promise.all(
    writers.map(async (w, k) => {
      for (let i = k; i < ITEMS; i += writers.length) {
        const res = await w.api.post(`/api/itineraries/${tripId}/segments`, {
          type: TYPES[i % TYPES.length],
          title: `Stop ${i + 1}`,
          day_index: (i % DAYS) + 1,
          ...(i % 2 === 0 && { price: { amount: 1000 + i, currency: "JPY" } }),
          ...(i % 4 === 0 && { notes: `Book ahead for stop ${i + 1}` }),
        });
        await expectStatus(res, 201);
      }
    }),
  );

  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() } });
  const page = await context.newPage();
  await signInInBrowser(page, owner.email, owner.password, `/trips/${tripId}`);

  const count = page.getByTestId("segment-count");
  await expect(count).toHaveText(`${ITEMS} items`);
  await expect(page.getByTestId("segment")).toHaveCount(ITEMS);
  expect(await pageDays(page)).toEqual(await apiDays(owner.api, tripId));

  // Add to the last day, through the form.
  await page.getByTestId(`add-segment-day-${DAYS}`).click();
  const add = page.getByTestId("add-segment-dialog");
  await add.getByTestId("segment-title").fill("Farewell dinner");
  await add.getByTestId("segment-submit").click();
  await expect(add).toBeHidden();
  await expect(count).toHaveText(`${ITEMS + 1} items`);
  await expect(
    page.getByTestId(`day-${DAYS}`).locator('[data-segment-title="Farewell dinner"]'),
  ).toBeVisible();

  // Move the first card of day 3 one place down.
  const day3 = page.getByTestId("day-3");
  const [first, second] = (await pageDays(page))[3] ?? [];
  await day3.getByRole("button", { name: `Move ${first} down` }).click();
  await expect.poll(async () => (await pageDays(page))[3]?.slice(0, 2)).toEqual([second, first]);

  // Move a card of day 1 to day 7 through the dialog: it goes to the end of day 7.
  const moved = (await pageDays(page))[1]?.[0] as string;
  await page.getByRole("button", { name: `Move ${moved} to another day` }).click();
  await page.getByTestId("move-day-select").selectOption("7");
  await page.getByTestId("move-submit").click();
  await expect.poll(async () => (await pageDays(page))[7]?.at(-1)).toBe(moved);

  // Delete a card of day 10.
  const gone = (await pageDays(page))[10]?.[1] as string;
  await page.getByRole("button", { name: `Delete ${gone}`, exact: true }).click();
  await page.getByTestId("confirm-delete").click();
  await expect(page.locator(`[data-segment-title="${gone}"]`)).toHaveCount(0);
  await expect(count).toHaveText(`${ITEMS} items`);

  // The page and the API agree on every day, in order, once the writes have settled.
  await expect
    .poll(
      async () => JSON.stringify(await pageDays(page)) === JSON.stringify(await apiDays(owner.api, tripId)),
    )
    .toBe(true);
  const days = await apiDays(owner.api, tripId);
  expect(days[3]?.slice(0, 2)).toEqual([second, first]);
  expect(days[7]?.at(-1)).toBe(moved);
  expect(Object.values(days).flat()).not.toContain(gone);
  expect(days[DAYS]).toContain("Farewell dinner");
  await context.close();
});
