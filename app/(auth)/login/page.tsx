import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { sessionCaller } from "@/lib/http/caller";
import { safeCallbackUrl } from "../callback-url";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

/** Notices other pages send people here with (`/login?message=…`). */
const MESSAGES: Record<string, string> = {
  "password-changed": "Your password was changed. Sign in with your new password.",
  "signed-out-everywhere": "You were signed out on every device. Sign in again to continue.",
};
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined);
  if (await sessionCaller(await getDb())) redirect(callbackUrl);
  const signupHref =
    callbackUrl === "/trips" ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className="card p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">Welcome back</h1>
      <p className="mt-1 text-sm text-slate-600">Sign in to keep planning your trips.</p>
      {typeof sp.message === "string" && MESSAGES[sp.message] ? (
        <p
          role="status"
          className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          {MESSAGES[sp.message]}
        </p>
      ) : null}
      <LoginForm
        callbackUrl={callbackUrl}
        initialError={sp.error ? "Invalid email or password" : undefined}
      />
      <p className="mt-6 text-center text-sm text-slate-600">
        New to TripSage?{" "}
        <Link href={signupHref} className="font-semibold text-brand-700 hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
