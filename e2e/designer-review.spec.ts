/**
 * The trip page's chat, in a browser against the production build: a turn's changes are
 * reviewed and undone ("1 change · Review · Undo"), and a structured question is rendered
 * as buttons and answered by clicking. The offline model cannot ask questions yet, so the
 * question test starts a second production server whose model is the scripted local
 * OpenAI-compatible server (lib/testing/openai-compatible-server.ts), on this checkout's ports.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type FakeOpenAI, type ScriptedTurn, startFakeOpenAI } from "../lib/testing/openai-compatible-server";
import { Api, postSse, tripBody, uid } from "./api/helpers";
import { signUpInBrowser } from "./helpers/auth";

/** Sends one chat message and waits until the trip designer has finished answering. */
async function ask(page: Page, text: string) {
  const before = await page.getByTestId("chat-message").count();
  const input = page.getByTestId("chat-input");
  await input.fill(text);
  await input.press("Enter");
  await expect(input).toHaveValue("");
  await expect.poll(() => page.getByTestId("chat-message").count()).toBeGreaterThanOrEqual(before + 2);
  await expect(page.getByTestId("chat-stop")).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId("chat-send")).toBeVisible();
}

/** Creates a 5-day Tokyo trip (1–5 June 2027) through the form; ends on the trip page. */
async function createTrip(page: Page, title: string) {
  await page.getByTestId("new-trip").click();
  await page.getByLabel("Trip name").fill(title);
  await page.getByLabel("Start date").fill("2027-06-01");
  await page.getByLabel("End date").fill("2027-06-05");
  await page.getByLabel("Destination 1", { exact: true }).fill("Tokyo");
  await page.getByLabel("Country of destination 1", { exact: true }).fill("Japan");
  await page.getByTestId("trip-submit").click();
  await expect(page).toHaveURL(/\/trips\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

const titlesOfDay = (page: Page, day: number) =>
  page
    .getByTestId(`day-${day}`)
    .getByTestId("segment")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-segment-title")));

test("a turn's change is reviewed and undone from the chat", async ({ page }) => {
  await signUpInBrowser(page, "Rae Reviewer");
  await createTrip(page, "Tokyo review");
  await ask(page, "add a day trip to Kyoto on day 3");
  await expect.poll(() => titlesOfDay(page, 3)).toEqual([expect.stringMatching(/kyoto/i)]);

  const bar = page.getByTestId("changeset-bar").last();
  await expect(bar.getByTestId("changeset-count")).toHaveText("1 change");
  await bar.getByTestId("changeset-review").click();
  await expect(bar.getByTestId("changeset-diff")).toContainText(/Added .*Kyoto.* \(activity, day 3/i);
  await bar.getByTestId("changeset-undo").click();
  await expect(bar.getByTestId("changeset-result")).toHaveText("Undone: 1 change reverted.");
  await expect(bar).toHaveAttribute("data-status", "undone");
  await expect.poll(() => titlesOfDay(page, 3)).toEqual([]);

  // After a reload the turn still shows as undone (the state is the server's, not the page's).
  await page.reload();
  await expect(page.getByTestId("changeset-bar").last()).toHaveAttribute("data-status", "undone");
  await expect(page.getByTestId("changeset-undo")).toHaveCount(0);
});

test.describe("with a real-model server (scripted OpenAI-compatible model)", () => {
  const APP_PORT = 3452;
  const MODEL_PORT = 3453;
  const base = `http://localhost:${APP_PORT}`;
  let model: FakeOpenAI;
  let app: ChildProcess | undefined;

  type Msg = { role: string; content: unknown };
  const segmentId = (body: Record<string, unknown>, title: string) => {
    const system = String((body.messages as Msg[])[0]?.content ?? "");
    return new RegExp(`SEGMENT id=(\\S+) .*title="${title}"`).exec(system)?.[1] ?? "missing";
  };
  const script = (body: Record<string, unknown>): ScriptedTurn => {
    const messages = body.messages as Msg[];
    const userAt = messages.findLastIndex((m) => m.role === "user");
    const said = String(messages[userAt]?.content ?? "");
    const answered = messages.slice(userAt).some((m) => m.role === "tool");
    if (/then fail/.test(said)) {
      // A tool call, then the provider refuses the follow-up request: an error mid-stream.
      return answered
        ? { status: 400, message: "This model's maximum context length is exceeded" }
        : {
            toolCalls: [
              { name: "add_segment", arguments: { type: "activity", title: "Teamlab", day_index: 2 } },
            ],
          };
    }
    if (answered) return { text: "Done." };
    if (/two dinners/.test(said)) {
      return {
        toolCalls: [
          {
            name: "add_segment",
            arguments: { type: "meal", title: "Ramen dinner", day_index: 2, time_block: "evening" },
          },
          {
            name: "add_segment",
            arguments: { type: "meal", title: "Sushi dinner", day_index: 3, time_block: "evening" },
          },
        ],
      };
    }
    if (/remove the dinner/.test(said)) {
      return {
        toolCalls: [
          {
            name: "ask_question",
            arguments: {
              questions: [
                {
                  id: "which_dinner",
                  type: "single_choice",
                  question: "Which dinner should I remove?",
                  options: [
                    { id: "ramen", label: "Ramen dinner (day 2)" },
                    { id: "sushi", label: "Sushi dinner (day 3)" },
                  ],
                },
              ],
              reason: "Two dinners match",
              pending: { action: "delete_segment" },
            },
          },
        ],
      };
    }
    if (/Ramen dinner \(day 2\)/.test(said)) {
      return {
        toolCalls: [{ name: "delete_segment", arguments: { segment_id: segmentId(body, "Ramen dinner") } }],
      };
    }
    return { text: "Sorry?" };
  };

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    model = await startFakeOpenAI(script, { port: MODEL_PORT });
    app = spawn("npx", ["tsx", "lib/server/main.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(APP_PORT),
        SEED_DEMO: "false",
        AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdefghijklmnop",
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: model.baseURL,
        AI_MODEL: "gpt-4o-mini",
        TRUST_PROXY_HOPS: "1",
        NEXT_TELEMETRY_DISABLED: "1",
        PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "tripsage-e2e-model-pglite-")),
        DATA_DIR: mkdtempSync(path.join(tmpdir(), "tripsage-e2e-model-data-")),
        DATABASE_URL: "",
      },
      stdio: "ignore",
      // Its own process group, so stopping it also stops the node process tsx starts.
      detached: true,
    });
    await expect
      .poll(
        async () => {
          try {
            return (await fetch(`${base}/api/health`)).status;
          } catch {
            return 0;
          }
        },
        { timeout: 150_000, intervals: [1000] },
      )
      .toBe(200);
  });

  test.afterAll(async () => {
    if (app?.pid) process.kill(-app.pid, "SIGTERM");
    await model?.close();
  });

  test("a question is rendered as buttons and answered by clicking one", async ({ page }) => {
    await signUpInBrowser(page, "Rae Reviewer", { base });
    await createTrip(page, "Tokyo questions");
    await ask(page, "add two dinners");
    await expect.poll(() => titlesOfDay(page, 2)).toEqual(["Ramen dinner"]);
    await expect.poll(() => titlesOfDay(page, 3)).toEqual(["Sushi dinner"]);

    await ask(page, "remove the dinner");
    const question = page.getByTestId("chat-question");
    await expect(question).toHaveCount(1);
    await expect(question).toContainText("Which dinner should I remove?");
    const options = question.getByTestId("chat-question-option");
    await expect(options).toHaveText(["Ramen dinner (day 2)", "Sushi dinner (day 3)"]);
    // Asking changed nothing.
    await expect.poll(() => titlesOfDay(page, 2)).toEqual(["Ramen dinner"]);

    await options.first().click();
    await expect(
      page
        .locator('[data-testid="chat-message"][data-role="user"]')
        .filter({ hasText: "Ramen dinner (day 2)" }),
    ).toHaveCount(1);
    await expect(page.getByTestId("chat-stop")).toBeHidden({ timeout: 60_000 });
    await expect.poll(() => titlesOfDay(page, 2)).toEqual([]);
    await expect.poll(() => titlesOfDay(page, 3)).toEqual(["Sushi dinner"]);
    // The answered question can no longer be clicked; the delete is one undoable change.
    await expect(options.first()).toBeDisabled();
    await expect(page.getByTestId("changeset-bar").last().getByTestId("changeset-count")).toHaveText(
      "1 change",
    );
  });

  test("a provider failure mid-stream ends the Trip Designer stream with an error event; the write stays undoable", async ({
    request,
  }) => {
    // A client of the second server: plain fetch against its base URL, with a fresh address.
    const anon = new Api(request);
    const post = (path: string, payload: unknown, token?: string) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { ...anon.headers({}, token ?? null), "Content-Type": "application/json" },
        body: JSON.stringify(payload),
      });
    const reg = await post("/api/auth/register", {
      email: `e2e-${uid()}@example.com`,
      password: "correct-horse-battery",
      name: "Stream Tester",
    });
    expect(reg.status).toBe(201);
    const { access_token } = (await reg.json()) as { access_token: string };
    const trip = (await (await post("/api/trips", tripBody(), access_token)).json()) as { id: string };
    const created = await post("/api/chat/sessions", { itineraryId: trip.id }, access_token);
    expect(created.status).toBe(201);
    const { sessionId } = (await created.json()) as { sessionId: string };

    const r = await postSse(base, anon.as(access_token), `/api/chat/sessions/${sessionId}/messages`, {
      message: "add teamlab on day 2 then fail",
    });
    expect(r.status).toBe(200);
    const names = r.events.map((e) => e.event);
    expect(names.slice(0, 2)).toEqual(["tool-call", "tool-result"]);
    expect(names.at(-1)).toBe("error");
    expect(names).not.toContain("done");
    expect(r.events.at(-1)?.data).toEqual({
      error: "Internal Server Error",
      message: expect.stringMatching(/refused the request/),
    });
    // The segment written before the failure is there, and the turn's changeset can undo it.
    const added = r.events[1]?.data.output as { segment: { id: string }; changeset_id: string };
    const undo = await post(`/api/changesets/${added.changeset_id}/undo`, undefined, access_token);
    expect(undo.status).toBe(200);
    expect(await undo.json()).toMatchObject({
      restored: [{ segment_id: added.segment.id, action: "removed" }],
      left_alone: [],
    });
  });
});
