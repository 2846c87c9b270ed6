import Link from "next/link";
import { redirect } from "next/navigation";
import { CalendarIcon, SparklesIcon, UsersIcon } from "@/components/ui/icons";
import { Logo } from "@/components/ui/logo";
import { getDb } from "@/db/client";
import { sessionCaller } from "@/lib/http/caller";

export const dynamic = "force-dynamic";

const FEATURES = [
  {
    icon: CalendarIcon,
    title: "Day-by-day itinerary",
    text: "Flights, stays, sights and dinners on real dates, in the order you will live them.",
  },
  {
    icon: SparklesIcon,
    title: "An AI trip designer",
    text: "Ask in plain English — “add the Louvre to the morning of day 2” — and watch it happen.",
  },
  {
    icon: UsersIcon,
    title: "Plan together",
    text: "Collaborators see every change live, whether a person or the assistant made it.",
  },
];

export default async function LandingPage() {
  if (await sessionCaller(await getDb())) redirect("/trips");
  return (
    <div className="relative min-h-dvh overflow-hidden">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 -z-10 bg-[radial-gradient(60rem_30rem_at_50%_-10%,var(--color-brand-100),transparent)]"
      />
      <header className="mx-auto flex h-16 max-w-6xl items-center justify-between px-4 sm:px-6">
        <Logo />
        <nav aria-label="Account" className="flex items-center gap-2">
          <Link href="/login" className="btn-ghost">
            Sign in
          </Link>
          <Link href="/signup" className="btn-primary">
            Sign up
          </Link>
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 pt-16 pb-24 sm:px-6 sm:pt-24">
        <div className="mx-auto max-w-2xl text-center">
          <p className="inline-flex items-center gap-1.5 rounded-full border border-brand-200 bg-white px-3 py-1 text-xs font-medium text-brand-800">
            <SparklesIcon className="size-3.5" /> Your AI travel co-pilot
          </p>
          <h1 className="mt-6 text-4xl font-semibold tracking-tight text-balance text-slate-900 sm:text-5xl">
            Plan the whole trip in one conversation.
          </h1>
          <p className="mt-5 text-lg text-pretty text-slate-600">
            TripSage turns “three days in Paris, museums and good food” into a day-by-day itinerary you can
            edit, reorder and share.
          </p>
          <div className="mt-8 flex flex-col items-center justify-center gap-3 sm:flex-row">
            <Link href="/signup" className="btn-primary w-full px-5 py-2.5 text-base sm:w-auto">
              Start planning — it’s free
            </Link>
            <Link href="/login" className="btn-secondary w-full px-5 py-2.5 text-base sm:w-auto">
              I have an account
            </Link>
          </div>
        </div>
        <ul className="mx-auto mt-20 grid max-w-5xl gap-4 sm:grid-cols-3">
          {FEATURES.map((f) => (
            <li key={f.title} className="card p-5">
              <span className="inline-flex size-9 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
                <f.icon className="size-5" />
              </span>
              <h2 className="mt-3 font-semibold">{f.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{f.text}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
