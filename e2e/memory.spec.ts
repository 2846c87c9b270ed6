import { expect, test } from "@playwright/test";
import { signUpInBrowser } from "./helpers/auth";

test("travel memory: the avoid list is saved and read back by the memory API; nothing is listed as learned yet", async ({
  page,
}) => {
  await signUpInBrowser(page, "Memory Person", { tag: "e2e-memory" });

  await page.goto("/settings/profile");
  await expect(page.getByTestId("memory-learned")).toContainText("Nothing yet");
  const avoid = page.getByTestId("memory-avoid");
  await avoid.getByText("Red-eye flights", { exact: true }).click();
  await avoid.getByLabel("Add to never offer me").fill("Hostels, 6am departures");
  await avoid.getByRole("button", { name: "Add" }).click();
  await page.getByTestId("memory-save").click();
  await expect(page.getByText("Travel preferences saved")).toBeVisible();

  const memory = await page.request.get("/api/memory/user");
  expect(memory.status()).toBe(200);
  const body = await memory.json();
  expect(body.preferences.avoid).toEqual(["Red-eye flights", "Hostels", "6am departures"]);
  expect(body.learned_from_conversation).toEqual([]);

  await page.reload();
  await expect(page.getByTestId("memory-avoid").locator("input:checked")).toHaveCount(3);
});
