import { redirect } from "next/navigation";
import { LoginRedirect } from "@/components/login-redirect";
import { TopNav } from "@/components/top-nav";
import { currentCaller, knownRequestPath, loginUrl } from "./_lib/session";
import { signOutAction } from "./actions";

export const dynamic = "force-dynamic";

/**
 * Signed-in area: nothing here renders for a visitor without a session.
 *
 * Without one we redirect to the login page with `callbackUrl` set to the page asked for.
 * A layout is not told its URL, so when the request does not carry it either, the page's
 * own guard (`requireCaller(path)`, which every page here calls first) answers with that
 * redirect, and `LoginRedirect` does it in the browser for anything that slips through.
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const caller = await currentCaller();
  if (!caller) {
    const path = await knownRequestPath();
    if (path) redirect(loginUrl(path));
    return (
      <>
        <LoginRedirect />
        {children}
      </>
    );
  }
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
