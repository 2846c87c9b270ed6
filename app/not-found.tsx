import Link from "next/link";
import { CompassIcon } from "@/components/ui/icons";

export default function NotFound() {
  return (
    <main className="flex min-h-[70dvh] flex-col items-center justify-center px-4 text-center">
      <span className="inline-flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        <CompassIcon className="size-6" />
      </span>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight">We couldn’t find that page</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        The trip may have been deleted, or you may not have access to it.
      </p>
      <Link href="/trips" className="btn-primary mt-6">
        Back to your trips
      </Link>
    </main>
  );
}
