import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { Metadata, Viewport } from "next";
import { Providers } from "@/components/providers";
import "./globals.css";

// Every page is rendered per request, the 404 page included: the CSP script nonce
// (lib/server/security-headers.ts) is fresh per response, so no HTML may be prerendered.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "TripSage — plan trips with an AI trip designer", template: "%s · TripSage" },
  description:
    "Plan your trips day by day, together with an AI trip designer that edits the itinerary for you.",
  applicationName: "TripSage",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

export const viewport: Viewport = {
  themeColor: "#088479",
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
