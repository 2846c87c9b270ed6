// biome-ignore-all lint/suspicious/noExplicitAny: response bodies
/**
 * The TripSage REST API "Trip Collaboration" against the real database (PGlite or Postgres): sharing by
 * email (existing accounts and pending invitations claimed at sign-up), collaborator
 * management by role, the 10-collaborator limit, share links (join, max uses, revoke,
 * expiry, public read-only itinerary) and ownership transfer. Strangers always get 404.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as register from "@/app/api/auth/register/route";
import * as itin from "@/app/api/itineraries/[tripId]/route";
import * as segs from "@/app/api/itineraries/[tripId]/segments/route";
import * as shareJoin from "@/app/api/share/[token]/join/route";
import * as shareToken from "@/app/api/share/[token]/route";
import * as collaborator from "@/app/api/trips/[tripId]/collaborators/[userId]/route";
import * as collaborators from "@/app/api/trips/[tripId]/collaborators/route";
import * as invitations from "@/app/api/trips/[tripId]/invitations/route";
import * as link from "@/app/api/trips/[tripId]/links/[linkId]/route";
import * as links from "@/app/api/trips/[tripId]/links/route";
import * as trip from "@/app/api/trips/[tripId]/route";
import * as share from "@/app/api/trips/[tripId]/share/route";
import * as transfer from "@/app/api/trips/[tripId]/transfer/route";
import * as trips from "@/app/api/trips/route";
import { getDb } from "@/db/client";
import { shareLinks, tripCollaborators, tripInvitations, trips as tripsTable } from "@/db/schema";
import { expectApiError, expectFieldErrors } from "@/lib/testing/assertions";
import { call, makeTrip, makeUser } from "@/lib/testing/fixtures";

type Auth = { authorization: string };
type U = Awaited<ReturnType<typeof makeUser>>;

const UNKNOWN_UUID = "3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b";
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const NO_AUTH = {} as Auth;
const freshEmail = (p = "invitee") => `${p}-${crypto.randomUUID()}@example.com`;

// ---- API helpers ----------------------------------------------------------------------

const shareWith = (auth: Auth, tripId: string, body: unknown) =>
  call(share.POST, { method: "POST", params: { tripId }, body, headers: auth });
const listCollabs = (auth: Auth, tripId: string) =>
  call(collaborators.GET, { params: { tripId }, headers: auth });
const putCollab = (auth: Auth, tripId: string, userId: string, body: unknown) =>
  call(collaborator.PUT, { method: "PUT", params: { tripId, userId }, body, headers: auth });
const delCollab = (auth: Auth, tripId: string, userId: string) =>
  call(collaborator.DELETE, { method: "DELETE", params: { tripId, userId }, headers: auth });
const delInvitation = (auth: Auth, tripId: string, email?: string) =>
  call(invitations.DELETE, {
    method: "DELETE",
    path: `/api/trips/${tripId}/invitations${email === undefined ? "" : `?email=${encodeURIComponent(email)}`}`,
    params: { tripId },
    headers: auth,
  });
const createLink = (auth: Auth, tripId: string, body: unknown = {}) =>
  call(links.POST, { method: "POST", params: { tripId }, body, headers: auth });
const listLinks = (auth: Auth, tripId: string) => call(links.GET, { params: { tripId }, headers: auth });
const revokeLink = (auth: Auth, tripId: string, linkId: string) =>
  call(link.DELETE, { method: "DELETE", params: { tripId, linkId }, headers: auth });
const viewLink = (token: string, headers: Record<string, string> = {}) =>
  call(shareToken.GET, { params: { token }, headers });
const joinLink = (auth: Auth, token: string) =>
  call(shareJoin.POST, { method: "POST", params: { token }, headers: auth });
const transferTo = (auth: Auth, tripId: string, body: unknown) =>
  call(transfer.POST, { method: "POST", params: { tripId }, body, headers: auth });
const getTrip = (auth: Auth, tripId: string) => call(trip.GET, { params: { tripId }, headers: auth });
const putTrip = (auth: Auth, tripId: string, body: unknown) =>
  call(trip.PUT, { method: "PUT", params: { tripId }, body, headers: auth });
const delTrip = (auth: Auth, tripId: string) =>
  call(trip.DELETE, { method: "DELETE", params: { tripId }, headers: auth });
const doRegister = (body: unknown) => call(register.POST, { method: "POST", body });

/** Adds a collaborator through the API (owner shares by email) and checks it worked. */
async function addCollab(owner: U, tripId: string, who: U, permission_level: "viewer" | "editor" | "admin") {
  const res = await shareWith(owner.auth, tripId, { user_emails: [who.user.email], permission_level });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

async function counts(tripId: string) {
  const db = await getDb();
  const c = await db.select().from(tripCollaborators).where(eq(tripCollaborators.tripId, tripId));
  const i = await db.select().from(tripInvitations).where(eq(tripInvitations.tripId, tripId));
  return { collaborators: c.length, invitations: i.length };
}

async function linkRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
  return row;
}

// =======================================================================================
// Sharing by email
// =======================================================================================

describe("POST /api/trips/{id}/share", () => {
  let owner: U;
  let bob: U;
  let tripId: string;
  beforeEach(async () => {
    owner = await makeUser("Owner");
    bob = await makeUser("Jane Smith");
    tripId = (await makeTrip(owner.user.id, { title: "Shared trip" })).id;
  });

  it("shares with an existing account (email in another letter case) in the API document's shape", async () => {
    const before = Date.now();
    const res = await shareWith(owner.auth, tripId, {
      user_emails: [bob.user.email.toUpperCase()],
      permission_level: "editor",
      message: "Let's plan this trip together!",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toEqual({
      user_id: bob.user.id,
      email: bob.user.email,
      name: "Jane Smith",
      permission_level: "editor",
      added_by: owner.user.id,
      added_at: expect.stringMatching(ISO),
      is_active: true,
    });
    expect(Date.parse(res.body[0].added_at)).toBeGreaterThanOrEqual(before - 2_000);
    expect(await counts(tripId)).toEqual({ collaborators: 1, invitations: 0 });
  });

  it("an editor collaborator can read and edit the trip but not delete it", async () => {
    await addCollab(owner, tripId, bob, "editor");
    const got = await getTrip(bob.auth, tripId);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: tripId, role: "editor", user_id: owner.user.id });
    const listed = await call(trips.GET, { headers: bob.auth });
    expect(JSON.stringify(listed.body)).toContain(tripId);
    const put = await putTrip(bob.auth, tripId, { title: "Edited by Jane" });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.title).toBe("Edited by Jane");
    expectApiError(await delTrip(bob.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    expect((await getTrip(owner.auth, tripId)).body.title).toBe("Edited by Jane");
  });

  it("a viewer collaborator can read but not edit", async () => {
    await addCollab(owner, tripId, bob, "viewer");
    expect((await getTrip(bob.auth, tripId)).body.role).toBe("viewer");
    expectApiError(await putTrip(bob.auth, tripId, { title: "nope" }), 403, "INSUFFICIENT_PERMISSIONS");
  });

  it("sharing again with another level updates the collaborator (no duplicate)", async () => {
    await addCollab(owner, tripId, bob, "viewer");
    const res = await addCollab(owner, tripId, bob, "admin");
    expect(res.body).toMatchObject([{ user_id: bob.user.id, permission_level: "admin", is_active: true }]);
    expect(await counts(tripId)).toEqual({ collaborators: 1, invitations: 0 });
    expect((await getTrip(bob.auth, tripId)).body.role).toBe("admin");
  });

  it("the owner's own email is ignored (the owner stays owner)", async () => {
    const res = await shareWith(owner.auth, tripId, {
      user_emails: [owner.user.email.toUpperCase()],
      permission_level: "viewer",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(await counts(tripId)).toEqual({ collaborators: 0, invitations: 0 });
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
  });

  it("an unknown email becomes a pending invitation, claimed when that email registers", async () => {
    const email = freshEmail("Later.User");
    const res = await shareWith(owner.auth, tripId, { user_emails: [email], permission_level: "editor" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual([
      {
        user_id: null,
        email: email.toLowerCase(),
        name: null,
        permission_level: "editor",
        added_by: owner.user.id,
        added_at: expect.stringMatching(ISO),
        is_active: false,
      },
    ]);
    const listed = await listCollabs(owner.auth, tripId);
    expect(listed.body.collaborators).toContainEqual(
      expect.objectContaining({ email: email.toLowerCase(), is_active: false, user_id: null }),
    );

    // They sign up (with the email in upper case) and can open the trip straight away.
    const reg = await doRegister({ email: email.toUpperCase(), password: "a long password", name: "Later" });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const auth = { authorization: `Bearer ${reg.body.access_token}` };
    const got = await getTrip(auth, tripId);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body.role).toBe("editor");
    const after = await listCollabs(owner.auth, tripId);
    const entries = after.body.collaborators.filter(
      (c: any) => c.email.toLowerCase() === email.toLowerCase(),
    );
    expect(entries).toEqual([
      expect.objectContaining({ user_id: reg.body.user.id, is_active: true, permission_level: "editor" }),
    ]);
    expect(await counts(tripId)).toEqual({ collaborators: 1, invitations: 0 });
  });

  it("a withdrawn invitation is not claimed at sign-up", async () => {
    const email = freshEmail();
    expect((await shareWith(owner.auth, tripId, { user_emails: [email] })).status).toBe(200);
    const del = await delInvitation(owner.auth, tripId, email.toUpperCase());
    expect(del.status).toBe(204);
    expectApiError(await delInvitation(owner.auth, tripId, email), 404, "NOT_FOUND");
    const reg = await doRegister({ email, password: "a long password", name: "Nobody" });
    expect(reg.status).toBe(201);
    expectApiError(
      await getTrip({ authorization: `Bearer ${reg.body.access_token}` }, tripId),
      404,
      "NOT_FOUND",
    );
  });

  it("one request may mix accounts and invitations; duplicates count once", async () => {
    const email = freshEmail();
    const res = await shareWith(owner.auth, tripId, {
      user_emails: [bob.user.email, email, bob.user.email.toUpperCase(), email.toUpperCase()],
      permission_level: "viewer",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.body.map((c: any) => c.is_active).sort()).toEqual([false, true]);
    expect(await counts(tripId)).toEqual({ collaborators: 1, invitations: 1 });
  });

  it("invalid bodies → 422 naming the field (400 for malformed JSON), nothing written", async () => {
    expectFieldErrors(await shareWith(owner.auth, tripId, {}), ["user_emails"]);
    expectFieldErrors(await shareWith(owner.auth, tripId, { user_emails: [] }), ["user_emails"]);
    expectFieldErrors(await shareWith(owner.auth, tripId, { user_emails: "a@example.com" }), ["user_emails"]);
    expectFieldErrors(await shareWith(owner.auth, tripId, { user_emails: ["not-an-email"] }), [
      "user_emails.0",
    ]);
    expectFieldErrors(await shareWith(owner.auth, tripId, { user_emails: [42] }), ["user_emails.0"]);
    expectFieldErrors(
      await shareWith(owner.auth, tripId, { user_emails: [bob.user.email], permission_level: "owner" }),
      ["permission_level"],
    );
    expectFieldErrors(
      await shareWith(owner.auth, tripId, { user_emails: [bob.user.email], message: "x".repeat(1001) }),
      ["message"],
    );
    expectFieldErrors(
      await shareWith(owner.auth, tripId, { user_emails: Array.from({ length: 21 }, () => freshEmail()) }),
      ["user_emails"],
    );
    expectApiError(await shareWith(owner.auth, tripId, "{oops"), 400, "INVALID_JSON");
    expect(await counts(tripId)).toEqual({ collaborators: 0, invitations: 0 });
  });

  it("unknown or malformed trip ids → 404; no auth → 401", async () => {
    const body = { user_emails: [bob.user.email] };
    expectApiError(await shareWith(owner.auth, UNKNOWN_UUID, body), 404, "NOT_FOUND");
    expectApiError(await shareWith(owner.auth, "not-a-uuid", body), 404, "NOT_FOUND");
    expectApiError(await shareWith(NO_AUTH, tripId, body), 401);
  });
});

// =======================================================================================
// Collaborator management by role
// =======================================================================================

describe("collaborators: list, update, remove by role", () => {
  let owner: U;
  let admin: U;
  let editor: U;
  let viewer: U;
  let stranger: U;
  let tripId: string;

  beforeEach(async () => {
    [owner, admin, editor, viewer, stranger] = await Promise.all([
      makeUser("Owner"),
      makeUser("Admin"),
      makeUser("Editor"),
      makeUser("Viewer"),
      makeUser("Stranger"),
    ]);
    tripId = (await makeTrip(owner.user.id)).id;
    await addCollab(owner, tripId, admin, "admin");
    await addCollab(owner, tripId, editor, "editor");
    await addCollab(owner, tripId, viewer, "viewer");
  });

  it("GET lists {collaborators, total, owner_id} to every collaborator", async () => {
    for (const who of [owner, admin, editor, viewer]) {
      const res = await listCollabs(who.auth, tripId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, owner_id: owner.user.id });
      expect(res.body.collaborators).toHaveLength(3);
      const byId = Object.fromEntries(res.body.collaborators.map((c: any) => [c.user_id, c]));
      expect(byId[admin.user.id]).toEqual({
        user_id: admin.user.id,
        email: admin.user.email,
        name: "Admin",
        permission_level: "admin",
        added_by: owner.user.id,
        added_at: expect.stringMatching(ISO),
        is_active: true,
      });
      expect(byId[editor.user.id].permission_level).toBe("editor");
      expect(byId[viewer.user.id].permission_level).toBe("viewer");
      expect(byId[owner.user.id]).toBeUndefined();
    }
  });

  it("an editor cannot share, change or remove collaborators, or manage links (403)", async () => {
    expectApiError(
      await shareWith(editor.auth, tripId, { user_emails: [stranger.user.email] }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await putCollab(editor.auth, tripId, viewer.user.id, { permission_level: "admin" }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(await delCollab(editor.auth, tripId, viewer.user.id), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(await createLink(editor.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(await listLinks(editor.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    // An editor cannot promote themself either.
    expectApiError(
      await putCollab(editor.auth, tripId, editor.user.id, { permission_level: "admin" }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expect(await counts(tripId)).toEqual({ collaborators: 3, invitations: 0 });
    expect((await getTrip(editor.auth, tripId)).body.role).toBe("editor");
    expect((await getTrip(viewer.auth, tripId)).body.role).toBe("viewer");
  });

  it("a viewer gets 403 on share and link routes", async () => {
    expectApiError(
      await shareWith(viewer.auth, tripId, { user_emails: [stranger.user.email] }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(await createLink(viewer.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(await listLinks(viewer.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(
      await delInvitation(viewer.auth, tripId, "x@example.com"),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await transferTo(viewer.auth, tripId, { user_id: editor.user.id }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
  });

  it("an admin can share, change levels, remove collaborators and manage links", async () => {
    const shared = await shareWith(admin.auth, tripId, {
      user_emails: [stranger.user.email],
      permission_level: "viewer",
    });
    expect(shared.status).toBe(200);
    expect(shared.body[0]).toMatchObject({ user_id: stranger.user.id, added_by: admin.user.id });
    const put = await putCollab(admin.auth, tripId, viewer.user.id, { permission_level: "editor" });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ user_id: viewer.user.id, permission_level: "editor", is_active: true });
    expect((await delCollab(admin.auth, tripId, stranger.user.id)).status).toBe(204);
    const l = await createLink(admin.auth, tripId);
    expect(l.status).toBe(201);
    expect((await listLinks(admin.auth, tripId)).body.total).toBe(1);
    expect((await revokeLink(admin.auth, tripId, l.body.id)).status).toBe(204);
    // But an admin cannot delete the trip or transfer it.
    expectApiError(await delTrip(admin.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(
      await transferTo(admin.auth, tripId, { user_id: admin.user.id }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
  });

  it("PUT changes a collaborator's level and it takes effect", async () => {
    const res = await putCollab(owner.auth, tripId, editor.user.id, { permission_level: "viewer" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      user_id: editor.user.id,
      email: editor.user.email,
      name: "Editor",
      permission_level: "viewer",
      added_by: owner.user.id,
      added_at: expect.stringMatching(ISO),
      is_active: true,
    });
    expectApiError(await putTrip(editor.auth, tripId, { title: "blocked" }), 403, "INSUFFICIENT_PERMISSIONS");
    const up = await putCollab(owner.auth, tripId, viewer.user.id, { permission_level: "editor" });
    expect(up.status).toBe(200);
    expect((await putTrip(viewer.auth, tripId, { title: "allowed" })).status).toBe(200);
  });

  it("PUT: bad input → 422/404, never 500", async () => {
    expectFieldErrors(await putCollab(owner.auth, tripId, editor.user.id, {}), ["permission_level"]);
    expectFieldErrors(await putCollab(owner.auth, tripId, editor.user.id, { permission_level: "owner" }), [
      "permission_level",
    ]);
    expectApiError(await putCollab(owner.auth, tripId, editor.user.id, "{x"), 400, "INVALID_JSON");
    expectApiError(
      await putCollab(owner.auth, tripId, stranger.user.id, { permission_level: "viewer" }),
      404,
      "NOT_FOUND",
    );
    expectApiError(
      await putCollab(owner.auth, tripId, "nope", { permission_level: "viewer" }),
      404,
      "NOT_FOUND",
    );
    // The owner is not a collaborator row: an admin cannot demote them.
    expectApiError(
      await putCollab(admin.auth, tripId, owner.user.id, { permission_level: "viewer" }),
      404,
      "NOT_FOUND",
    );
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
    expect((await getTrip(editor.auth, tripId)).body.role).toBe("editor");
  });

  it("DELETE removes a collaborator (204); they then get 404 on the trip", async () => {
    const res = await delCollab(owner.auth, tripId, editor.user.id);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expectApiError(await getTrip(editor.auth, tripId), 404, "NOT_FOUND");
    expectApiError(await listCollabs(editor.auth, tripId), 404, "NOT_FOUND");
    expectApiError(await delCollab(owner.auth, tripId, editor.user.id), 404, "NOT_FOUND");
    expect((await listCollabs(owner.auth, tripId)).body.total).toBe(2);
    const mine = await call(trips.GET, { headers: editor.auth });
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).not.toContain(tripId);
  });

  it("a collaborator may leave (remove themself) but not remove others", async () => {
    expectApiError(await delCollab(viewer.auth, tripId, editor.user.id), 403, "INSUFFICIENT_PERMISSIONS");
    expect((await delCollab(viewer.auth, tripId, viewer.user.id)).status).toBe(204);
    expectApiError(await getTrip(viewer.auth, tripId), 404, "NOT_FOUND");
    expect((await getTrip(editor.auth, tripId)).status).toBe(200);
  });

  it("the owner cannot be removed by anyone", async () => {
    expectApiError(await delCollab(admin.auth, tripId, owner.user.id), 404, "NOT_FOUND");
    expectApiError(await delCollab(owner.auth, tripId, owner.user.id), 404, "NOT_FOUND");
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
  });

  it("a stranger gets 404 on every sharing route, and nothing changes", async () => {
    const s = stranger.auth;
    const l = await createLink(owner.auth, tripId);
    expectApiError(await shareWith(s, tripId, { user_emails: [stranger.user.email] }), 404, "NOT_FOUND");
    expectApiError(await listCollabs(s, tripId), 404, "NOT_FOUND");
    expectApiError(
      await putCollab(s, tripId, editor.user.id, { permission_level: "viewer" }),
      404,
      "NOT_FOUND",
    );
    expectApiError(await delCollab(s, tripId, editor.user.id), 404, "NOT_FOUND");
    expectApiError(await delCollab(s, tripId, stranger.user.id), 404, "NOT_FOUND");
    expectApiError(await delInvitation(s, tripId, "x@example.com"), 404, "NOT_FOUND");
    expectApiError(await createLink(s, tripId), 404, "NOT_FOUND");
    expectApiError(await listLinks(s, tripId), 404, "NOT_FOUND");
    expectApiError(await revokeLink(s, tripId, l.body.id), 404, "NOT_FOUND");
    expectApiError(await transferTo(s, tripId, { user_id: stranger.user.id }), 404, "NOT_FOUND");
    expect(await counts(tripId)).toEqual({ collaborators: 3, invitations: 0 });
    expect((await linkRow(l.body.id))?.revokedAt).toBeNull();
    expect((await getTrip(owner.auth, tripId)).body.user_id).toBe(owner.user.id);
  });

  it("every sharing route needs authentication (401)", async () => {
    expectApiError(await listCollabs(NO_AUTH, tripId), 401);
    expectApiError(await putCollab(NO_AUTH, tripId, editor.user.id, { permission_level: "viewer" }), 401);
    expectApiError(await delCollab(NO_AUTH, tripId, editor.user.id), 401);
    expectApiError(await delInvitation(NO_AUTH, tripId, "x@example.com"), 401);
    expectApiError(await createLink(NO_AUTH, tripId), 401);
    expectApiError(await listLinks(NO_AUTH, tripId), 401);
    expectApiError(await revokeLink(NO_AUTH, tripId, UNKNOWN_UUID), 401);
    expectApiError(await transferTo(NO_AUTH, tripId, { user_id: editor.user.id }), 401);
    expectApiError(await joinLink(NO_AUTH, "A".repeat(32)), 401);
  });

  it("invitations DELETE: bad or missing email → 422, unknown → 404", async () => {
    expectFieldErrors(await delInvitation(owner.auth, tripId), ["email"]);
    expectFieldErrors(await delInvitation(owner.auth, tripId, "not-an-email"), ["email"]);
    expectApiError(await delInvitation(owner.auth, tripId, "nobody@example.com"), 404, "NOT_FOUND");
    expectApiError(await delInvitation(owner.auth, "bad-id", "nobody@example.com"), 404, "NOT_FOUND");
  });
});

// =======================================================================================
// The 10-collaborator limit
// =======================================================================================

describe("max_collaborators_per_trip = 10 (collaborators + invitations)", () => {
  let owner: U;
  let tripId: string;
  let members: U[];

  beforeAll(async () => {
    owner = await makeUser("Popular");
    members = [];
    for (let i = 0; i < 4; i++) members.push(await makeUser(`Member ${i}`));
  });

  beforeEach(async () => {
    tripId = (await makeTrip(owner.user.id)).id;
  });

  /** Fills the trip to `n` entries: the 4 real members first, then invitations. */
  async function fill(n: number) {
    const emails = [
      ...members.map((m) => m.user.email),
      ...Array.from({ length: Math.max(0, n - members.length) }, () => freshEmail("filler")),
    ].slice(0, n);
    const res = await shareWith(owner.auth, tripId, { user_emails: emails, permission_level: "viewer" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toHaveLength(n);
  }

  it("an 11th person → 403 LIMIT_EXCEEDED, nothing written", async () => {
    await fill(10);
    expect((await listCollabs(owner.auth, tripId)).body.total).toBe(10);
    const extra = await makeUser("Eleventh");
    const res = await shareWith(owner.auth, tripId, {
      user_emails: [extra.user.email],
      permission_level: "editor",
    });
    expectApiError(res, 403, "LIMIT_EXCEEDED");
    const inv = await shareWith(owner.auth, tripId, { user_emails: [freshEmail()] });
    expectApiError(inv, 403, "LIMIT_EXCEEDED");
    expect(await counts(tripId)).toEqual({ collaborators: 4, invitations: 6 });
    expectApiError(await getTrip(extra.auth, tripId), 404, "NOT_FOUND");
  });

  it("a batch crossing the limit is refused as a whole", async () => {
    await fill(9);
    const a = freshEmail();
    const b = freshEmail();
    expectApiError(await shareWith(owner.auth, tripId, { user_emails: [a, b] }), 403, "LIMIT_EXCEEDED");
    expect(await counts(tripId)).toEqual({ collaborators: 4, invitations: 5 });
    // Exactly one more fits.
    expect((await shareWith(owner.auth, tripId, { user_emails: [a] })).status).toBe(200);
    expect(await counts(tripId)).toEqual({ collaborators: 4, invitations: 6 });
  });

  it("at the limit, changing an existing collaborator's level still works", async () => {
    await fill(10);
    const res = await shareWith(owner.auth, tripId, {
      user_emails: [members[0]?.user.email],
      permission_level: "editor",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body[0].permission_level).toBe("editor");
  });

  it("joining through a link at the limit → 403 LIMIT_EXCEEDED and the link is not used", async () => {
    await fill(10);
    const l = await createLink(owner.auth, tripId);
    const late = await makeUser("Late");
    expectApiError(await joinLink(late.auth, l.body.token), 403, "LIMIT_EXCEEDED");
    expect((await linkRow(l.body.id))?.uses).toBe(0);
    expectApiError(await getTrip(late.auth, tripId), 404, "NOT_FOUND");
  });

  it("concurrent additions at 9 never exceed 10", async () => {
    await fill(9);
    const l = await createLink(owner.auth, tripId, { permission_level: "viewer" });
    const joiners = [await makeUser("J1"), await makeUser("J2")];
    const results = await Promise.all([
      shareWith(owner.auth, tripId, { user_emails: [freshEmail()] }),
      ...joiners.map((j) => joinLink(j.auth, l.body.token)),
    ]);
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBe(1);
    for (const r of results) if (r.status !== 200) expectApiError(r, 403, "LIMIT_EXCEEDED");
    const c = await counts(tripId);
    expect(c.collaborators + c.invitations).toBe(10);
  });
});

// =======================================================================================
// Share links
// =======================================================================================

describe("share links", () => {
  let owner: U;
  let carol: U;
  let tripId: string;

  beforeEach(async () => {
    owner = await makeUser("Link owner");
    carol = await makeUser("Carol");
    tripId = (await makeTrip(owner.user.id, { title: "Linked trip" })).id;
  });

  it("creates a link: 201 with an unguessable token and /join/<token> url; listed to admins", async () => {
    const res = await createLink(owner.auth, tripId, {
      permission_level: "editor",
      max_uses: 5,
      expires_in_days: 7,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      trip_id: tripId,
      token: expect.stringMatching(/^[A-Za-z0-9_-]{22,}$/),
      permission_level: "editor",
      public: false,
      max_uses: 5,
      uses: 0,
      expires_at: expect.stringMatching(ISO),
      is_active: true,
    });
    expect(res.body.url).toBe(`/join/${res.body.token}`);
    const exp = Date.parse(res.body.expires_at) - Date.now();
    expect(exp).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(exp).toBeLessThan(7 * 86_400_000 + 60_000);

    const defaults = await createLink(owner.auth, tripId);
    expect(defaults.status).toBe(201);
    expect(defaults.body).toMatchObject({
      permission_level: "viewer",
      public: false,
      max_uses: null,
      expires_at: null,
    });
    expect(defaults.body.token).not.toBe(res.body.token);

    const listed = await listLinks(owner.auth, tripId);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(2);
    expect(listed.body.links.map((l: any) => l.id).sort()).toEqual([res.body.id, defaults.body.id].sort());
  });

  it("bad link bodies → 422/400 naming the field", async () => {
    expectFieldErrors(await createLink(owner.auth, tripId, { permission_level: "admin" }), [
      "permission_level",
    ]);
    expectFieldErrors(await createLink(owner.auth, tripId, { permission_level: "owner" }), [
      "permission_level",
    ]);
    expectFieldErrors(await createLink(owner.auth, tripId, { expires_in_days: 0 }), ["expires_in_days"]);
    expectFieldErrors(await createLink(owner.auth, tripId, { expires_in_days: 2.5 }), ["expires_in_days"]);
    expectFieldErrors(await createLink(owner.auth, tripId, { expires_in_days: 366 }), ["expires_in_days"]);
    expectFieldErrors(await createLink(owner.auth, tripId, { max_uses: 0 }), ["max_uses"]);
    expectFieldErrors(await createLink(owner.auth, tripId, { max_uses: -1 }), ["max_uses"]);
    expectFieldErrors(await createLink(owner.auth, tripId, { public: "yes" }), ["public"]);
    expectApiError(await createLink(owner.auth, tripId, "nope"), 400, "INVALID_JSON");
    expectApiError(await createLink(owner.auth, "not-a-uuid", {}), 404, "NOT_FOUND");
    expectApiError(await createLink(owner.auth, UNKNOWN_UUID, {}), 404, "NOT_FOUND");
    expect((await listLinks(owner.auth, tripId)).body.total).toBe(0);
  });

  it("joining through a link grants its role and counts a use; joining again changes nothing", async () => {
    const l = await createLink(owner.auth, tripId, { permission_level: "editor" });
    const res = await joinLink(carol.auth, l.body.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ trip_id: tripId, role: "editor" });
    const got = await getTrip(carol.auth, tripId);
    expect(got.status).toBe(200);
    expect(got.body.role).toBe("editor");
    expect((await putTrip(carol.auth, tripId, { description: "joined" })).status).toBe(200);
    expect((await linkRow(l.body.id))?.uses).toBe(1);
    const collabs = await listCollabs(owner.auth, tripId);
    expect(collabs.body.collaborators).toContainEqual(
      expect.objectContaining({ user_id: carol.user.id, permission_level: "editor", is_active: true }),
    );

    const again = await joinLink(carol.auth, l.body.token);
    expect(again.status).toBe(200);
    expect(again.body.role).toBe("editor");
    expect((await linkRow(l.body.id))?.uses).toBe(1);
    const listed = (await listLinks(owner.auth, tripId)).body.links[0];
    expect(listed.uses).toBe(1);
  });

  it("the owner joining their own link stays owner and uses nothing", async () => {
    const l = await createLink(owner.auth, tripId, { permission_level: "viewer", max_uses: 1 });
    const res = await joinLink(owner.auth, l.body.token);
    expect(res.status).toBe(200);
    expect(res.body.role).toBe("owner");
    expect((await linkRow(l.body.id))?.uses).toBe(0);
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
  });

  it("joining never downgrades an existing admin", async () => {
    await addCollab(owner, tripId, carol, "admin");
    const l = await createLink(owner.auth, tripId, { permission_level: "viewer" });
    const res = await joinLink(carol.auth, l.body.token);
    expect(res.status).toBe(200);
    expect(res.body.role).toBe("admin");
    expect((await getTrip(carol.auth, tripId)).body.role).toBe("admin");
    const c = (await listCollabs(owner.auth, tripId)).body.collaborators.find(
      (x: any) => x.user_id === carol.user.id,
    );
    expect(c.permission_level).toBe("admin");
  });

  it("max_uses exhausted → 404 for the next person (view and join)", async () => {
    const l = await createLink(owner.auth, tripId, { max_uses: 1 });
    expect((await joinLink(carol.auth, l.body.token)).status).toBe(200);
    const dave = await makeUser("Dave");
    expectApiError(await joinLink(dave.auth, l.body.token), 404, "NOT_FOUND");
    expectApiError(await viewLink(l.body.token), 404, "NOT_FOUND");
    expectApiError(await getTrip(dave.auth, tripId), 404, "NOT_FOUND");
    expect((await listLinks(owner.auth, tripId)).body.links[0]).toMatchObject({ uses: 1, is_active: false });
  });

  it("concurrent joins never exceed max_uses", async () => {
    const l = await createLink(owner.auth, tripId, { max_uses: 2 });
    const people = await Promise.all([makeUser("P1"), makeUser("P2"), makeUser("P3"), makeUser("P4")]);
    const results = await Promise.all(people.map((p) => joinLink(p.auth, l.body.token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    for (const r of results) if (r.status !== 200) expectApiError(r, 404, "NOT_FOUND");
    expect((await linkRow(l.body.id))?.uses).toBe(2);
    expect((await counts(tripId)).collaborators).toBe(2);
  });

  it("a revoked link → 404 to view and join; revoking twice → 404", async () => {
    const l = await createLink(owner.auth, tripId);
    const res = await revokeLink(owner.auth, tripId, l.body.id);
    expect(res.status).toBe(204);
    expectApiError(await joinLink(carol.auth, l.body.token), 404, "NOT_FOUND");
    expectApiError(await viewLink(l.body.token), 404, "NOT_FOUND");
    expectApiError(await revokeLink(owner.auth, tripId, l.body.id), 404, "NOT_FOUND");
    expect((await listLinks(owner.auth, tripId)).body.links[0].is_active).toBe(false);
    expectApiError(await getTrip(carol.auth, tripId), 404, "NOT_FOUND");
  });

  it("an expired link → 404 to view and join", async () => {
    const l = await createLink(owner.auth, tripId, { expires_in_days: 1, public: true });
    const db = await getDb();
    await db
      .update(shareLinks)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(shareLinks.id, l.body.id));
    expectApiError(await joinLink(carol.auth, l.body.token), 404, "NOT_FOUND");
    expectApiError(await viewLink(l.body.token), 404, "NOT_FOUND");
    expect((await listLinks(owner.auth, tripId)).body.links[0].is_active).toBe(false);
  });

  it("revoke: a link id of another trip, unknown or malformed → 404", async () => {
    const otherTrip = (await makeTrip(owner.user.id)).id;
    const l = await createLink(owner.auth, otherTrip);
    expectApiError(await revokeLink(owner.auth, tripId, l.body.id), 404, "NOT_FOUND");
    expect((await linkRow(l.body.id))?.revokedAt).toBeNull();
    expectApiError(await revokeLink(owner.auth, tripId, UNKNOWN_UUID), 404, "NOT_FOUND");
    expectApiError(await revokeLink(owner.auth, tripId, "nope"), 404, "NOT_FOUND");
  });

  it("unknown or malformed tokens → 404 (never 500)", async () => {
    for (const token of [
      "short",
      "A".repeat(32),
      "../../etc/passwd",
      "x".repeat(200),
      "%00",
      "a b c d e f g h i j k",
    ]) {
      expectApiError(await viewLink(token), 404, "NOT_FOUND");
      expectApiError(await joinLink(carol.auth, token), 404, "NOT_FOUND");
    }
  });

  it("a non-public link tells an anonymous visitor only the title and role, no itinerary", async () => {
    const l = await createLink(owner.auth, tripId, { permission_level: "editor" });
    const res = await viewLink(l.body.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      trip_id: tripId,
      trip_title: "Linked trip",
      permission_level: "editor",
      public: false,
    });
    expect(res.body).not.toHaveProperty("itinerary");
    expect(JSON.stringify(res.body)).not.toContain(owner.user.email);
  });

  it("a public link shows the itinerary (days and segments) read-only to anyone", async () => {
    const add = await call(segs.POST, {
      method: "POST",
      params: { tripId },
      body: { type: "activity", title: "Louvre", day_index: 2 },
      headers: owner.auth,
    });
    expect(add.status).toBe(201);
    const l = await createLink(owner.auth, tripId, { public: true });
    expect(l.status).toBe(201);
    expect(l.body.public).toBe(true);
    const res = await viewLink(l.body.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ trip_id: tripId, public: true, permission_level: "viewer" });
    const it = res.body.itinerary;
    expect(it).toBeDefined();
    expect(it.id).toBe(tripId);
    expect(it.role).toBe("viewer");
    expect(Array.isArray(it.days)).toBe(true);
    expect(it.days).toHaveLength(5);
    const day2 = it.days.find((d: any) => d.day_index === 2);
    expect(day2.segments.map((s: any) => s.title)).toEqual(["Louvre"]);
    // The owner's identity is not exposed to anonymous visitors.
    expect(it).not.toHaveProperty("user_id");
    expect(JSON.stringify(res.body)).not.toContain(owner.user.email);
    // Viewing does not make the visitor a collaborator nor use the link.
    expect((await linkRow(l.body.id))?.uses).toBe(0);
    expect(await counts(tripId)).toEqual({ collaborators: 0, invitations: 0 });
    // The same data the owner sees.
    const own = await call(itin.GET, { params: { tripId }, headers: owner.auth });
    expect(it.days.map((d: any) => d.segments.length)).toEqual(
      own.body.days.map((d: any) => d.segments.length),
    );
  });

  it("a public link does not publish booking references or confirmation numbers", async () => {
    const flight = await call(segs.POST, {
      method: "POST",
      params: { tripId },
      body: {
        type: "flight",
        title: "CDG → LHR",
        day_index: 1,
        details: {
          carrier: "Air France",
          flight_number: "AF1680",
          origin: "CDG",
          destination: "LHR",
          booking_reference: "QX7PZK",
        },
      },
      headers: owner.auth,
    });
    expect(flight.status, JSON.stringify(flight.body)).toBe(201);
    const hotel = await call(segs.POST, {
      method: "POST",
      params: { tripId },
      body: { type: "hotel", title: "Hotel", day_index: 1, details: { confirmation_number: "CONF-99812" } },
      headers: owner.auth,
    });
    expect(hotel.status, JSON.stringify(hotel.body)).toBe(201);
    const l = await createLink(owner.auth, tripId, { public: true });
    const res = await viewLink(l.body.token);
    expect(res.status).toBe(200);
    expect(res.body.itinerary.days[0].segments.map((s: any) => s.title).sort()).toEqual([
      "CDG → LHR",
      "Hotel",
    ]);
    // Anyone holding a PNR (plus the surname) can manage the booking: not for anonymous visitors.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain("QX7PZK");
    expect(text).not.toContain("CONF-99812");
  });

  it("a signed-in stranger viewing a public link is not granted access to the trip", async () => {
    const l = await createLink(owner.auth, tripId, { public: true, permission_level: "editor" });
    expect((await viewLink(l.body.token, carol.auth)).status).toBe(200);
    expectApiError(await getTrip(carol.auth, tripId), 404, "NOT_FOUND");
    expectApiError(await putTrip(carol.auth, tripId, { title: "vandal" }), 404, "NOT_FOUND");
  });

  it("a link stops working when its trip is deleted", async () => {
    const l = await createLink(owner.auth, tripId, { public: true });
    expect((await delTrip(owner.auth, tripId)).status).toBe(204);
    expectApiError(await viewLink(l.body.token), 404, "NOT_FOUND");
    expectApiError(await joinLink(carol.auth, l.body.token), 404, "NOT_FOUND");
  });
});

// =======================================================================================
// Ownership transfer
// =======================================================================================

describe("POST /api/trips/{id}/transfer", () => {
  let owner: U;
  let bob: U;
  let admin: U;
  let tripId: string;

  beforeEach(async () => {
    [owner, bob, admin] = await Promise.all([makeUser("Old owner"), makeUser("Bob"), makeUser("Admin")]);
    tripId = (await makeTrip(owner.user.id)).id;
    await addCollab(owner, tripId, bob, "editor");
    await addCollab(owner, tripId, admin, "admin");
  });

  it("owner → collaborator: they become owner, the old owner becomes admin", async () => {
    const res = await transferTo(owner.auth, tripId, { user_id: bob.user.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ trip_id: tripId, owner_id: bob.user.id });

    const asBob = await getTrip(bob.auth, tripId);
    expect(asBob.body).toMatchObject({ user_id: bob.user.id, role: "owner" });
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("admin");
    expect((await getTrip(admin.auth, tripId)).body.role).toBe("admin");

    const list = await listCollabs(bob.auth, tripId);
    expect(list.body.owner_id).toBe(bob.user.id);
    expect(list.body.total).toBe(2);
    const ids = list.body.collaborators.map((c: any) => c.user_id);
    expect(ids).not.toContain(bob.user.id);
    expect(list.body.collaborators).toContainEqual(
      expect.objectContaining({ user_id: owner.user.id, permission_level: "admin", is_active: true }),
    );

    // Ownership rights moved.
    expectApiError(await delTrip(owner.auth, tripId), 403, "INSUFFICIENT_PERMISSIONS");
    expectApiError(
      await transferTo(owner.auth, tripId, { user_id: owner.user.id }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    // Bob's stats count the trip now, the old owner's do not.
    const db = await getDb();
    const [row] = await db.select().from(tripsTable).where(eq(tripsTable.id, tripId));
    expect(row?.ownerId).toBe(bob.user.id);
    expect((await delTrip(bob.auth, tripId)).status).toBe(204);
  });

  it("a non-owner (even admin) → 403, nothing changes", async () => {
    expectApiError(
      await transferTo(admin.auth, tripId, { user_id: admin.user.id }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expectApiError(
      await transferTo(bob.auth, tripId, { user_id: bob.user.id }),
      403,
      "INSUFFICIENT_PERMISSIONS",
    );
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
  });

  it("to a non-collaborator or unknown user → 404, nothing changes", async () => {
    const outsider = await makeUser("Outsider");
    expectApiError(await transferTo(owner.auth, tripId, { user_id: outsider.user.id }), 404, "NOT_FOUND");
    expectApiError(await transferTo(owner.auth, tripId, { user_id: UNKNOWN_UUID }), 404, "NOT_FOUND");
    expectApiError(await transferTo(owner.auth, tripId, { user_id: owner.user.id }), 404, "NOT_FOUND");
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
    expectApiError(await getTrip(outsider.auth, tripId), 404, "NOT_FOUND");
    expect((await listCollabs(owner.auth, tripId)).body.total).toBe(2);
  });

  it("bad input → 422/400/404, never 500", async () => {
    expectFieldErrors(await transferTo(owner.auth, tripId, {}), ["user_id"]);
    expectFieldErrors(await transferTo(owner.auth, tripId, { user_id: "bob" }), ["user_id"]);
    expectFieldErrors(await transferTo(owner.auth, tripId, { user_id: 7 }), ["user_id"]);
    expectApiError(await transferTo(owner.auth, tripId, "{"), 400, "INVALID_JSON");
    expectApiError(await transferTo(owner.auth, "nope", { user_id: bob.user.id }), 404, "NOT_FOUND");
    expectApiError(await transferTo(owner.auth, UNKNOWN_UUID, { user_id: bob.user.id }), 404, "NOT_FOUND");
    expect((await getTrip(owner.auth, tripId)).body.role).toBe("owner");
  });
});

// =======================================================================================
// Sharing with an email while that email registers
// =======================================================================================

describe("share vs. registration race", () => {
  it("an invitation sent while its email is registering is never orphaned", async () => {
    // Run the two side by side many times with staggered starts: whatever the
    // interleaving, the new account must end up a collaborator (not a pending invitation
    // nobody will ever claim, which would also hold one of the 10 collaborator slots).
    const owner = await makeUser("Race owner");
    const orphans: { i: number; delay: number; counts: Awaited<ReturnType<typeof counts>> }[] = [];
    for (let i = 0; i < 60; i++) {
      const tripId = (await makeTrip(owner.user.id)).id;
      const email = freshEmail("race");
      const delay = (i % 20) * 8;
      const [reg, shared] = await Promise.all([
        doRegister({ email, password: "a long password", name: "Racer" }),
        new Promise((r) => setTimeout(r, delay)).then(() =>
          shareWith(owner.auth, tripId, { user_emails: [email] }),
        ),
      ]);
      expect(reg.status).toBe(201);
      expect(shared.status).toBe(200);
      const can = await getTrip({ authorization: `Bearer ${reg.body.access_token}` }, tripId);
      if (can.status !== 200) orphans.push({ i, delay, counts: await counts(tripId) });
    }
    expect(orphans).toEqual([]);
  }, 180_000);
});
