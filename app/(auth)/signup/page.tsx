import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { sessionCaller } from "@/lib/http/caller";
import { safeCallbackUrl } from "../callback-url";
import { SignupForm } from "./signup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create an account" };

export default async function SignupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined);
  if (await sessionCaller(await getDb())) redirect(callbackUrl);
  const loginHref =
    callbackUrl === "/trips" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className="card p-6 sm:p-8">
      <h1 className="text-xl font-semibold tracking-tight">Create your account</h1>
      <p className="mt-1 text-sm text-slate-600">Start planning with your own AI trip designer.</p>
      <SignupForm callbackUrl={callbackUrl} />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={loginHref} className="font-semibold text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
