/**
 * Browser sign-up and sign-in through the app's own forms (`/signup`, `/login`), shared by
 * the Playwright specs. Accounts made through the API are in ../api/helpers.ts (`registerUser`).
 */
import { expect, type Page } from "@playwright/test";
import { PASSWORD } from "../api/helpers";

export { PASSWORD };

/** A fresh, unique e-mail address (`<tag>-<time>-<random>@example.com`). */
export function freshEmail(tag = "e2e"): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** Fills and submits the sign-up form the page is on; the caller checks where it lands. */
export async function fillSignUp(
  page: Page,
  name: string,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Fills and submits the sign-in form the page is on; the caller checks where it lands. */
export async function fillSignIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Creates an account on `/signup` (of `base`, default the configured origin) and waits for
 * the trips list, whose navigation shows the new user's name.
 * @returns the account's e-mail address (password {@link PASSWORD})
 */
export async function signUpInBrowser(
  page: Page,
  name: string,
  opts: { tag?: string; base?: string } = {},
): Promise<string> {
  const email = freshEmail(opts.tag);
  await page.goto(`${opts.base ?? ""}/signup`);
  await fillSignUp(page, name, email);
  await expect(page).toHaveURL(/\/trips$/);
  await expect(page.getByTestId("nav-user")).toHaveText(name);
  return email;
}

/** Signs in on `/login?callbackUrl=<target>` and waits to land on `target` (default `/trips`). */
export async function signInInBrowser(
  page: Page,
  email: string,
  password = PASSWORD,
  target = "/trips",
): Promise<void> {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(target)}`);
  await fillSignIn(page, email, password);
  await expect(page).toHaveURL(new RegExp(`${target.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`));
}
