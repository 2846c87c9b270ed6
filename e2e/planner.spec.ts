import { expect, type Page, test } from "@playwright/test";
import { signUpInBrowser } from "./helpers/auth";

/** Sends one message to the planner and waits for its answer. */
async function tell(page: Page, text: string) {
  const answers = page.getByTestId("planner-answer");
  const before = await answers.count();
  await page.getByTestId("planner-input").fill(text);
  await page.getByTestId("planner-send").click();
  await expect(answers).toHaveCount(before + 1, { timeout: 60_000 });
}

test("the planner page creating a trip: two messages fill the draft, an edit sticks, the trip has its days", async ({
  page,
}) => {
  await signUpInBrowser(page, "Planner Person", { tag: "e2e-planner" });
  // Reached from the top navigation.
  await page.getByTestId("nav-planner").click();
  await expect(page).toHaveURL(/\/planner$/);
  await expect(page.getByTestId("draft-destination")).toHaveValue("");

  await tell(page, "We'd like 4 days in Rome with my partner, we must see the Colosseum and the Pantheon");
  await expect(page.getByTestId("draft-destination")).toHaveValue("Rome");
  await expect(page.getByTestId("draft-country")).toHaveValue("Italy");
  await expect(page.getByTestId("draft-travelers")).toHaveValue("2");
  await expect
    .poll(() =>
      page
        .getByTestId("draft-item-title")
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    )
    .toEqual(["Colosseum and Roman Forum", "Pantheon"]);
  await expect(page.getByTestId("planner-answer").first()).toContainText("Rome");

  // The user corrects the travellers; the next answer must not undo it.
  await page.getByTestId("draft-travelers").fill("3");
  await page.getByTestId("draft-title").fill("Roman holiday");

  await tell(page, "We travel from 2027-05-12 to 2027-05-15 and the budget is €2400 in total");
  await expect(page.getByTestId("draft-start")).toHaveValue("2027-05-12");
  await expect(page.getByTestId("draft-end")).toHaveValue("2027-05-15");
  await expect(page.getByTestId("draft-days")).toHaveText("4 days");
  await expect(page.getByTestId("draft-budget")).toHaveValue("2400");
  await expect(page.getByTestId("draft-currency")).toHaveValue("EUR");
  await expect(page.getByTestId("draft-travelers")).toHaveValue("3");
  await expect(page.getByTestId("draft-title")).toHaveValue("Roman holiday");

  // Move the Pantheon to the last day.
  const pantheon = page.getByTestId("draft-item").filter({ has: page.locator('input[value="Pantheon"]') });
  await pantheon.getByTestId("draft-item-day").fill("4");

  await page.getByTestId("draft-create").click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Roman holiday" })).toBeVisible();
  for (let d = 1; d <= 4; d++) await expect(page.getByTestId(`day-${d}`)).toBeVisible();
  await expect(page.getByTestId("day-5")).toHaveCount(0);
  await expect(page.getByTestId("day-1").getByTestId("segment")).toHaveAttribute(
    "data-segment-title",
    "Colosseum and Roman Forum",
  );
  await expect(page.getByTestId("day-4").getByTestId("segment")).toHaveAttribute(
    "data-segment-title",
    "Pantheon",
  );
  await expect(page.getByTestId("day-2").getByTestId("segment")).toHaveCount(0);

  // And it is listed with the user's other trips.
  await page.goto("/trips");
  await expect(page.getByText("Roman holiday")).toBeVisible();
});

test("the planner page refuses to create a trip without dates, saying which fields", async ({ page }) => {
  await signUpInBrowser(page, "Dateless Planner", { tag: "e2e-planner" });
  await page.goto("/planner");
  await tell(page, "A long weekend in Lisbon for two of us");
  await expect(page.getByTestId("draft-destination")).toHaveValue("Lisbon");
  await page.getByTestId("draft-create").click();
  await expect(page.getByText("Please correct the highlighted fields.")).toBeVisible();
  await expect(page.getByTestId("draft-start")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/planner$/);
  await page.goto("/trips");
  await expect(page.getByTestId("trips-empty")).toBeVisible();
});
