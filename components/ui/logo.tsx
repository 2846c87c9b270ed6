import Link from "next/link";
import { CompassIcon } from "./icons";

/** TripSage wordmark linking to `href`. */
export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900">
      <span className="inline-flex size-8 items-center justify-center rounded-lg bg-gradient-to-br from-brand-500 to-brand-700 text-white shadow-sm">
        <CompassIcon className="size-5" />
      </span>
      <span className="text-lg">
        Trip<span className="text-brand-600">Sage</span>
      </span>
    </Link>
  );
}
