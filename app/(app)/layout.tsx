import { TopNav } from "@/components/top-nav";
import { requireCaller } from "./_lib/session";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

/** Signed-in area: every page below needs a session, and gets the top navigation. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <TopNav userName={caller.name} userEmail={caller.email} signOutAction={signOutAction} />
      <main id="main" className="flex-1">
        {children}
      </main>
    </div>
  );
}
