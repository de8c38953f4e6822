"use client";

// Alert rules with what an operator can do to them: create, edit, mute (snooze), disable and
// enable, delete after confirming. Readers get the same table without any of it.
import type { RuleView } from "@skyport/domain";
import { Button, Card, ConfirmAction, FormError } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { AlertRulesTable } from "./alert-tables.tsx";
import { FormLoading } from "./form-loading.tsx";
import type { SeenIds } from "./pattern-builder.tsx";
import type { ChannelChoice } from "./rule-form.tsx";

const RuleForm = dynamic(() => import("./rule-form.tsx").then((module) => module.RuleForm), {
  loading: FormLoading,
});

const HOUR = 3_600_000;

function RuleActions({
  organizationId,
  rule,
  onEdit,
  onError,
}: {
  organizationId: string;
  rule: RuleView;
  onEdit: () => void;
  onError: (message: string | undefined) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const done = {
    onSuccess: () => router.refresh(),
    onError: (error: { message: string }) => onError(error.message),
  };
  const mute = useMutation(trpc.alert.mute.mutationOptions(done));
  const toggle = useMutation(trpc.alert.update.mutationOptions(done));
  const setEnabled = (enabled: boolean) => {
    onError(undefined);
    toggle.mutate({ organizationId, ruleId: rule.id, enabled });
  };
  const remove = useMutation(trpc.alert.delete.mutationOptions({ onSuccess: () => router.refresh() }));
  const muteFor = (until: string | null) => {
    onError(undefined);
    mute.mutate({ organizationId, ruleId: rule.id, until });
  };
  const muted = rule.mutedUntil !== null && rule.mutedUntil > new Date();
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button variant="secondary" onClick={onEdit} aria-label={`Edit ${rule.name}`}>
        Edit
      </Button>
      {!rule.enabled ? null : muted ? (
        <Button
          variant="secondary"
          disabled={mute.isPending}
          onClick={() => muteFor(null)}
          aria-label={`Unmute ${rule.name}`}
        >
          Unmute
        </Button>
      ) : (
        <Button
          variant="secondary"
          disabled={mute.isPending}
          onClick={() => muteFor(new Date(Date.now() + 24 * HOUR).toISOString())}
          aria-label={`Mute ${rule.name} for 24 hours`}
        >
          Mute 24 h
        </Button>
      )}
      <Button
        variant="secondary"
        disabled={toggle.isPending}
        onClick={() => setEnabled(!rule.enabled)}
        aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}
      >
        {rule.enabled ? "Disable" : "Enable"}
      </Button>
      <ConfirmAction
        label="Delete"
        title={`Delete the alert rule ${rule.name}?`}
        confirmLabel="Delete rule"
        pendingLabel="Deleting…"
        onConfirm={() => remove.mutateAsync({ organizationId, ruleId: rule.id })}
      >
        Its incident history goes with it. Channels it notified stay.
      </ConfirmAction>
    </div>
  );
}

export function RulesManager({
  rules,
  canManage,
  emptyTitle,
  ...formContext
}: {
  organizationId: string;
  workspaceId: string;
  deploymentId?: string | undefined;
  rules: readonly RuleView[];
  channels: readonly ChannelChoice[];
  seen: SeenIds;
  canManage: boolean;
  emptyTitle?: string;
}) {
  // null: no form open; "new": the new rule's form; otherwise the id of the rule being edited.
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const edited = rules.find((rule) => rule.id === open);
  const hint = canManage ? "Create one with “New alert rule”." : "Operators of this workspace create them.";
  return (
    <div className="space-y-6">
      <Card
        id="alert-rules"
        title="Alert rules"
        actions={
          canManage && open !== "new" ? (
            <Button variant="secondary" onClick={() => setOpen("new")}>
              New alert rule
            </Button>
          ) : null
        }
      >
        <FormError message={error} />
        <AlertRulesTable
          rules={rules}
          emptyTitle={emptyTitle}
          emptyHint={hint}
          actions={
            canManage
              ? (rule) => (
                  <RuleActions
                    organizationId={formContext.organizationId}
                    rule={rule}
                    onEdit={() => setOpen(rule.id)}
                    onError={setError}
                  />
                )
              : undefined
          }
        />
      </Card>
      {canManage && (open === "new" || edited) ? (
        <Card id="alert-rule-form" title={edited ? `Edit ${edited.name}` : "New alert rule"}>
          <RuleForm key={open} {...formContext} rule={edited} onDone={() => setOpen(null)} />
        </Card>
      ) : null}
    </div>
  );
}
