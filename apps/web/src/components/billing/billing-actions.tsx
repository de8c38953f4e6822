"use client";

import { Button } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useTRPC } from "@/client/trpc.tsx";

export const UsageChart = dynamic(() => import("./usage-chart.tsx"), {
  ssr: false,
  loading: () => (
    <p role="status" className="px-5 py-6 text-sm text-fg-muted">
      Loading the usage chart…
    </p>
  ),
});

/** Sends the person to Stripe: Checkout for a plan, or the customer portal. */
export function BillingRedirectButton({
  organizationId,
  plan,
  label,
  variant = "primary",
}: {
  organizationId: string;
  /** A plan key starts Checkout; none opens the portal. */
  plan?: string;
  label: string;
  variant?: "primary" | "secondary";
}) {
  const trpc = useTRPC();
  const onSuccess = (redirect: { url: string }) => window.location.assign(redirect.url);
  const checkout = useMutation(trpc.billing.checkout.mutationOptions({ onSuccess }));
  const portal = useMutation(trpc.billing.portal.mutationOptions({ onSuccess }));
  const pending = checkout.isPending || portal.isPending;
  const error = checkout.error ?? portal.error;
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        variant={variant}
        disabled={pending}
        onClick={() => (plan ? checkout.mutate({ organizationId, plan }) : portal.mutate({ organizationId }))}
      >
        {pending ? "Opening Stripe…" : label}
      </Button>
      {error ? (
        <span role="alert" className="text-sm text-danger-fg">
          {error.message}
        </span>
      ) : null}
    </span>
  );
}
