/**
 * Two people on one shared trip, each in their own browser context, against the production
 * build: live updates without a reload, conflicting saves that show the conflict instead of
 * overwriting (both ways out), and a half-typed form that survives a live update.
 *
 * Accounts, the trip and the sharing are set up through the TripSage REST API as a
 * third-party client would (e2e/api/helpers.ts); everything the test asserts about the
 * page is done in the browser.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import {
  type Api,
  body,
  createTrip,
  expectStatus,
  futureDate,
  type Json,
  registerUser,
  type TestUser,
  uniqueIp,
} from "./api/helpers";
import { signInInBrowser } from "./helpers/auth";

/** How long a change may take to reach the other browser once the save has returned. */
const LIVE = { timeout: 1_500 };

/** Signs `user` in in a fresh context and opens the trip; resolves once its live stream is up. */
async function openTrip(browser: Browser, user: TestUser, tripId: string, opts: { live?: boolean } = {}) {
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": uniqueIp() } });
  const page = await context.newPage();
  if (opts.live === false) await page.route("**/api/itineraries/*/events", (route) => route.abort());
  const events =
    opts.live === false
      ? Promise.resolve()
      : page.waitForResponse((r) => r.url().endsWith(`/api/itineraries/${tripId}/events`) && r.ok(), {
          timeout: 60_000,
        });
  await signInInBrowser(page, user.email, user.password, `/trips/${tripId}`);
  await expect(page.getByTestId("trip-header")).toBeVisible();
  await events;
  return page;
}

/** Owner and editor of a fresh 3-day Tokyo trip with `titles` on day 1. */
async function sharedTrip(request: Parameters<typeof registerUser>[0], titles: string[]) {
  const owner = await registerUser(request, { name: "Aiko Owner" });
  const editor = await registerUser(request, { name: "Ben Editor" });
  const trip = await createTrip(owner.api, { start_date: futureDate(0), end_date: futureDate(2) });
  await expectStatus(
    await owner.api.post(`/api/trips/${trip.id}/share`, {
      user_emails: [editor.email],
      permission_level: "editor",
    }),
    200,
  );
  const segments: Json[] = [];
  for (const title of titles) {
    const res = await owner.api.post(`/api/itineraries/${trip.id}/segments`, {
      type: "activity",
      title,
      day_index: 1,
    });
    await expectStatus(res, 201);
    segments.push(await body(res));
  }
  return { owner, editor, tripId: trip.id as string, segments };
}

/** The conflict dialog that is open (closed ones stay in the DOM, empty). */
const conflictOf = (page: Page) => page.locator('dialog[open][data-testid="conflict-dialog"]');

const card = (page: Page, title: string) =>
  page.locator(`[data-testid="segment"][data-segment-title="${title}"]`);

async function segmentNow(api: Api, tripId: string, id: string): Promise<Json> {
  const res = await api.get(`/api/itineraries/${tripId}/segments/${id}`);
  await expectStatus(res, 200);
  return body(res);
}

/** Opens the edit form of `title` on `page`. */
async function openEdit(page: Page, title: string) {
  await card(page, title)
    .getByRole("button", { name: `Edit ${title}` })
    .click();
  const dialog = page.getByTestId("edit-segment-dialog");
  await expect(dialog.getByTestId("segment-form")).toBeVisible();
  return dialog;
}

/** Clicks save and waits for the PUT to come back; returns its status. */
async function save(page: Page, tripId: string): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === "PUT" && r.url().includes(`/api/itineraries/${tripId}/segments/`),
    ),
    page.getByTestId("edit-segment-dialog").getByTestId("segment-submit").click(),
  ]);
  return res.status();
}

test("an edit or an add in one browser appears in the other within a second", async ({
  browser,
  request,
}) => {
  const { owner, editor, tripId } = await sharedTrip(request, ["Ramen lunch"]);
  const a = await openTrip(browser, owner, tripId);
  const b = await openTrip(browser, editor, tripId);

  const dialog = await openEdit(a, "Ramen lunch");
  await dialog.getByTestId("segment-title").fill("Ramen at Ichiran");
  expect(await save(a, tripId)).toBe(200);
  await expect(card(b, "Ramen at Ichiran")).toBeVisible(LIVE);
  await expect(card(b, "Ramen lunch")).toHaveCount(0);

  // The manual add form suggests things from this trip's destination, not Paris.
  await b.getByTestId("add-segment-day-2").click();
  const add = b.getByTestId("add-segment-dialog");
  const title = add.getByTestId("segment-title");
  await expect(title).toHaveAttribute("placeholder", /Tokyo/);
  await expect(add.getByLabel(/Place/)).toHaveAttribute("placeholder", /Tokyo/);
  for (const input of await add.locator("input").all()) {
    expect((await input.getAttribute("placeholder")) ?? "").not.toMatch(/Louvre|Rivoli|Paris/);
  }
  await title.fill("Tea ceremony");
  const [created] = await Promise.all([
    b.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().endsWith(`/api/itineraries/${tripId}/segments`),
    ),
    add.getByTestId("segment-submit").click(),
  ]);
  expect(created.status()).toBe(201);
  await expect(a.getByTestId("day-2").locator('[data-segment-title="Tea ceremony"]')).toBeVisible(LIVE);
  await a.context().close();
  await b.context().close();
});

test("a conflicting save shows both versions instead of overwriting; keep mine and take theirs both work", async ({
  browser,
  request,
}) => {
  const { owner, editor, tripId, segments } = await sharedTrip(request, ["Museum"]);
  const id = segments[0].id as string;
  const a = await openTrip(browser, owner, tripId);
  const b = await openTrip(browser, editor, tripId);

  // Both open the same item; B saves first.
  const formA = await openEdit(a, "Museum");
  await formA.getByTestId("segment-title").fill("Museum (Aiko)");
  const formB = await openEdit(b, "Museum");
  await formB.getByTestId("segment-title").fill("Museum (Ben)");
  expect(await save(b, tripId)).toBe(200);

  // A's open form keeps the draft and says the item changed meanwhile.
  await expect(formA.getByTestId("changed-meanwhile")).toContainText("Title", LIVE);
  await expect(formA.getByTestId("segment-title")).toHaveValue("Museum (Aiko)");

  // A's save is refused: the dialog shows both titles, and nothing was overwritten.
  expect(await save(a, tripId)).toBe(412);
  const conflict = conflictOf(a);
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole("heading", { name: "Changed by someone else" })).toBeVisible();
  // It names who saved the other version.
  await expect(conflict).toContainText("Ben Editor saved a new version of");
  const row = conflict.getByTestId("conflict-row-title");
  await expect(row.getByTestId("conflict-mine")).toHaveText("Museum (Aiko)");
  await expect(row.getByTestId("conflict-theirs")).toHaveText("Museum (Ben)");
  expect((await segmentNow(owner.api, tripId, id)).title).toBe("Museum (Ben)");

  // Keep mine: re-sent on top of Ben's version; Ben sees it live.
  const [kept] = await Promise.all([
    a.waitForResponse((r) => r.request().method() === "PUT"),
    conflict.getByTestId("conflict-keep-mine").click(),
  ]);
  expect(kept.status()).toBe(200);
  await expect(conflict).toBeHidden();
  await expect(a.getByTestId("edit-segment-dialog")).toBeHidden();
  expect((await segmentNow(owner.api, tripId, id)).title).toBe("Museum (Aiko)");
  await expect(card(b, "Museum (Aiko)")).toBeVisible(LIVE);

  // Take theirs: A's draft is dropped and Ben's version stays.
  const again = await openEdit(a, "Museum (Aiko)");
  await again.getByTestId("segment-title").fill("Museum, mine again");
  const formB2 = await openEdit(b, "Museum (Aiko)");
  await formB2.getByTestId("segment-title").fill("Museum, Ben again");
  expect(await save(b, tripId)).toBe(200);
  expect(await save(a, tripId)).toBe(412);
  await expect(conflict.getByTestId("conflict-row-title").getByTestId("conflict-theirs")).toHaveText(
    "Museum, Ben again",
  );
  await conflict.getByTestId("conflict-take-theirs").click();
  await expect(conflict).toBeHidden();
  await expect(a.getByTestId("edit-segment-dialog")).toBeHidden();
  await expect(card(a, "Museum, Ben again")).toBeVisible();
  expect((await segmentNow(owner.api, tripId, id)).title).toBe("Museum, Ben again");

  // Edits of different fields do not conflict: both survive, no dialog.
  const notes = await openEdit(a, "Museum, Ben again");
  await notes.getByTestId("segment-notes").fill("Closed on Mondays");
  const current = await segmentNow(editor.api, tripId, id);
  await expectStatus(
    await editor.api.put(
      `/api/itineraries/${tripId}/segments/${id}`,
      { title: "Tokyo National Museum" },
      { headers: { "If-Match": `"v${current.version}"` } },
    ),
    200,
  );
  await expect(notes.getByTestId("changed-meanwhile")).toBeVisible(LIVE);
  const [first] = await Promise.all([
    a.waitForResponse((r) => r.request().method() === "PUT"),
    notes.getByTestId("segment-submit").click(),
  ]);
  expect(first.status()).toBe(412);
  await expect(a.getByTestId("edit-segment-dialog")).toBeHidden();
  await expect(conflict).toBeHidden();
  const merged = await segmentNow(owner.api, tripId, id);
  expect(merged).toMatchObject({ title: "Tokyo National Museum", notes: "Closed on Mondays" });
  await a.context().close();
  await b.context().close();
});

test("a stale delete or move is refused and shown; delete anyway / take theirs / move anyway", async ({
  browser,
  request,
}) => {
  const { owner, editor, tripId, segments } = await sharedTrip(request, ["Sushi", "Temple"]);
  // A gets no live updates, so its copy goes stale for sure.
  const a = await openTrip(browser, owner, tripId, { live: false });
  const rename = async (i: number, title: string) => {
    const s = await segmentNow(editor.api, tripId, segments[i].id);
    await expectStatus(
      await editor.api.put(
        `/api/itineraries/${tripId}/segments/${s.id}`,
        { title },
        { headers: { "If-Match": `"v${s.version}"` } },
      ),
      200,
    );
  };
  await rename(0, "Sushi at Tsukiji");

  // Each write ends with a refetch; waiting for it keeps the next rename after it, so A's
  // copy is stale for sure when it acts.
  const refetched = () =>
    a.waitForResponse(
      (r) => r.request().method() === "GET" && r.url().endsWith(`/api/itineraries/${tripId}`),
    );
  await card(a, "Sushi").getByRole("button", { name: "Delete Sushi" }).click();
  let settled = refetched();
  await a.getByTestId("confirm-delete").click();
  const conflict = conflictOf(a);
  await expect(conflict).toBeVisible();
  await settled;
  await expect(conflict.getByTestId("conflict-row-title").getByTestId("conflict-theirs")).toHaveText(
    "Sushi at Tsukiji",
  );
  await conflict.getByTestId("conflict-take-theirs").click();
  await expect(conflict).toBeHidden();
  await expect(card(a, "Sushi at Tsukiji")).toBeVisible();
  expect((await segmentNow(owner.api, tripId, segments[0].id)).title).toBe("Sushi at Tsukiji");

  await rename(0, "Sushi, final");
  await card(a, "Sushi at Tsukiji").getByRole("button", { name: "Delete Sushi at Tsukiji" }).click();
  settled = refetched();
  await a.getByTestId("confirm-delete").click();
  await expect(conflict).toBeVisible();
  await settled;
  await expect(conflict.getByTestId("conflict-keep-mine")).toHaveText("Delete anyway");
  settled = refetched();
  await conflict.getByTestId("conflict-keep-mine").click();
  await expect(a.locator('[data-segment-title^="Sushi"]')).toHaveCount(0);
  await settled;
  await expectStatus(await owner.api.get(`/api/itineraries/${tripId}/segments/${segments[0].id}`), 404);

  await rename(1, "Temple at dawn");
  await a.getByRole("button", { name: "Move Temple to another day" }).click();
  await a.getByTestId("move-day-select").selectOption("2");
  await a.getByTestId("move-submit").click();
  await expect(conflict).toBeVisible();
  await expect(conflict.getByTestId("conflict-keep-mine")).toHaveText("Move anyway");
  const [movedRes] = await Promise.all([
    a.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/move")),
    conflict.getByTestId("conflict-keep-mine").click(),
  ]);
  expect(movedRes.status()).toBe(200);
  await expect(conflict).toBeHidden();
  await expect(a.getByTestId("day-2").locator('[data-segment-title="Temple at dawn"]')).toBeVisible();
  expect(await segmentNow(owner.api, tripId, segments[1].id)).toMatchObject({
    title: "Temple at dawn",
    day_index: 2,
  });
  await a.context().close();
});

test("typing in an open form survives a live update", async ({ browser, request }) => {
  const { owner, editor, tripId } = await sharedTrip(request, ["Breakfast"]);
  const a = await openTrip(browser, owner, tripId);

  await a.getByTestId("add-segment-day-1").click();
  const add = a.getByTestId("add-segment-dialog");
  const title = add.getByTestId("segment-title");
  await title.click();
  await title.pressSequentially("Sumo mat");
  await expectStatus(
    await editor.api.post(`/api/itineraries/${tripId}/segments`, {
      type: "meal",
      title: "Izakaya",
      day_index: 1,
    }),
    201,
  );
  // The other person's item arrives behind the open form…
  await expect(a.getByTestId("day-1").locator('[data-segment-title="Izakaya"]')).toBeAttached(LIVE);
  // …and the draft, and the caret, are where the user left them.
  await expect(title).toHaveValue("Sumo mat");
  await expect(title).toBeFocused();
  await a.keyboard.type("ch");
  await expect(title).toHaveValue("Sumo match");
  await add.getByTestId("segment-submit").click();
  await expect(add).toBeHidden();
  await expect(a.getByTestId("day-1").getByTestId("segment")).toHaveCount(3);
  await a.context().close();
});

test("trip edits: a change elsewhere on the trip merges; the same field edited by both shows the conflict", async ({
  browser,
  request,
}) => {
  const { owner, editor, tripId } = await sharedTrip(request, ["Walk"]);
  const a = await openTrip(browser, owner, tripId);
  const tripPut = (r: { request(): { method(): string }; url(): string }) =>
    r.request().method() === "PUT" && r.url().endsWith(`/api/trips/${tripId}`);
  const tripNow = async () => body(await owner.api.get(`/api/trips/${tripId}`));

  // Ben adds a segment while Aiko renames the trip: the trip's version moved, but no field
  // of Aiko's was touched, so her save goes through without a dialog.
  await a.getByTestId("edit-trip").click();
  const dialog = a.getByTestId("edit-trip-dialog");
  await dialog.getByTestId("trip-title").fill("Tokyo, renamed by Aiko");
  await expectStatus(
    await editor.api.post(`/api/itineraries/${tripId}/segments`, {
      type: "note",
      title: "Extra",
      day_index: 2,
    }),
    201,
  );
  await expect(card(a, "Extra")).toBeAttached(LIVE);
  await expect(dialog.getByTestId("trip-title")).toHaveValue("Tokyo, renamed by Aiko");
  const [first] = await Promise.all([a.waitForResponse(tripPut), dialog.getByTestId("trip-submit").click()]);
  expect(first.status()).toBe(412);
  await expect(a.getByTestId("trip-title-heading")).toHaveText("Tokyo, renamed by Aiko");
  expect(await tripNow()).toMatchObject({ title: "Tokyo, renamed by Aiko" });
  await expect(conflictOf(a)).toHaveCount(0);

  // Both rename it: Aiko sees both names and keeps hers.
  await a.getByTestId("edit-trip").click();
  await dialog.getByTestId("trip-title").fill("Aiko's Tokyo");
  const current = await tripNow();
  await expectStatus(
    await editor.api.put(
      `/api/trips/${tripId}`,
      { title: "Ben's Tokyo" },
      { headers: { "If-Match": `"v${current.version}"` } },
    ),
    200,
  );
  const [refused] = await Promise.all([
    a.waitForResponse(tripPut),
    dialog.getByTestId("trip-submit").click(),
  ]);
  expect(refused.status()).toBe(412);
  const conflict = conflictOf(a);
  await expect(conflict).toBeVisible();
  const row = conflict.getByTestId("conflict-row-title");
  await expect(row.getByTestId("conflict-mine")).toHaveText("Aiko's Tokyo");
  await expect(row.getByTestId("conflict-theirs")).toHaveText("Ben's Tokyo");
  expect(await tripNow()).toMatchObject({ title: "Ben's Tokyo" });
  const [kept] = await Promise.all([
    a.waitForResponse(tripPut),
    conflict.getByTestId("conflict-keep-mine").click(),
  ]);
  expect(kept.status()).toBe(200);
  await expect(a.getByTestId("trip-title-heading")).toHaveText("Aiko's Tokyo");
  expect(await tripNow()).toMatchObject({ title: "Aiko's Tokyo" });
  await a.context().close();
});
