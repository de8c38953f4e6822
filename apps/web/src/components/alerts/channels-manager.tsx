"use client";

// Notification channels usable at one owner (its own and those shared from above). Its own
// ones can be tested, edited and deleted by who may manage them; readers see the same list without
// buttons. No secret is ever part of a row. The form loads when it is opened.
import type { ChannelView } from "@skyport/domain";
import { Button, Card, ConfirmAction } from "@skyport/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { ChannelsTable } from "./alert-tables.tsx";
import { DeliveryOutcome } from "./delivery-outcome.tsx";
import { FormLoading } from "./form-loading.tsx";

const ChannelForm = dynamic(() => import("./channel-form.tsx").then((module) => module.ChannelForm), {
  loading: FormLoading,
});

type Owner = { organizationId: string; workspaceId?: string | undefined; deploymentId?: string | undefined };

const scopeOf = (owner: Owner) =>
  owner.deploymentId ? "DEPLOYMENT" : owner.workspaceId ? "WORKSPACE" : "ORGANIZATION";

/** The test notification's delivery, read until it is delivered or has failed. */
function TestResult({ organizationId, deliveryId }: { organizationId: string; deliveryId: string }) {
  const trpc = useTRPC();
  const delivery = useQuery(
    trpc.notificationChannel.delivery.queryOptions(
      { organizationId, deliveryId },
      { refetchInterval: (query) => (query.state.data?.status === "PENDING" ? 1_000 : false) },
    ),
  );
  return (
    <div role="status" className="text-sm">
      {delivery.data ? (
        <DeliveryOutcome delivery={delivery.data} />
      ) : delivery.error ? (
        `Could not read the result: ${delivery.error.message}`
      ) : (
        "Sending…"
      )}
    </div>
  );
}

function ChannelActions({
  channel,
  onTested,
  onEdit,
}: {
  channel: ChannelView;
  onTested: (deliveryId: string) => void;
  onEdit: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const test = useMutation(
    trpc.notificationChannel.test.mutationOptions({ onSuccess: (delivery) => onTested(delivery.id) }),
  );
  const remove = useMutation(
    trpc.notificationChannel.delete.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const ref = { organizationId: channel.organizationId, channelId: channel.id };
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button
        variant="secondary"
        disabled={test.isPending}
        onClick={() => test.mutate(ref)}
        aria-label={`Send a test notification to ${channel.name}`}
      >
        {test.isPending ? "Sending…" : "Send a test notification"}
      </Button>
      <Button variant="secondary" onClick={onEdit} aria-label={`Edit ${channel.name}`}>
        Edit
      </Button>
      <ConfirmAction
        label="Delete"
        title={`Delete the channel ${channel.name}?`}
        confirmLabel="Delete channel"
        pendingLabel="Deleting…"
        onConfirm={() => remove.mutateAsync(ref)}
      >
        Rules that notify it stop doing so; its delivery history goes with it.
      </ConfirmAction>
    </div>
  );
}

export function ChannelsManager({
  owner,
  channels,
  canManage,
}: {
  owner: Owner;
  channels: readonly ChannelView[];
  canManage: boolean;
}) {
  const [tests, setTests] = useState<Record<string, string>>({});
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = channels.find((channel) => channel.id === editingId);
  const scope = scopeOf(owner);
  return (
    <div className="space-y-6">
      <Card
        id="notification-channels"
        title="Notification channels"
        description="This level's own channels and those shared with it from above. Secrets are never shown."
        actions={
          canManage && !creating ? (
            <Button variant="secondary" onClick={() => setCreating(true)}>
              New notification channel
            </Button>
          ) : null
        }
      >
        <ChannelsTable
          channels={channels}
          emptyHint={canManage ? "Create one with “New notification channel”." : "Operators create them."}
          test={(channel) => {
            const deliveryId = tests[channel.id];
            return deliveryId ? (
              <TestResult organizationId={owner.organizationId} deliveryId={deliveryId} />
            ) : (
              "—"
            );
          }}
          actions={
            canManage
              ? (channel) =>
                  channel.scope === scope ? (
                    <ChannelActions
                      channel={channel}
                      onTested={(deliveryId) =>
                        setTests((current) => ({ ...current, [channel.id]: deliveryId }))
                      }
                      onEdit={() => setEditingId(channel.id)}
                    />
                  ) : (
                    <span className="text-xs text-fg-muted">Managed where it belongs</span>
                  )
              : undefined
          }
        />
      </Card>
      {canManage && editing ? (
        <Card
          id="edit-notification-channel"
          title={`Edit ${editing.name}`}
          actions={
            <Button variant="secondary" onClick={() => setEditingId(null)}>
              Close
            </Button>
          }
        >
          <ChannelForm key={editing.id} owner={owner} channel={editing} />
        </Card>
      ) : null}
      {canManage && creating ? (
        <Card id="new-notification-channel" title="New notification channel">
          <ChannelForm owner={owner} />
        </Card>
      ) : null}
    </div>
  );
}
