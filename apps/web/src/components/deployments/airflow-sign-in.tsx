"use client";

import type { AirflowSignIn } from "@skyport/domain";
import { Button } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";

/**
 * A local runtime's generated Airflow sign-in, revealed on demand (each reveal is audited) and
 * kept only in this page's memory.
 */
export function AirflowSignInReveal({
  organizationId,
  deploymentId,
}: {
  organizationId: string;
  deploymentId: string;
}) {
  const trpc = useTRPC();
  const reveal = useMutation(trpc.deployment.revealAirflowSignIn.mutationOptions());
  const [signIn, setSignIn] = useState<AirflowSignIn | null>(null);

  if (signIn?.available) {
    return (
      <span className="block space-y-1">
        <span className="block">
          User <code className="font-mono">{signIn.username}</code>, password{" "}
          <code className="font-mono break-all">{signIn.password}</code>
        </span>
        <Button variant="secondary" onClick={() => setSignIn(null)}>
          Hide
        </Button>
      </span>
    );
  }
  return (
    <span className="block space-y-1">
      <Button
        variant="secondary"
        disabled={reveal.isPending}
        onClick={async () => setSignIn(await reveal.mutateAsync({ organizationId, deploymentId }))}
      >
        {reveal.isPending ? "Revealing…" : "Show sign-in"}
      </Button>
      {signIn?.note || reveal.error ? (
        <span role="status" className="block text-fg-muted">
          {signIn?.note ?? reveal.error?.message}
        </span>
      ) : null}
    </span>
  );
}
