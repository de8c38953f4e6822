import { confirmReportSubscription, DomainError, unsubscribeFromReport } from "@skyport/domain";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card.tsx";
import { buttonClasses } from "@/components/button-classes.ts";
import { getServices } from "@/server/services.ts";
import { clientIp } from "@/server/trpc/context.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Report subscription",
  referrer: "no-referrer",
  robots: { index: false },
};

const PURPOSES = { confirm: "Confirm your subscription", unsubscribe: "Unsubscribe" } as const;

/**
 * A subscriber's signed link: confirming or unsubscribing takes a button press (a POST), so
 * mail scanners that open links do not act on them. No sign-in needed.
 */
export default async function SubscriptionLinkPage({
  params,
  searchParams,
}: {
  params: Promise<{ purpose: string; token: string }>;
  searchParams: Promise<{ done?: string }>;
}) {
  const { purpose, token } = await params;
  if (purpose !== "confirm" && purpose !== "unsubscribe") notFound();
  const { done } = await searchParams;

  async function act() {
    "use server";
    const services = getServices();
    const requestHeaders = await headers();
    const ctx = {
      db: services.db,
      actor: { type: "system" as const, label: "report subscription link" },
      context: {
        ip: clientIp(requestHeaders, services.config.SKYPORT_TRUSTED_PROXIES),
        userAgent: requestHeaders.get("user-agent"),
        requestId: requestHeaders.get("x-request-id"),
      },
    };
    const follow = purpose === "confirm" ? confirmReportSubscription : unsubscribeFromReport;
    try {
      await follow(ctx, services.config.SKYPORT_SECRET, token);
    } catch (error) {
      if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
      throw error;
    }
    const { redirect } = await import("next/navigation");
    redirect(`/reports/${purpose}/${token}?done=1`);
  }

  if (done) {
    return (
      <AuthCard
        title={purpose === "confirm" ? "Subscription confirmed" : "You are unsubscribed"}
        description={
          purpose === "confirm"
            ? "You will receive this status report from its next run."
            : "You will not receive this status report any more."
        }
      >
        <span />
      </AuthCard>
    );
  }
  return (
    <AuthCard title={PURPOSES[purpose]} description="This link works without signing in.">
      <form action={act}>
        <button type="submit" className={buttonClasses.primary}>
          {PURPOSES[purpose]}
        </button>
      </form>
    </AuthCard>
  );
}
