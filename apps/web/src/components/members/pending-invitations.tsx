"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError, FormNotice } from "@/components/forms.tsx";
import { roleLabel } from "@/components/roles.ts";
import { StatusBadge } from "@/components/status-badge.tsx";

export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  expiresAt: Date;
  expired: boolean;
  invitedBy: { name: string } | null;
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export function PendingInvitations({
  organizationId,
  invitations,
}: {
  organizationId: string;
  invitations: PendingInvitation[];
}) {
  if (invitations.length === 0) {
    return <p className="px-5 py-4 text-sm text-fg-muted">No pending invitations.</p>;
  }
  return (
    <ul className="divide-y divide-line">
      {invitations.map((invitation) => (
        <InvitationRow key={invitation.id} organizationId={organizationId} invitation={invitation} />
      ))}
    </ul>
  );
}

function InvitationRow({
  organizationId,
  invitation,
}: {
  organizationId: string;
  invitation: PendingInvitation;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirmingRevoke, setConfirmingRevoke] = useState(false);
  const [notice, setNotice] = useState<string>();
  const resend = useMutation(
    trpc.invitation.resend.mutationOptions({
      onSuccess: ({ emailQueued }) => {
        setNotice(emailQueued ? "Sent again with a new link." : "The email could not be queued; try again.");
        router.refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSuccess: () => router.refresh() }));
  const error = resend.error ?? revoke.error;
  const input = { organizationId, invitationId: invitation.id };

  return (
    <li className="flex flex-wrap items-start justify-between gap-3 px-5 py-3.5">
      <div className="min-w-0">
        <p className="text-sm font-medium text-fg">{invitation.email}</p>
        <p className="mt-0.5 text-sm text-fg-muted">
          {roleLabel(invitation.role)}
          {invitation.invitedBy ? ` · invited by ${invitation.invitedBy.name}` : ""} ·{" "}
          {invitation.expired ? "expired" : "expires"}{" "}
          <time dateTime={invitation.expiresAt.toISOString()}>{dateFormat.format(invitation.expiresAt)}</time>
        </p>
        <div className="mt-2 max-w-md space-y-2 empty:hidden">
          {error ? <FormError message={error.message} /> : null}
          {notice && !error ? <FormNotice message={notice} /> : null}
        </div>
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {invitation.expired ? <StatusBadge tone="warning">Expired</StatusBadge> : null}
        {confirmingRevoke ? (
          <>
            <span className="text-sm text-fg">Revoke this invitation?</span>
            <Button
              variant="danger"
              className="px-2.5 py-1.5"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(input)}
            >
              {revoke.isPending ? "Revoking…" : "Revoke"}
            </Button>
            <Button variant="secondary" className="px-2.5 py-1.5" onClick={() => setConfirmingRevoke(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <>
            <Button
              variant="secondary"
              className="px-2.5 py-1.5"
              disabled={resend.isPending}
              onClick={() => {
                setNotice(undefined);
                resend.mutate(input);
              }}
              aria-label={`Resend the invitation to ${invitation.email}`}
            >
              {resend.isPending ? "Sending…" : "Resend"}
            </Button>
            <Button
              variant="secondary"
              className="px-2.5 py-1.5"
              onClick={() => setConfirmingRevoke(true)}
              aria-label={`Revoke the invitation to ${invitation.email}`}
            >
              Revoke
            </Button>
          </>
        )}
      </div>
    </li>
  );
}
