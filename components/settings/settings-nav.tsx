"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const ITEMS = [
  { href: "/settings/profile", label: "Profile & preferences" },
  { href: "/settings/security", label: "Security" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/webhooks", label: "Webhooks" },
];

/** Sub-navigation of the settings pages: tabs on small screens, a side list on large ones. */
export function SettingsNav() {
  const pathname = usePathname();
  const nav = useRef<HTMLElement>(null);

  // On narrow screens the tabs scroll sideways: keep the current one in view.
  useEffect(() => {
    const el = nav.current;
    const current = ITEMS.find((i) => pathname === i.href || pathname.startsWith(`${i.href}/`));
    const active = current ? el?.querySelector<HTMLElement>(`a[href="${current.href}"]`) : null;
    if (!el || !active || el.scrollWidth <= el.clientWidth) return;
    const left = active.offsetLeft - el.offsetLeft;
    if (left < el.scrollLeft || left + active.offsetWidth > el.scrollLeft + el.clientWidth) {
      el.scrollLeft = left - 16;
    }
  }, [pathname]);

  return (
    <nav ref={nav} aria-label="Settings" className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul className="flex gap-1 border-b border-slate-200 lg:flex-col lg:border-0">
        {ITEMS.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href} className="shrink-0">
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`-mb-px block border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors lg:mb-0 lg:rounded-lg lg:border-b-0 ${
                  active
                    ? "border-brand-600 text-brand-800 lg:bg-brand-50"
                    : "border-transparent text-slate-600 hover:text-slate-900 lg:hover:bg-slate-100"
                }`}
                data-testid={`settings-tab-${item.href.split("/").pop()}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
