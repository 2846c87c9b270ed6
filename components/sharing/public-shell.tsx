import Link from "next/link";
import { Logo } from "../ui/logo";

/** Frame of the pages reachable without an account (join links, public itineraries). */
export function PublicShell({
  children,
  signedIn,
  wide = false,
}: {
  children: React.ReactNode;
  signedIn: boolean;
  wide?: boolean;
}) {
  return (
    <div className="relative flex min-h-dvh flex-col">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 -z-10 h-80 bg-gradient-to-b from-brand-100/70 to-transparent"
      />
      <header className="border-b border-slate-200/70 bg-white/70 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-4xl items-center justify-between gap-3 px-4 sm:px-6">
          <Logo href={signedIn ? "/trips" : "/"} />
          {signedIn ? (
            <Link href="/trips" className="btn-ghost px-2.5">
              Your trips
            </Link>
          ) : (
            <Link href="/signup" className="btn-secondary px-3 py-1.5">
              Plan your own trip
            </Link>
          )}
        </div>
      </header>
      <main
        id="main"
        className={`mx-auto w-full flex-1 px-4 py-8 sm:px-6 sm:py-12 ${wide ? "max-w-4xl" : "max-w-md"}`}
      >
        {children}
      </main>
    </div>
  );
}
