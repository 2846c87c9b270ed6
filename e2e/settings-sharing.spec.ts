/**
 * Settings and sharing, end to end: a join link takes a second user onto a trip as an
 * editor, a role change takes their write access away, a public link shows the itinerary
 * to anyone, and an API key is shown once and can be revoked.
 *
 * The tests run in order and share two accounts (sign-ups are kept to two: anonymous
 * requests are rate limited).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { fillSignUp, freshEmail } from "./helpers/auth";

test.describe.configure({ mode: "serial" });

const TRIP = "Lisbon with friends";

/** Creates a 3-day trip through the form; ends on the trip page. */
async function createTrip(page: Page, title: string) {
  await page.getByTestId("new-trip").click();
  await expect(page).toHaveURL(/\/trips\/new$/);
  await page.getByLabel("Trip name").fill(title);
  await page.getByLabel("Start date").fill("2027-09-10");
  await page.getByLabel("End date").fill("2027-09-12");
  await page.getByLabel("Destination 1", { exact: true }).fill("Lisbon");
  await page.getByLabel("Country of destination 1", { exact: true }).fill("Portugal");
  await page.getByTestId("trip-submit").click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

async function openShareDialog(page: Page) {
  await page.getByTestId("share-trip").click();
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog.getByRole("heading", { name: `Share “${TRIP}”` })).toBeVisible();
  await expect(dialog.getByTestId("collaborator-list")).toBeVisible();
  return dialog;
}

function artifact(name: string): string {
  const dir = path.join(test.info().project.testDir, "artifacts");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

let ctxA: BrowserContext;
let ctxB: BrowserContext;
let a: Page;
let b: Page;
let tripPath = "";
const emailB = freshEmail("bob");

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  ctxA = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  ctxB = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  a = await ctxA.newPage();
  b = await ctxB.newPage();
});

test.afterAll(async () => {
  await ctxA?.close();
  await ctxB?.close();
});

test("a join link brings a second user onto the trip; a role change takes their write access away", async () => {
  // A signs up, creates a trip and an editor join link.
  await a.goto("/signup");
  await fillSignUp(a, "Alice Owner", freshEmail("alice"));
  await expect(a).toHaveURL(/\/trips$/);
  await createTrip(a, TRIP);
  tripPath = new URL(a.url()).pathname;

  let dialog = await openShareDialog(a);
  await expect(dialog.getByTestId("collaborator-owner")).toContainText("(you)");
  await dialog.getByTestId("link-role").selectOption("editor");
  await dialog.getByTestId("link-create").click();
  const link = dialog.getByTestId("share-link").first();
  await expect(link).toHaveAttribute("data-role", "editor");
  await expect(link.getByTestId("share-link-uses")).toHaveText("0 uses");
  const joinUrl = await link.getByTestId("share-link-url").inputValue();
  expect(joinUrl).toMatch(/^https?:\/\/[^/]+\/join\/[A-Za-z0-9_-]{16,64}$/);
  const joinPath = new URL(joinUrl).pathname;

  // B opens the link signed out: the trip and the role are shown, with ways in.
  await b.goto(joinUrl);
  await expect(b.getByTestId("join-trip-title")).toHaveText(TRIP);
  await expect(b.getByTestId("join-role")).toHaveText("editor");
  await expect(b.getByTestId("join-sign-in")).toHaveAttribute(
    "href",
    `/login?callbackUrl=${encodeURIComponent(joinPath)}`,
  );
  await b.getByTestId("join-sign-up").click();
  await expect(b).toHaveURL(`/signup?callbackUrl=${encodeURIComponent(joinPath)}`);
  await fillSignUp(b, "Bob Guest", emailB);

  // Back on the join page, signed in: join and land on the trip.
  await expect(b).toHaveURL(joinPath);
  await b.getByTestId("join-trip").click();
  await expect(b).toHaveURL(tripPath);
  await expect(b.getByRole("heading", { level: 1, name: TRIP })).toBeVisible();

  // As an editor, B can add to the itinerary.
  await b.getByTestId("add-segment-day-1").click();
  const add = b.getByTestId("add-segment-dialog");
  await add.getByLabel("Title").fill("Pastéis de Belém");
  await add.getByLabel("Time of day").selectOption("morning");
  await add.getByTestId("segment-submit").click();
  await expect(add).toBeHidden();
  await expect(b.getByTestId("day-1").getByTestId("segment")).toHaveAttribute(
    "data-segment-title",
    "Pastéis de Belém",
  );

  // A reopens Share: B is listed as an editor and the link counts one use.
  await a.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  dialog = await openShareDialog(a);
  const rowB = dialog.getByTestId("collaborator").filter({ hasText: emailB });
  await expect(rowB).toHaveAttribute("data-role", "editor");
  await expect(rowB).toContainText("Bob Guest");
  await expect(dialog.getByTestId("share-link").first().getByTestId("share-link-uses")).toHaveText("1 use");

  // A makes B a viewer.
  await rowB.getByRole("combobox", { name: "Role of Bob Guest" }).selectOption("viewer");
  await expect(rowB).toHaveAttribute("data-role", "viewer");

  // Also invite someone without an account: a pending invitation.
  const pendingEmail = freshEmail("carol");
  await dialog.getByTestId("invite-emails").fill(pendingEmail);
  await dialog.getByTestId("invite-role").selectOption("viewer");
  await dialog.getByTestId("invite-submit").click();
  const pendingRow = dialog.getByTestId("collaborator").filter({ hasText: pendingEmail });
  await expect(pendingRow).toContainText("Invited");
  await expect(pendingRow).toHaveAttribute("data-active", "false");

  await a.setViewportSize({ width: 1366, height: 1400 });
  await a.screenshot({ path: artifact("share-dialog.png") });
  await a.setViewportSize({ width: 1366, height: 900 });

  // Withdrawing the invitation removes it again.
  await pendingRow.getByTestId("withdraw-invitation").click();
  await expect(pendingRow).toHaveCount(0);

  // B reloads: view only, no write controls, but the segment is still there.
  await b.reload();
  await expect(b.getByRole("heading", { level: 1, name: TRIP })).toBeVisible();
  await expect(b.getByTestId("view-only")).toBeVisible();
  await expect(b.getByTestId("add-segment-day-1")).toHaveCount(0);
  await expect(b.getByTestId("edit-trip")).toHaveCount(0);
  await expect(b.getByRole("button", { name: "Edit Pastéis de Belém" })).toHaveCount(0);
  await expect(b.getByTestId("segment")).toHaveCount(1);

  // B sees who is on the trip, read-only.
  await b.getByTestId("trip-people").click();
  const people = b.getByTestId("share-dialog");
  await expect(people.getByRole("heading", { name: "People on this trip" })).toBeVisible();
  const self = people.getByTestId("collaborator").filter({ hasText: emailB });
  await expect(self).toContainText("(you)");
  await expect(self).toContainText("Viewer");
  await expect(people.getByTestId("collaborator-role")).toHaveCount(0);
  await expect(people.getByTestId("invite-form")).toHaveCount(0);
  await expect(people.getByTestId("link-form")).toHaveCount(0);
  await b.keyboard.press("Escape");

  await a.keyboard.press("Escape");
});

test("a public link shows the itinerary read-only to anyone, without an account", async ({ browser }) => {
  await a.goto(tripPath);
  const dialog = await openShareDialog(a);
  await dialog.getByTestId("link-public").check();
  await dialog.getByTestId("link-create").click();
  const publicLink = dialog.locator('[data-testid="share-link"][data-public="true"]');
  await expect(publicLink).toHaveCount(1);
  const publicUrl = await publicLink.getByTestId("share-link-public-url").inputValue();
  expect(publicUrl).toMatch(/\/s\/[A-Za-z0-9_-]{16,64}$/);

  const stranger = await browser.newContext();
  try {
    const page = await stranger.newPage();
    await page.goto(publicUrl);
    await expect(page.getByRole("heading", { level: 1, name: TRIP })).toBeVisible();
    await expect(page.getByText("Shared itinerary · read-only")).toBeVisible();
    await expect(page.getByTestId("day-1")).toBeVisible();
    await expect(page.getByTestId("day-3")).toBeVisible();
    await expect(page.getByTestId("day-1").getByTestId("segment")).toHaveAttribute(
      "data-segment-title",
      "Pastéis de Belém",
    );
    await expect(page.getByTestId("add-segment-day-1")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete) / })).toHaveCount(0);

    // After revoking, the same URL is a friendly 404.
    await publicLink.getByTestId("revoke-link").click();
    await a.getByTestId("revoke-link-dialog").getByTestId("confirm-action").click();
    await expect(publicLink).toHaveCount(0);
    const res = await page.goto(publicUrl);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("public-not-found")).toBeVisible();
  } finally {
    await stranger.close();
  }
  await a.keyboard.press("Escape");
});

test("an API key is shown once, listed by its prefix, and can be revoked", async ({ request }) => {
  await a.getByTestId("nav-settings").click();
  await expect(a).toHaveURL(/\/settings\/profile$/);
  await expect(a.getByTestId("profile-name")).toHaveValue("Alice Owner");
  await a.getByTestId("settings-tab-api-keys").click();
  await expect(a).toHaveURL(/\/settings\/api-keys$/);
  await expect(a.getByTestId("api-keys-empty")).toBeVisible();

  await a.getByTestId("new-api-key").click();
  const dialog = a.getByTestId("api-key-dialog");
  await dialog.getByTestId("api-key-name").fill("Calendar sync");
  await dialog.getByTestId("scope-trips:write").check();
  await expect(dialog.getByTestId("scope-admin:access")).toHaveCount(0);
  await dialog.getByTestId("api-key-submit").click();

  await expect(dialog.getByText("Copy your key now — you won’t see it again.")).toBeVisible();
  const key = await dialog.getByTestId("api-key-secret").inputValue();
  expect(key).toMatch(/^ts_live_[A-Za-z0-9_-]{43}$/);
  await expect(dialog.getByTestId("api-key-secret-copy")).toBeVisible();

  // The key works.
  const ok = await request.get("/api/trips", { headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);

  await dialog.getByTestId("api-key-done").click();
  await expect(dialog).toBeHidden();
  const row = a.getByTestId("api-key").filter({ hasText: "Calendar sync" });
  await expect(row.getByTestId("api-key-prefix")).toHaveText(`${key.slice(0, 12)}…`);
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");
  await expect(row).toContainText("trips:read");
  await expect(row).toContainText("trips:write");

  // Never shown again: not after closing, not after a reload.
  await a.reload();
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");
  expect(await a.content()).not.toContain(key);

  await row.getByTestId("revoke-api-key").click();
  const confirm = a.getByTestId("confirm-dialog");
  await expect(confirm.getByRole("heading", { name: "Revoke “Calendar sync”?" })).toBeVisible();
  await confirm.getByTestId("confirm-action").click();
  await expect(confirm).toBeHidden();
  await expect(row.getByTestId("api-key-status")).toHaveText("Revoked");
  await expect(row.getByTestId("revoke-api-key")).toHaveCount(0);

  const refused = await request.get("/api/trips", { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
});
