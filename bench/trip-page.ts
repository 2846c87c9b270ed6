/**
 * The trip page at 200 items over 14 days, in Chromium (Debian's, through Playwright), on
 * the production build: first render and interaction to next paint (INP) of add, move and
 * delete. Prints figures; asserts nothing about timings.
 *
 * - First render: Navigation Timing (`responseStart`, `domContentLoadedEventEnd`), paint
 *   timing (FCP) and LCP from a PerformanceObserver, plus "interactive": when React has
 *   hydrated the last card (its button carries React's props), measured from navigation start.
 * - INP: Event Timing (`PerformanceObserver({type: "event", durationThreshold: 16})`); an
 *   interaction's latency is the longest `duration` among its entries with the same
 *   `interactionId` — input delay + handlers + time to the next frame, as web-vitals counts it
 *   (entries under 16 ms are not reported by the browser: those interactions count as 16 ms).
 * - "Until on screen": from the input event to the DOM showing the change (a MutationObserver),
 *   which includes the request for add (server round trip) and the optimistic update for move
 *   and delete.
 *
 * Run by `npm run bench` (bench/run.ts) against the server it starts, or alone against a
 * running production server: `npx tsx bench/trip-page.ts http://127.0.0.1:3300`.
 */
import { chromium, type Page } from "@playwright/test";

const ITEMS = 200;
const DAYS = 14;
const TYPES = ["activity", "meal", "transfer", "hotel", "note", "meeting"] as const;
const BLOCKS = ["morning", "afternoon", "evening"] as const;

async function api(
  base: string,
  pathname: string,
  init: { method?: string; token?: string; body?: unknown } = {},
) {
  const res = await fetch(`${base}${pathname}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token && { authorization: `Bearer ${init.token}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${pathname} → ${res.status}: ${await res.text()}`);
  return res.json();
}

/** A user with one 14-day trip holding `items` segments spread over its days (and their ids). */
export async function seedBigTrip(base: string, items = ITEMS, days = DAYS) {
  const email = `page-bench-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const password = "bench-password-1";
  const auth = await api(base, "/api/auth/register", {
    method: "POST",
    body: { email, password, name: "Page Bench" },
  });
  const token: string = auth.access_token;
  const start = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 4, 1));
  const end = new Date(start);
  end.setUTCDate(end.getUTCDate() + days - 1);
  const trip = await api(base, "/api/trips", {
    method: "POST",
    token,
    body: {
      title: "Two weeks in Japan",
      start_date: start.toISOString().slice(0, 10),
      end_date: end.toISOString().slice(0, 10),
      destinations: [{ name: "Tokyo", country: "Japan" }],
      preferences: { budget: { total: 6000, currency: "JPY" } },
    },
  });
  for (let i = 0; i < items; i++) {
    const type = TYPES[i % TYPES.length] ?? "activity";
    await api(base, `/api/itineraries/${trip.id}/segments`, {
      method: "POST",
      token,
      body: {
        type,
        title: `Stop ${i + 1}`,
        day_index: (i % days) + 1,
        time_block: BLOCKS[i % 3],
        ...(i % 2 === 0 && { price: { amount: 1000 + i, currency: "JPY" } }),
        ...(i % 3 === 0 && { location: { name: `Place ${i + 1}`, address: `${i + 1} Chome, Tokyo` } }),
        ...(i % 4 === 0 && { notes: `Notes for stop ${i + 1}: book ahead, bring cash.` }),
      },
    });
  }
  return { email, password, token, tripId: trip.id as string };
}

/** Signs in through the login form; the page ends on `/trips/{tripId}`. */
export async function signIn(page: Page, email: string, password: string, tripId: string) {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(`/trips/${tripId}`)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(new RegExp(`/trips/${tripId}$`));
}

/**
 * In-page helpers, installed before the app's scripts (a plain string: the bundler's
 * function-name helpers do not exist in the page): Event Timing and LCP collectors, and
 * `__waitFor(cond)`, resolving with `performance.now()` once the DOM shows a change.
 */
const OBSERVE = `
  window.__events = [];
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__events.push({ name: e.name, id: e.interactionId, start: e.startTime, duration: e.duration });
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__lcp = e.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  window.__waitFor = (cond) => new Promise((resolve) => {
    const holds = () =>
      cond.kind === "present" ? !!document.querySelector(cond.selector)
      : cond.kind === "absent" ? !document.querySelector(cond.selector)
      : document.querySelectorAll(cond.selector)[cond.index]?.getAttribute("data-segment-title") === cond.title;
    if (holds()) return resolve(performance.now());
    const mo = new MutationObserver(() => {
      if (holds()) { mo.disconnect(); resolve(performance.now()); }
    });
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
`;

interface Interaction {
  inp: number;
  onScreen: number;
}

/**
 * Runs `act` (real input through Playwright) and waits until `done()` holds in the page;
 * returns the interaction's latency (max Event Timing duration of the interactions that
 * started after the action began; 16 ms when none reached the threshold) and the time from
 * the first input event to `done`.
 */
/** When an action's change is on screen: an element appears, goes, or a card sits at `index`. */
type Done =
  | { kind: "present"; selector: string }
  | { kind: "absent"; selector: string }
  | { kind: "at"; selector: string; index: number; title: string | null };

async function interact(page: Page, act: () => Promise<void>, done: Done): Promise<Interaction> {
  const t0: number = await page.evaluate(() => performance.now());
  await act();
  const finished: number = await page.evaluate(
    (cond) => (window as unknown as { __waitFor: (c: Done) => Promise<number> }).__waitFor(cond),
    done,
  );
  // Event Timing entries are dispatched after the next frame: give them a moment to land.
  await page.waitForTimeout(150);
  const events: { name: string; id: number; start: number; duration: number }[] = await page.evaluate(
    () => (window as unknown as { __events: [] }).__events,
  );
  const mine = events.filter((e) => e.start >= t0 && e.id > 0);
  const firstInput = events
    .filter((e) => e.start >= t0)
    .reduce((m, e) => Math.min(m, e.start), Number.POSITIVE_INFINITY);
  return {
    inp: mine.length ? Math.max(...mine.map((e) => e.duration)) : 16,
    onScreen: Number.isFinite(firstInput) ? finished - firstInput : finished - t0,
  };
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
};
const fmt = (xs: number[]) => ({
  "p50 ms": Math.round(q(xs, 0.5)),
  "max ms": Math.round(Math.max(...xs)),
  samples: xs.length,
});

/** Measures and prints the trip page figures against the production server at `base`. */
export async function measureTripPage(base: string, opts: { rounds?: number; loads?: number } = {}) {
  const rounds = opts.rounds ?? 8;
  const loads = opts.loads ?? 5;
  const { email, password, tripId } = await seedBigTrip(base);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 900 } });
    await context.addInitScript(OBSERVE);
    const page = await context.newPage();
    await signIn(page, email, password, tripId);

    // First render, cold-ish (each load is a full navigation with a warm server).
    const firstRender: Record<string, number[]> = { ttfb: [], fcp: [], lcp: [], dcl: [], interactive: [] };
    for (let i = 0; i < loads; i++) {
      await page.goto(`/trips/${tripId}`);
      await page.waitForFunction(
        (n) => {
          const cards = document.querySelectorAll('[data-testid="segment"]');
          const last = cards[cards.length - 1]?.querySelector("button");
          if (cards.length < n || !last) return false;
          if (!Object.keys(last).some((k) => k.startsWith("__reactProps"))) return false;
          (window as unknown as { __interactive: number }).__interactive ??= performance.now();
          return true;
        },
        ITEMS,
        { polling: "raf" },
      );
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
        const w = window as unknown as { __lcp: number; __interactive: number };
        return {
          ttfb: nav.responseStart,
          dcl: nav.domContentLoadedEventEnd,
          fcp,
          lcp: w.__lcp,
          interactive: w.__interactive,
        };
      });
      for (const [k, v] of Object.entries(t)) firstRender[k]?.push(v);
    }

    const add: Interaction[] = [];
    const move: Interaction[] = [];
    const del: Interaction[] = [];
    /** Opening the add form and the delete confirmation (a modal dialog over the page). */
    const open: Interaction[] = [];
    for (let r = 0; r < rounds; r++) {
      const day = (r % DAYS) + 1;
      const section = `[data-testid="day-${day}"]`;
      // Add: open the form, type, submit; measured on the submit click.
      open.push(
        await interact(page, () => page.locator(`[data-testid="add-segment-day-${day}"]`).click(), {
          kind: "present",
          selector: 'dialog[open][data-testid="add-segment-dialog"] [data-testid="segment-title"]',
        }),
      );
      const form = page.getByTestId("add-segment-dialog");
      await form.getByTestId("segment-title").fill(`Bench add ${r}`);
      add.push(
        await interact(page, () => form.getByTestId("segment-submit").click(), {
          kind: "present",
          selector: `${section} [data-segment-title="Bench add ${r}"]`,
        }),
      );
      await page.waitForLoadState("networkidle").catch(() => {});
      // Move: the first card of the day one place down.
      const first = page.locator(`${section} [data-testid="segment"]`).first();
      const title = await first.getAttribute("data-segment-title");
      move.push(
        await interact(page, () => first.locator('[data-action="move-down"]').click(), {
          kind: "at",
          selector: `${section} [data-testid="segment"]`,
          index: 1,
          title,
        }),
      );
      await page.waitForLoadState("networkidle").catch(() => {});
      // Delete: the card just added; measured on the confirm click.
      open.push(
        await interact(
          page,
          () =>
            page.locator(`${section} [data-segment-title="Bench add ${r}"] [data-action="delete"]`).click(),
          {
            kind: "present",
            selector: 'dialog[open][data-testid="confirm-dialog"] [data-testid="confirm-delete"]',
          },
        ),
      );
      del.push(
        await interact(page, () => page.getByTestId("confirm-delete").click(), {
          kind: "absent",
          selector: `${section} [data-segment-title="Bench add ${r}"]`,
        }),
      );
      await page.waitForLoadState("networkidle").catch(() => {});
    }

    console.log(`\nTrip page in Chromium — ${ITEMS} items over ${DAYS} days, production build`);
    console.table({
      "time to first byte": fmt(firstRender.ttfb ?? []),
      "first contentful paint": fmt(firstRender.fcp ?? []),
      "largest contentful paint": fmt(firstRender.lcp ?? []),
      "DOMContentLoaded end": fmt(firstRender.dcl ?? []),
      "all 200 cards hydrated": fmt(firstRender.interactive ?? []),
    });
    console.table({
      "add (submit click): INP": fmt(add.map((x) => x.inp)),
      "add: until on screen (incl. POST + refetch)": fmt(add.map((x) => x.onScreen)),
      "move down: INP": fmt(move.map((x) => x.inp)),
      "move down: until on screen (optimistic)": fmt(move.map((x) => x.onScreen)),
      "delete (confirm click): INP": fmt(del.map((x) => x.inp)),
      "delete: until on screen (optimistic)": fmt(del.map((x) => x.onScreen)),
      "open a dialog (add form, delete confirm): INP": fmt(open.map((x) => x.inp)),
    });
    const inp = Math.max(...[...add, ...move, ...del, ...open].map((x) => x.inp));
    const lcp = q(firstRender.lcp ?? [], 0.5);
    console.log(
      `worst INP ${Math.round(inp)} ms (target < 200 ms); median LCP ${Math.round(lcp)} ms (target < 1000 ms)`,
    );
  } finally {
    await browser.close();
  }
}

if (process.argv[1]?.endsWith("trip-page.ts")) {
  const base = process.argv[2] ?? process.env.BENCH_BASE_URL ?? "http://127.0.0.1:3300";
  measureTripPage(base).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
