import { Logo } from "@/components/ui/logo";

/** Centered card layout for the sign-in and sign-up pages. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center overflow-hidden px-4 py-10">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 -z-10 h-80 bg-gradient-to-b from-brand-100/70 to-transparent"
      />
      <div className="mb-8">
        <Logo />
      </div>
      <main className="w-full max-w-sm">{children}</main>
      <p className="mt-8 text-center text-xs text-slate-500">
        Plan trips day by day, with an AI trip designer.
      </p>
    </div>
  );
}
