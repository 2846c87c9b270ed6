/**
 * The TripSage REST API "Trip Collaboration" (share by email, collaborators) and the share-link extension
 * (README / OpenAPI): roles viewer < editor < admin < owner.
 */
import { expect, test } from "@playwright/test";
import {
  Api,
  body,
  createTrip,
  expectStatus,
  expectTripSageError,
  expectValidationError,
  isIsoDateTime,
  type Json,
  registerUser,
  uid,
} from "./helpers";

test.describe("share by email", () => {
  test("share with a viewer: the TripSage REST API response, collaborators list, viewer reads but cannot write", async ({
    request,
  }) => {
    const owner = await registerUser(request, { name: "Owner" });
    const viewer = await registerUser(request, { name: "Jane Smith" });
    const trip = await createTrip(owner.api);

    const res = await owner.api.post(`/api/trips/${trip.id}/share`, {
      user_emails: [viewer.email],
      permission_level: "viewer",
      message: "Let's plan this trip together!",
    });
    await expectStatus(res, 200);
    const shared = await body(res);
    expect(Array.isArray(shared)).toBe(true);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({
      user_id: viewer.id,
      email: viewer.email,
      name: "Jane Smith",
      permission_level: "viewer",
      added_by: owner.id,
      is_active: true,
    });
    expect(isIsoDateTime(shared[0].added_at)).toBe(true);

    const col = await owner.api.get(`/api/trips/${trip.id}/collaborators`);
    await expectStatus(col, 200);
    const cb = await body(col);
    expect(cb).toMatchObject({ total: 1, owner_id: owner.id });
    expect(cb.collaborators).toHaveLength(1);
    expect(cb.collaborators[0]).toMatchObject({
      user_id: viewer.id,
      email: viewer.email,
      name: "Jane Smith",
      permission_level: "viewer",
      added_by: owner.id,
      is_active: true,
    });

    // The viewer sees the trip (and its collaborators) …
    await expectStatus(await viewer.api.get(`/api/trips/${trip.id}`), 200);
    await expectStatus(await viewer.api.get(`/api/itineraries/${trip.id}`), 200);
    await expectStatus(await viewer.api.get(`/api/trips/${trip.id}/collaborators`), 200);
    const list = await body(await viewer.api.get("/api/trips"));
    expect(list.items.map((t: Json) => t.id)).toContain(trip.id);

    // … but every write is 403 INSUFFICIENT_PERMISSIONS.
    const forbidden = { code: "INSUFFICIENT_PERMISSIONS", type: "authorization" };
    await expectTripSageError(
      await viewer.api.put(`/api/trips/${trip.id}`, { title: "Viewer edit" }),
      403,
      forbidden,
    );
    await expectTripSageError(
      await viewer.api.post(`/api/itineraries/${trip.id}/segments`, { type: "note", title: "Viewer note" }),
      403,
      forbidden,
    );
    await expectTripSageError(
      await viewer.api.post(`/api/trips/${trip.id}/share`, { user_emails: ["x@example.com"] }),
      403,
      forbidden,
    );
    await expectTripSageError(await viewer.api.delete(`/api/trips/${trip.id}`), 403, forbidden);
    expect((await body(await owner.api.get(`/api/trips/${trip.id}`))).title).toBe(trip.title);
  });

  test("an editor may edit but not delete or manage collaborators", async ({ request }) => {
    const owner = await registerUser(request);
    const editor = await registerUser(request);
    const trip = await createTrip(owner.api);
    await expectStatus(
      await owner.api.post(`/api/trips/${trip.id}/share`, {
        user_emails: [editor.email],
        permission_level: "editor",
      }),
      200,
    );
    const upd = await editor.api.put(`/api/trips/${trip.id}`, { title: "Edited by editor" });
    await expectStatus(upd, 200);
    expect((await body(upd)).title).toBe("Edited by editor");
    await expectStatus(
      await editor.api.post(`/api/itineraries/${trip.id}/segments`, { type: "note", title: "Editor note" }),
      201,
    );
    await expectTripSageError(await editor.api.delete(`/api/trips/${trip.id}`), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
    await expectTripSageError(
      await editor.api.post(`/api/trips/${trip.id}/share`, { user_emails: ["y@example.com"] }),
      403,
      { code: "INSUFFICIENT_PERMISSIONS" },
    );
  });

  test("sharing with an unknown email creates a pending invitation that sign-up claims", async ({
    request,
  }) => {
    const owner = await registerUser(request);
    const trip = await createTrip(owner.api);
    const email = `invitee-${uid()}@example.com`;
    const shared = await body(
      await owner.api.post(`/api/trips/${trip.id}/share`, {
        user_emails: [email],
        permission_level: "editor",
      }),
    );
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ email, permission_level: "editor", is_active: false });

    const invitee = await registerUser(request, { email });
    await expectStatus(await invitee.api.get(`/api/trips/${trip.id}`), 200);
    const cb = await body(await owner.api.get(`/api/trips/${trip.id}/collaborators`));
    expect(cb.collaborators.find((c: Json) => c.email === email)).toMatchObject({
      user_id: invitee.id,
      is_active: true,
      permission_level: "editor",
    });
  });

  test("max_collaborators_per_trip from /api/config is enforced, atomically", async ({ request }) => {
    const owner = await registerUser(request);
    const trip = await createTrip(owner.api);
    const limit = (await body(await owner.api.get("/api/config"))).limits.max_collaborators_per_trip;
    const emails = Array.from({ length: limit + 1 }, (_, i) => `crowd-${i}-${uid()}@example.com`);
    const res = await owner.api.post(`/api/trips/${trip.id}/share`, { user_emails: emails });
    await expectTripSageError(res, 403, { code: "LIMIT_EXCEEDED", type: "authorization" });
    expect((await body(await owner.api.get(`/api/trips/${trip.id}/collaborators`))).total).toBe(0);
    const fits = await owner.api.post(`/api/trips/${trip.id}/share`, { user_emails: emails.slice(0, limit) });
    await expectStatus(fits, 200);
    expect((await body(await owner.api.get(`/api/trips/${trip.id}/collaborators`))).total).toBe(limit);
  });

  test("share validation (422), strangers (404) and anonymous callers (401)", async ({ request }) => {
    const owner = await registerUser(request);
    const stranger = await registerUser(request);
    const trip = await createTrip(owner.api);
    await expectValidationError(await owner.api.post(`/api/trips/${trip.id}/share`, { user_emails: [] }), [
      "user_emails",
    ]);
    await expectValidationError(
      await owner.api.post(`/api/trips/${trip.id}/share`, { user_emails: ["not-an-email"] }),
      ["user_emails.0"],
    );
    await expectValidationError(
      await owner.api.post(`/api/trips/${trip.id}/share`, {
        user_emails: [stranger.email],
        permission_level: "owner",
      }),
      ["permission_level"],
    );
    await expectTripSageError(
      await stranger.api.post(`/api/trips/${trip.id}/share`, { user_emails: [stranger.email] }),
      404,
      { code: "NOT_FOUND" },
    );
    await expectTripSageError(await stranger.api.get(`/api/trips/${trip.id}/collaborators`), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await new Api(request).get(`/api/trips/${trip.id}/collaborators`), 401);
  });
});

test.describe("share links", () => {
  test("an editor link: describe without an account, join, then edit", async ({ request }) => {
    const owner = await registerUser(request);
    const joiner = await registerUser(request);
    const trip = await createTrip(owner.api);

    const res = await owner.api.post(`/api/trips/${trip.id}/links`, {
      permission_level: "editor",
      max_uses: 5,
    });
    await expectStatus(res, 201);
    const link = await body(res);
    expect(link).toMatchObject({
      trip_id: trip.id,
      permission_level: "editor",
      public: false,
      max_uses: 5,
      uses: 0,
      is_active: true,
    });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{16,64}$/);

    const links = await body(await owner.api.get(`/api/trips/${trip.id}/links`));
    expect(links.total).toBe(1);
    expect(links.links[0].id).toBe(link.id);

    // Anyone holding the token learns what it offers (no account needed) …
    const desc = await new Api(request).get(`/api/share/${link.token}`);
    await expectStatus(desc, 200);
    expect(await body(desc)).toMatchObject({
      trip_id: trip.id,
      trip_title: trip.title,
      permission_level: "editor",
      public: false,
    });
    // … but not the itinerary of a private link.
    expect(await body(desc)).not.toHaveProperty("itinerary");

    // Before joining the trip is invisible to the joiner.
    await expectTripSageError(await joiner.api.get(`/api/trips/${trip.id}`), 404);
    // Joining needs an account.
    await expectTripSageError(await new Api(request).post(`/api/share/${link.token}/join`), 401);

    const join = await joiner.api.post(`/api/share/${link.token}/join`);
    await expectStatus(join, 200);
    expect(await body(join)).toMatchObject({ trip_id: trip.id, role: "editor" });

    await expectStatus(await joiner.api.put(`/api/trips/${trip.id}`, { title: "Joined and edited" }), 200);
    const cb = await body(await owner.api.get(`/api/trips/${trip.id}/collaborators`));
    expect(cb.collaborators.find((c: Json) => c.user_id === joiner.id)).toMatchObject({
      permission_level: "editor",
      is_active: true,
    });
    const after = await body(await owner.api.get(`/api/trips/${trip.id}/links`));
    expect(after.links[0].uses).toBe(1);
  });

  test("a public viewer link shows the itinerary to anyone; a viewer who joins cannot write", async ({
    request,
  }) => {
    const owner = await registerUser(request);
    const joiner = await registerUser(request);
    const trip = await createTrip(owner.api);
    await owner.api.post(`/api/itineraries/${trip.id}/segments`, {
      type: "activity",
      title: "Shibuya Crossing",
      day_index: 1,
    });
    await expectStatus(
      await owner.api.post(`/api/itineraries/${trip.id}/segments`, {
        type: "hotel",
        title: "Park Hyatt Tokyo",
        day_index: 1,
        details: { confirmation_number: "CONF-998877", room_type: "King" },
      }),
      201,
    );
    const link = await body(await owner.api.post(`/api/trips/${trip.id}/links`, { public: true }));
    expect(link).toMatchObject({ permission_level: "viewer", public: true });

    const pub = await body(await new Api(request).get(`/api/share/${link.token}`));
    expect(pub).toMatchObject({ trip_id: trip.id, public: true, permission_level: "viewer" });
    expect(pub.itinerary.days[0].segments[0].title).toBe("Shibuya Crossing");
    // Booking references are not shown to strangers.
    const hotel = pub.itinerary.days[0].segments.find((x: Json) => x.type === "hotel");
    expect(hotel.details.room_type).toBe("King");
    expect(JSON.stringify(pub)).not.toContain("CONF-998877");
    expect(pub.itinerary).not.toHaveProperty("user_id");

    expect(await body(await joiner.api.post(`/api/share/${link.token}/join`))).toMatchObject({
      trip_id: trip.id,
      role: "viewer",
    });
    await expectStatus(await joiner.api.get(`/api/trips/${trip.id}`), 200);
    await expectTripSageError(await joiner.api.put(`/api/trips/${trip.id}`, { title: "No" }), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
  });

  test("unknown tokens are 404; non-admins cannot create links", async ({ request }) => {
    const owner = await registerUser(request);
    const viewer = await registerUser(request);
    const trip = await createTrip(owner.api);
    await owner.api.post(`/api/trips/${trip.id}/share`, {
      user_emails: [viewer.email],
      permission_level: "viewer",
    });
    const unknown = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    await expectTripSageError(await new Api(request).get(`/api/share/${unknown}`), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await viewer.api.post(`/api/share/${unknown}/join`), 404, {
      code: "NOT_FOUND",
    });
    await expectTripSageError(await viewer.api.post(`/api/trips/${trip.id}/links`, {}), 403, {
      code: "INSUFFICIENT_PERMISSIONS",
    });
    await expectValidationError(
      await owner.api.post(`/api/trips/${trip.id}/links`, { permission_level: "admin" }),
      ["permission_level"],
    );
  });
});
