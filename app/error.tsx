"use client";

import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <main className="flex min-h-[70dvh] flex-col items-center justify-center px-4 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        An unexpected error stopped this page from loading. Try again, or head back to your trips.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-slate-400">Reference {digest}</p> : null}
      <div className="mt-6 flex gap-3">
        <button type="button" className="btn-primary" onClick={() => retry()}>
          Try again
        </button>
        <Link href="/trips" className="btn-secondary">
          Your trips
        </Link>
      </div>
    </main>
  );
}
