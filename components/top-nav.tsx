"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { LogOutIcon } from "./ui/icons";
import { Logo } from "./ui/logo";

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return `${first}${last}`.toUpperCase();
}

/** Top navigation of the signed-in area: logo, Trips, Planner, Settings, the user, Sign out (server action). */
export function TopNav({
  userName,
  userEmail,
  signOutAction,
}: {
  userName: string;
  userEmail: string;
  signOutAction: () => Promise<void>;
}) {
  const pathname = usePathname();
  const tripsActive = pathname === "/trips" || pathname.startsWith("/trips/");
  const plannerActive = pathname === "/planner";
  const settingsActive = pathname === "/settings" || pathname.startsWith("/settings/");
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/85 backdrop-blur supports-[backdrop-filter]:bg-white/70">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Logo href="/trips" />
        <nav aria-label="Main" className="flex items-center gap-1">
          <Link
            href="/trips"
            aria-current={tripsActive ? "page" : undefined}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
              tripsActive
                ? "bg-brand-50 text-brand-800"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
          >
            Trips
          </Link>
          <Link
            href="/planner"
            aria-current={plannerActive ? "page" : undefined}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
              plannerActive
                ? "bg-brand-50 text-brand-800"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
            data-testid="nav-planner"
          >
            Planner
          </Link>
          <Link
            href="/settings"
            aria-current={settingsActive ? "page" : undefined}
            className={`rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors ${
              settingsActive
                ? "bg-brand-50 text-brand-800"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            }`}
            data-testid="nav-settings"
          >
            Settings
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <div className="flex items-center gap-2" title={userEmail}>
            <span
              aria-hidden
              className="inline-flex size-8 items-center justify-center rounded-full bg-brand-100 text-xs font-semibold text-brand-800"
            >
              {initials(userName)}
            </span>
            <span
              className="hidden max-w-40 truncate text-sm font-medium text-slate-700 sm:inline"
              data-testid="nav-user"
            >
              {userName}
            </span>
          </div>
          <form action={signOutAction}>
            <button type="submit" className="btn-ghost px-2.5" data-testid="sign-out">
              <LogOutIcon />
              <span className="hidden sm:inline">Sign out</span>
              <span className="sr-only sm:hidden">Sign out</span>
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
