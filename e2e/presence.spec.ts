/**
 * Presence in the browser: two people on one shared trip, each in their own browser
 * context, see each other's avatar in the trip header while both have it open, and it goes
 * when one leaves (the trip page's SSE stream, authenticated by the session cookie).
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { body, expectStatus, registerUser, type TestUser, tripBody } from "./api/helpers";
import { signInInBrowser } from "./helpers/auth";

async function signIn(browser: Browser, user: TestUser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  await signInInBrowser(page, user.email, user.password);
  return page;
}

test("presence avatars appear and disappear with a second person on the trip", async ({
  browser,
  request,
}) => {
  const owner = await registerUser(request, { name: "Olive Owner" });
  const member = await registerUser(request, { name: "Max Member" });
  const trip = await body(await owner.api.post("/api/trips", tripBody()));
  await expectStatus(
    await owner.api.post(`/api/trips/${trip.id}/share`, {
      user_emails: [member.email],
      permission_level: "editor",
    }),
    200,
  );
  const a = await signIn(browser, owner);
  const b = await signIn(browser, member);

  await a.goto(`/trips/${trip.id}`);
  await expect(a.getByTestId("trip-header")).toBeVisible();
  await expect(a.getByTestId("presence-avatars")).toHaveCount(0); // alone: nothing shown

  await b.goto(`/trips/${trip.id}`);
  const seenByA = a.getByTestId("presence-avatar");
  await expect(seenByA).toHaveCount(1);
  await expect(seenByA).toHaveAttribute("data-user-id", member.id);
  await expect(seenByA).toContainText("Max Member");
  const seenByB = b.getByTestId("presence-avatar");
  await expect(seenByB).toHaveCount(1);
  await expect(seenByB).toHaveAttribute("data-user-id", owner.id);

  await b.goto("/trips");
  await expect(a.getByTestId("presence-avatar")).toHaveCount(0);

  await a.context().close();
  await b.context().close();
});
