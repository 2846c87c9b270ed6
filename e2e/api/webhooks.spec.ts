/**
 * The TripSage REST API "Webhook Integration": register, list, read, deliveries, delete, and the SSRF guard
 * (the e2e server allow-lists no host, so loopback/private/metadata targets are refused).
 *
 * The accepted webhook points at a public IP literal (no DNS needed) and subscribes to
 * `flight.price_changed`, which this build never emits, so no test makes the server send
 * anything to a third party.
 */
import { expect, test } from "@playwright/test";
import {
  body,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  isIsoDateTime,
  registerUser,
  UNKNOWN_UUID,
} from "./helpers";

const PUBLIC_TARGET = "https://93.184.215.14/webhooks/tripsage";

test.describe("webhooks", () => {
  test("SSRF targets are refused with 422 on the url field", async ({ request }) => {
    const user = await registerUser(request);
    for (const url of [
      "http://127.0.0.1/",
      "http://localhost:3100/api/health",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/hook",
      "http://[::1]/hook",
    ]) {
      const res = await user.api.post("/api/webhooks", { url, events: ["trip.created"] });
      const b = await expectValidationError(res, ["url"]);
      expect(b.code, url).toBe("VALIDATION_ERROR");
    }
    expect((await body(await user.api.get("/api/webhooks"))).total).toBe(0);
  });

  test("create (201, secret once), list, read, deliveries, delete", async ({ request }) => {
    const user = await registerUser(request);
    const res = await user.api.post("/api/webhooks", {
      url: PUBLIC_TARGET,
      events: ["flight.price_changed"],
      secret: "webhook_secret_key_0123456789",
    });
    await expectStatus(res, 201);
    const hook = await body(res);
    expect(hook).toMatchObject({ url: PUBLIC_TARGET, events: ["flight.price_changed"], is_active: true });
    expect(typeof hook.id).toBe("string");
    // README: a secret supplied in another form is used as whsec_ + base64 of its bytes.
    expect(hook.secret).toBe(`whsec_${Buffer.from("webhook_secret_key_0123456789").toString("base64")}`);
    expect(isIsoDateTime(hook.created_at)).toBe(true);
    expect(res.headers().location).toBe(`/api/webhooks/${hook.id}`);

    const list = await user.api.get("/api/webhooks");
    await expectStatus(list, 200);
    const lb = await body(list);
    expect(lb.total).toBe(1);
    expect(lb.webhooks).toHaveLength(1);
    expect(lb.webhooks[0]).toMatchObject({
      id: hook.id,
      url: PUBLIC_TARGET,
      events: ["flight.price_changed"],
    });
    expect(lb.webhooks[0]).not.toHaveProperty("secret");

    const one = await user.api.get(`/api/webhooks/${hook.id}`);
    await expectStatus(one, 200);
    expect(await body(one)).toMatchObject({ id: hook.id, url: PUBLIC_TARGET });
    expect(await body(one)).not.toHaveProperty("secret");

    const del0 = await user.api.get(`/api/webhooks/${hook.id}/deliveries`);
    await expectStatus(del0, 200);
    expect(await body(del0)).toEqual({ deliveries: [], total: 0 });
    await expectValidationError(
      await user.api.get(`/api/webhooks/${hook.id}/deliveries`, { params: { limit: 0 } }),
      ["limit"],
    );

    const del = await user.api.delete(`/api/webhooks/${hook.id}`);
    expect(del.status()).toBe(204);
    await expectTripSageError(await user.api.get(`/api/webhooks/${hook.id}`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await user.api.get(`/api/webhooks/${hook.id}/deliveries`), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await user.api.delete(`/api/webhooks/${hook.id}`), 404, { code: "NOT_FOUND" });
    expect(await body(await user.api.get("/api/webhooks"))).toEqual({ webhooks: [], total: 0 });
  });

  test("without a secret, one is generated (whsec_…) and shown only at creation", async ({ request }) => {
    const user = await registerUser(request);
    const hook = await body(
      await user.api.post("/api/webhooks", { url: PUBLIC_TARGET, events: ["flight.price_changed"] }),
    );
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(JSON.stringify(await body(await user.api.get("/api/webhooks")))).not.toContain(hook.secret);
    await expectStatus(await user.api.delete(`/api/webhooks/${hook.id}`), 204);
  });

  test("another user's webhook is a 404; bad bodies are 422; anonymous is 401", async ({ request }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const hook = await body(
      await owner.api.post("/api/webhooks", { url: PUBLIC_TARGET, events: ["flight.price_changed"] }),
    );
    await expectTripSageError(await stranger.api.get(`/api/webhooks/${hook.id}`), 404, { code: "NOT_FOUND" });
    await expectTripSageError(await stranger.api.get(`/api/webhooks/${hook.id}/deliveries`), 404);
    await expectTripSageError(await stranger.api.delete(`/api/webhooks/${hook.id}`), 404);
    expect((await body(await stranger.api.get("/api/webhooks"))).total).toBe(0);
    await expectTripSageError(await owner.api.get(`/api/webhooks/${UNKNOWN_UUID}`), 404);

    await expectValidationError(
      await owner.api.post("/api/webhooks", { url: "ftp://example.com/x", events: ["trip.created"] }),
      ["url"],
    );
    await expectValidationError(await owner.api.post("/api/webhooks", { url: PUBLIC_TARGET, events: [] }), [
      "events",
    ]);
    await expectValidationError(
      await owner.api.post("/api/webhooks", { url: PUBLIC_TARGET, events: ["trip.exploded"] }),
      ["events.0"],
    );
    await expectValidationError(
      await owner.api.post("/api/webhooks", {
        url: PUBLIC_TARGET,
        events: ["trip.created"],
        secret: "short",
      }),
      ["secret"],
    );
    await expectTripSageError(await owner.api.as(null).get("/api/webhooks"), 401, { type: "authentication" });

    await expectStatus(await owner.api.delete(`/api/webhooks/${hook.id}`), 204);
  });
});
