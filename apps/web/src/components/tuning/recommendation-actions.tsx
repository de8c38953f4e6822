"use client";

import { ConfirmAction } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";

interface Props {
  organizationId: string;
  deploymentId: string;
  recommendationId: string;
  state: string;
  canApply: boolean;
  canRevert: boolean;
  diff: readonly string[];
}

/** Apply and revert ask first (each is a deployment update); snooze and dismiss too. */
export function RecommendationActions(props: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const apply = useMutation(trpc.recommendation.applySpecChange.mutationOptions());
  const revert = useMutation(trpc.recommendation.revert.mutationOptions());
  const snooze = useMutation(trpc.recommendation.snooze.mutationOptions());
  const dismiss = useMutation(trpc.recommendation.dismiss.mutationOptions());
  const [reason, setReason] = useState("");
  const ref = {
    organizationId: props.organizationId,
    deploymentId: props.deploymentId,
    recommendationId: props.recommendationId,
  };
  /** Runs one action, then shows the page again with its outcome. */
  const act = (action: () => Promise<unknown>) => async () => {
    await action();
    router.refresh();
  };
  const open = props.state === "OPEN" || props.state === "SNOOZED";
  return (
    <div className="flex flex-wrap gap-2">
      {props.canApply && (
        <ConfirmAction
          label="Apply"
          title="Apply this recommendation?"
          confirmLabel="Apply"
          pendingLabel="Applying…"
          variant="primary"
          onConfirm={act(() => apply.mutateAsync(ref))}
        >
          <p>The deployment's spec changes as below, as an ordinary update: a new generation to reconcile.</p>
          <pre className="mt-2 overflow-x-auto rounded bg-surface-sunken p-2 font-mono text-xs">
            {props.diff.join("\n")}
          </pre>
        </ConfirmAction>
      )}
      {props.canRevert && (
        <ConfirmAction
          label="Revert"
          title="Revert this recommendation?"
          confirmLabel="Revert"
          pendingLabel="Reverting…"
          triggerVariant="secondary"
          onConfirm={act(() => revert.mutateAsync(ref))}
        >
          <p>The deployment's spec goes back to what it was before the recommendation was applied.</p>
        </ConfirmAction>
      )}
      {open && (
        <ConfirmAction
          label="Snooze 7 days"
          title="Snooze for 7 days?"
          variant="secondary"
          onConfirm={act(() => snooze.mutateAsync({ ...ref, days: 7 }))}
        />
      )}
      {open && (
        <ConfirmAction
          label="Dismiss"
          title="Dismiss this recommendation?"
          variant="secondary"
          onConfirm={act(() => dismiss.mutateAsync({ ...ref, reason }))}
        >
          <label className="block text-sm">
            Why it does not apply
            <textarea
              className="mt-1 block w-full rounded border border-line p-2"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
        </ConfirmAction>
      )}
    </div>
  );
}
