"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect } from "react";

/** Sends a signed-out visitor to the login page, coming back to the current URL afterwards. */
export function LoginRedirect() {
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    const back = `${pathname}${window.location.search}`;
    router.replace(`/login?callbackUrl=${encodeURIComponent(back)}`);
  }, [router, pathname]);
  return (
    <p className="p-6 text-center text-sm text-slate-600" role="status">
      Redirecting to sign in…
    </p>
  );
}
