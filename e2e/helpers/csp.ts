import type { Page } from "@playwright/test";

/**
 * Collects Content-Security-Policy violations on `page`: the DOM's `securitypolicyviolation`
 * event (logged from an init script) and console errors mentioning the policy. Call before
 * the first navigation; the returned array fills as violations happen.
 */
export async function watchCsp(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to (execute|load|apply)/i.test(m.text()))
      seen.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}
