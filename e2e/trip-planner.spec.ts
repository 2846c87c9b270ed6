import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { signUpInBrowser } from "./helpers/auth";

/** Titles of the segments of one day section, in display order. */
function titlesOf(day: Locator): Promise<(string | null)[]> {
  return day
    .getByTestId("segment")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-segment-title")));
}

/** Sends one chat message and waits until the trip designer has finished answering. */
async function ask(page: Page, text: string) {
  const before = await page.getByTestId("chat-message").count();
  const input = page.getByTestId("chat-input");
  await input.fill(text);
  await input.press("Enter");
  await expect(input).toHaveValue("");
  // The user's message and the assistant's reply both land in the log…
  await expect.poll(() => page.getByTestId("chat-message").count()).toBeGreaterThanOrEqual(before + 2);
  // …and the reply has finished streaming (the Send button is back instead of Stop).
  await expect(page.getByTestId("chat-stop")).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId("chat-send")).toBeVisible();
}

test("an unauthenticated visit to /trips redirects to the login page", async ({ page }) => {
  await page.goto("/trips");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftrips$/);
  await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
  await expect(page.getByText("demo@tripsage.dev")).toBeVisible();
});

test("wrong credentials show an error on the login page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid email or password" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

/** Creates a 5-day Paris trip (1–5 June 2027) through the form; ends on the trip page. */
async function createTrip(page: Page, title: string) {
  await page.getByTestId("new-trip").click();
  await expect(page).toHaveURL(/\/trips\/new$/);
  await page.getByLabel("Trip name").fill(title);
  await page.getByLabel("Start date").fill("2027-06-01");
  await page.getByLabel("End date").fill("2027-06-05");
  await page.getByLabel("Destination 1", { exact: true }).fill("Paris");
  await page.getByLabel("Country of destination 1", { exact: true }).fill("France");
  await page.getByTestId("trip-budget").fill("2500");
  await page.getByText("Museums", { exact: true }).click();
  await page.getByTestId("trip-submit").click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

test("sign up, create a trip and plan day 2 with the trip designer", async ({ page }) => {
  await signUpInBrowser(page, "Eve Tester");
  await expect(page.getByTestId("trips-empty")).toBeVisible();
  await createTrip(page, "Paris in June");
  for (let d = 1; d <= 5; d++) await expect(page.getByTestId(`day-${d}`)).toBeVisible();
  await expect(page.getByTestId("day-6")).toHaveCount(0);
  const day2 = page.getByTestId("day-2");
  await expect(day2.getByRole("heading", { level: 3 })).toHaveText("Day 2 · Wed 2 Jun 2027");

  // The chat must update the itinerary in place: this marker would vanish on a reload.
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  await ask(page, "add the Louvre to the morning of day 2");
  await expect(day2.getByTestId("segment").filter({ hasText: /Louvre/ })).toBeVisible();
  await expect(page.getByTestId("tool-chip").filter({ hasText: "Added" }).first()).toBeVisible();

  await ask(page, "add dinner at Le Comptoir on day 2 evening");
  await expect(day2.getByTestId("segment").filter({ hasText: /Le Comptoir/ })).toBeVisible();
  await expect
    .poll(() => titlesOf(day2))
    .toEqual([expect.stringMatching(/Louvre/), expect.stringMatching(/Le Comptoir/)]);

  // Moving the dinner to the start of the morning puts it first, as a morning plan.
  await ask(page, "move dinner at Le Comptoir to the start of day 2 morning");
  await expect(page.getByTestId("tool-chip").filter({ hasText: "Moved" }).first()).toBeVisible();
  await expect
    .poll(() => titlesOf(day2))
    .toEqual([expect.stringMatching(/Le Comptoir/), expect.stringMatching(/Louvre/)]);
  await expect(day2.getByTestId("segment").filter({ hasText: /Le Comptoir/ })).toContainText("Morning");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // Everything is persisted: the itinerary and the conversation come back after a reload.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Paris in June" })).toBeVisible();
  await expect
    .poll(() => titlesOf(page.getByTestId("day-2")))
    .toEqual([expect.stringMatching(/Le Comptoir/), expect.stringMatching(/Louvre/)]);
  await expect(
    page.getByTestId("chat-message").filter({ hasText: "add the Louvre to the morning of day 2" }),
  ).toBeVisible();
  await expect.poll(() => page.getByTestId("chat-message").count()).toBeGreaterThanOrEqual(6);

  const artifacts = path.join(test.info().project.testDir, "artifacts");
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, "trip-page.png"), fullPage: true });
});

test("manual editing: add a segment, reorder it with the keyboard, move it to another day, delete it", async ({
  page,
}) => {
  const email = await signUpInBrowser(page, "Max Manual");
  await createTrip(page, "Manual Paris");
  const tripPath = new URL(page.url()).pathname;
  const day1 = page.getByTestId("day-1");
  const day3 = page.getByTestId("day-3");

  async function addTo(day: number, title: string, block: string) {
    await page.getByTestId(`add-segment-day-${day}`).click();
    const dialog = page.getByTestId("add-segment-dialog");
    await expect(dialog.getByRole("heading", { name: `Add to Day ${day}` })).toBeVisible();
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByLabel("Time of day").selectOption(block);
    await dialog.getByTestId("segment-submit").click();
    await expect(dialog).toBeHidden();
  }

  await addTo(1, "Notre-Dame", "morning");
  await addTo(1, "Sainte-Chapelle", "afternoon");
  await expect.poll(() => titlesOf(day1)).toEqual(["Notre-Dame", "Sainte-Chapelle"]);

  // A flight needs its details: the form says so next to the fields.
  await page.getByTestId("add-segment-day-1").click();
  const dialog = page.getByTestId("add-segment-dialog");
  await dialog.getByLabel("Type").selectOption("flight");
  await dialog.getByLabel("Title").fill("Flight home");
  await dialog.getByTestId("segment-submit").click();
  await expect(dialog.getByText("Must be a 3-letter IATA airport code").first()).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // Keyboard reorder: focus "move up" on the second row and press Enter; focus stays on the moved row.
  const moveUp = day1.getByRole("button", { name: "Move Sainte-Chapelle up" });
  await moveUp.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => titlesOf(day1)).toEqual(["Sainte-Chapelle", "Notre-Dame"]);
  await expect(day1.getByRole("button", { name: "Move Sainte-Chapelle down" })).toBeFocused();

  // Move to another day through the dialog's day select.
  await day1.getByRole("button", { name: "Move Notre-Dame to another day" }).click();
  const move = page.getByTestId("move-segment-dialog");
  await move.getByLabel("Move to day").selectOption({ label: "Day 3 · Thu 3 Jun 2027" });
  await move.getByTestId("move-submit").click();
  await expect.poll(() => titlesOf(day3)).toEqual(["Notre-Dame"]);
  await expect.poll(() => titlesOf(day1)).toEqual(["Sainte-Chapelle"]);

  // Edit the title.
  await day3.getByRole("button", { name: "Edit Notre-Dame" }).click();
  const edit = page.getByTestId("edit-segment-dialog");
  await edit.getByLabel("Title").fill("Notre-Dame Cathedral");
  await edit.getByTestId("segment-submit").click();
  await expect.poll(() => titlesOf(day3)).toEqual(["Notre-Dame Cathedral"]);

  // Delete asks first.
  await day1.getByRole("button", { name: "Delete Sainte-Chapelle" }).click();
  await page.getByTestId("confirm-delete").click();
  await expect.poll(() => titlesOf(day1)).toEqual([]);

  await page.reload();
  await expect.poll(() => titlesOf(page.getByTestId("day-3"))).toEqual(["Notre-Dame Cathedral"]);
  await expect.poll(() => titlesOf(page.getByTestId("day-1"))).toEqual([]);

  // Sign out; a deep link to the trip goes through the login page and comes back to it.
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(tripPath);
  await expect(page).toHaveURL(`/login?callbackUrl=${encodeURIComponent(tripPath)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(tripPath);
  await expect(page.getByRole("heading", { level: 1, name: "Manual Paris" })).toBeVisible();
});
