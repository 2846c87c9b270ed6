import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { JoinForm } from "@/components/sharing/join-form";
import { PublicShell } from "@/components/sharing/public-shell";
import { ROLE_HINT, ROLE_LABEL, SHARE_TOKEN } from "@/components/sharing/types";
import { CompassIcon, UsersIcon } from "@/components/ui/icons";
import { getDb } from "@/db/client";
import { loadTripWithRole, roleAtLeast } from "@/lib/domain/auth/permissions";
import { describeShareLink } from "@/lib/domain/sharing/service";
import { sessionCaller } from "@/lib/http/caller";
import { ApiError } from "@/lib/http/errors";
import { joinTripAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };
type Lookup =
  | { ok: true; link: Awaited<ReturnType<typeof describeShareLink>> }
  | { ok: false; title: string; detail: string };

const BROKEN = {
  ok: false,
  title: "This link doesn’t work",
  detail: "It may have been revoked by the trip’s owner, or copied incompletely. Ask them for a new one.",
} as const;

/** The link behind `token`, or why it cannot be used (looked up once per request). */
const lookup = cache(async (token: string): Promise<Lookup> => {
  if (!SHARE_TOKEN.test(token)) return BROKEN;
  try {
    return { ok: true, link: await describeShareLink(await getDb(), token) };
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "NOT_FOUND") throw err;
    if (/expired/i.test(err.message))
      return {
        ok: false,
        title: "This link has expired",
        detail: "Ask the trip’s owner to send you a new one.",
      };
    if (/maximum/i.test(err.message))
      return {
        ok: false,
        title: "This link has been used up",
        detail: "It could only be used a limited number of times. Ask the trip’s owner for a new one.",
      };
    return BROKEN;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { token } = await params;
  const found = await lookup(token);
  return {
    title: found.ok ? `Join “${found.link.trip_title}”` : "Invitation",
    robots: { index: false, follow: false },
  };
}

export default async function JoinPage({ params }: Props) {
  const { token } = await params;
  const db = await getDb();
  const [found, caller] = await Promise.all([lookup(token), sessionCaller(db)]);

  if (!found.ok) {
    return (
      <PublicShell signedIn={!!caller}>
        <div className="card p-6 text-center sm:p-8" data-testid="join-invalid">
          <span className="inline-flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-500">
            <CompassIcon className="size-6" />
          </span>
          <h1 className="mt-4 text-xl font-semibold tracking-tight">{found.title}</h1>
          <p className="mt-2 text-sm text-slate-600">{found.detail}</p>
          <Link href={caller ? "/trips" : "/"} className="btn-primary mt-6">
            {caller ? "Back to your trips" : "Go to TripSage"}
          </Link>
        </div>
      </PublicShell>
    );
  }

  const { link } = found;
  const back = `/join/${token}`;
  const existing = caller ? await loadTripWithRole(db, caller.userId, link.trip_id) : null;
  const alreadyIn = existing && roleAtLeast(existing.role, link.permission_level);

  return (
    <PublicShell signedIn={!!caller}>
      <div className="card p-6 sm:p-8" data-testid="join-card">
        <span className="inline-flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
          <UsersIcon className="size-6" />
        </span>
        <p className="mt-4 text-sm font-medium text-brand-700">You’re invited to plan</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words" data-testid="join-trip-title">
          {link.trip_title}
        </h1>
        <p className="mt-3 text-sm text-slate-600">
          You’ll join as{" "}
          <span className="font-semibold text-slate-900" data-testid="join-role">
            {ROLE_LABEL[link.permission_level].toLowerCase()}
          </span>
          : you {ROLE_HINT[link.permission_level]}.
        </p>

        <div className="mt-6">
          {!caller ? (
            <div className="flex flex-col gap-2">
              <Link
                href={`/login?callbackUrl=${encodeURIComponent(back)}`}
                className="btn-primary w-full"
                data-testid="join-sign-in"
              >
                Sign in to join
              </Link>
              <Link
                href={`/signup?callbackUrl=${encodeURIComponent(back)}`}
                className="btn-secondary w-full"
                data-testid="join-sign-up"
              >
                Create an account
              </Link>
            </div>
          ) : alreadyIn ? (
            <div className="space-y-3">
              <p className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-800" role="status">
                {existing.role === "owner"
                  ? "This is your trip."
                  : `You’re already on this trip as ${ROLE_LABEL[existing.role].toLowerCase()}.`}
              </p>
              <Link href={`/trips/${link.trip_id}`} className="btn-primary w-full" data-testid="open-trip">
                Open trip
              </Link>
            </div>
          ) : (
            <div className="space-y-3">
              <JoinForm action={joinTripAction.bind(null, token)} label="Join trip" />
              <p className="text-center text-xs text-slate-500">
                Signed in as <span className="font-medium text-slate-700">{caller.email}</span>
              </p>
            </div>
          )}
        </div>

        {link.public ? (
          <p className="mt-6 border-t border-slate-100 pt-4 text-center text-sm">
            <Link href={`/s/${token}`} className="font-medium text-brand-700 hover:underline">
              Preview the itinerary
            </Link>
          </p>
        ) : null}
      </div>
    </PublicShell>
  );
}
