import Link from "next/link";
import { PublicShell } from "@/components/sharing/public-shell";
import { CompassIcon } from "@/components/ui/icons";

/** A public link that is unknown, private, revoked or expired. */
export default function SharedItineraryNotFound() {
  return (
    <PublicShell signedIn={false}>
      <div className="card p-6 text-center sm:p-8" data-testid="public-not-found">
        <span className="inline-flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700">
          <CompassIcon className="size-6" />
        </span>
        <h1 className="mt-4 text-xl font-semibold tracking-tight">This itinerary isn’t shared any more</h1>
        <p className="mt-2 text-sm text-slate-600">
          The link may have been revoked or expired, or it was copied incompletely. Ask the person who sent it
          for a new one.
        </p>
        <Link href="/" className="btn-primary mt-6">
          Go to TripSage
        </Link>
      </div>
    </PublicShell>
  );
}
