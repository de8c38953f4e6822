import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/client/trpc.tsx";
import { SiteFooter } from "@/components/site-footer.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Skyport", template: "%s · Skyport" },
  description:
    "Skyport is a hosted control plane for Apache Airflow: organizations, workspaces and Airflow deployments on Kubernetes, with alerts, data-quality reports and tuning recommendations.",
  applicationName: "Skyport",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f172a" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-surface-muted font-sans text-fg">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-sky-700 focus:shadow focus:outline-2 focus:outline-sky-600"
        >
          Skip to main content
        </a>
        {/* Each area brings its own header and <main id="main">: the public site, the console shell. */}
        <TRPCReactProvider>
          <div className="flex w-full flex-1 flex-col">{children}</div>
        </TRPCReactProvider>
        <SiteFooter />
      </body>
    </html>
  );
}
