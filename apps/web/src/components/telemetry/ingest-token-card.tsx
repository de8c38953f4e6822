"use client";

import type { IngestTokenView } from "@skyport/domain";
import { ConfirmAction, DescriptionList } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { NewTokenPanel } from "@/components/api-tokens/new-token-panel.tsx";
import { formatUtc } from "@/components/time-format.ts";

/**
 * The deployment's ingest token: its recognisable prefix and times, never the token. Those who
 * may rotate it get a confirmed "Rotate" that shows the new token once.
 */
export function IngestTokenCard({
  organizationId,
  deploymentId,
  ingestToken,
  canRotate,
  endpoint,
}: {
  organizationId: string;
  deploymentId: string;
  ingestToken: IngestTokenView | null;
  canRotate: boolean;
  endpoint: string;
}) {
  const trpc = useTRPC();
  const [current, setCurrent] = useState(ingestToken);
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useMutation(trpc.telemetry.rotateIngestToken.mutationOptions());

  async function confirmRotate() {
    const rotated = await rotate.mutateAsync({ organizationId, deploymentId });
    setCurrent(rotated.ingestToken);
    setSecret(rotated.token);
  }

  return (
    <div className="space-y-4 px-5 py-4">
      {secret ? (
        <NewTokenPanel
          name="ingest"
          title="Ingest token rotated"
          secretLabel="New ingest token"
          secret={secret}
          onDismiss={() => setSecret(null)}
        />
      ) : null}
      <DescriptionList
        items={[
          {
            term: "Token",
            detail: current ? (
              <span className="font-mono">{current.prefix}…</span>
            ) : (
              "None yet: rotate to issue one."
            ),
          },
          { term: "Created", detail: formatUtc(current?.createdAt) },
          { term: "Rotated", detail: current?.rotatedAt ? formatUtc(current.rotatedAt) : "Never" },
          { term: "Last used", detail: current?.lastUsedAt ? formatUtc(current.lastUsedAt) : "Never" },
          { term: "Endpoint", detail: `POST ${endpoint}`, className: "font-mono break-all" },
        ]}
      />
      {canRotate ? (
        <ConfirmAction
          label="Rotate ingest token"
          title="Rotate this deployment’s ingest token?"
          confirmLabel="Rotate"
          pendingLabel="Rotating…"
          triggerVariant="secondary"
          onConfirm={confirmRotate}
        >
          <p>
            The current token stops working within 5 seconds. Skyport delivers the new one to the runtime with
            a reconcile; until its pods have it, their events are refused. Airflow that reports with a token
            set by hand needs the new one. The new token is shown once.
          </p>
        </ConfirmAction>
      ) : (
        <p className="text-sm text-fg-muted">
          Rotating the token needs WORKSPACE_OPERATOR in the workspace or DEPLOYMENT_ADMIN on the deployment.
        </p>
      )}
    </div>
  );
}
