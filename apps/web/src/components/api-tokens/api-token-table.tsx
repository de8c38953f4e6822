"use client";

import { ActionsTh, Table, TBody, Td, THead, Th, Tr } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { Button, FormError } from "@/components/forms.tsx";
import { roleLabel } from "@/components/roles.ts";
import { StatusBadge, type StatusTone } from "@/components/status-badge.tsx";
import { formatUtc, formatUtcDate } from "@/components/time-format.ts";
import type { AppRouter } from "@/server/trpc/router.ts";
import { SCOPE_LABELS } from "./types.ts";

type ApiToken = inferRouterOutputs<AppRouter>["apiToken"]["list"]["items"][number];

const STATUS: Record<ApiToken["status"], { tone: StatusTone; label: string }> = {
  ACTIVE: { tone: "good", label: "Active" },
  EXPIRED: { tone: "warning", label: "Expired" },
  REVOKED: { tone: "neutral", label: "Revoked" },
};

function target(token: ApiToken): string {
  switch (token.scope) {
    case "ORGANIZATION":
      return "Whole organization";
    case "WORKSPACE":
      return token.workspaceName ?? token.workspaceId ?? "—";
    case "DEPLOYMENT":
      return token.deploymentName ?? token.deploymentId ?? "—";
    default: {
      const exhaustive: never = token.scope;
      return exhaustive;
    }
  }
}

/** A date cell: the day, the exact UTC time as its tooltip; `never` when there is none. */
function DateCell({ label, at, never }: { label: string; at: Date | null; never: string }) {
  return (
    <Td label={label} className="whitespace-nowrap">
      {at ? (
        <time dateTime={at.toISOString()} title={formatUtc(at)}>
          {formatUtcDate(at)}
        </time>
      ) : (
        never
      )}
    </Td>
  );
}

export function ApiTokenTable({ organizationId, tokens }: { organizationId: string; tokens: ApiToken[] }) {
  const [confirming, setConfirming] = useState<ApiToken | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  function askToRevoke(token: ApiToken) {
    setConfirming(token);
    dialog.current?.showModal();
  }

  if (tokens.length === 0) {
    return <p className="px-5 py-6 text-sm text-fg-muted">No API tokens yet.</p>;
  }

  return (
    <>
      <Table dense>
        <caption className="sr-only">API tokens</caption>
        <THead>
          <Tr>
            {["Name", "Scope", "Role", "Created", "Expires", "Last used", "Status"].map((column) => (
              <Th key={column}>{column}</Th>
            ))}
            <ActionsTh />
          </Tr>
        </THead>
        <TBody>
          {tokens.map((token) => (
            <Tr key={token.id}>
              <Th scope="row" className="wrap-anywhere sm:min-w-48 sm:max-w-[18rem]">
                {token.name}
                <span className="mt-0.5 block font-mono text-xs font-normal whitespace-nowrap text-fg-muted">
                  <span className="sr-only">Token starts with </span>
                  {token.prefix}…
                </span>
                {token.description ? (
                  <span className="block text-xs font-normal text-fg-muted">{token.description}</span>
                ) : null}
              </Th>
              <Td label="Scope">
                <span className="block">{SCOPE_LABELS[token.scope]}</span>
                <span className="block text-xs wrap-anywhere text-fg-muted">{target(token)}</span>
              </Td>
              <Td label="Role">
                <span className="block">{roleLabel(token.role)}</span>
                <span className="block font-mono text-xs text-fg-subtle">{token.role}</span>
              </Td>
              <Td label="Created" className="whitespace-nowrap">
                <time dateTime={token.createdAt.toISOString()} title={formatUtc(token.createdAt)}>
                  {formatUtcDate(token.createdAt)}
                </time>
                <span className="block text-xs text-fg-muted">
                  by {token.createdBy?.name ?? "a removed user"}
                </span>
              </Td>
              <DateCell label="Expires" at={token.expiresAt} never="Never" />
              <DateCell label="Last used" at={token.lastUsedAt} never="Never used" />
              <Td label="Status">
                <StatusBadge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</StatusBadge>
              </Td>
              <Td className="sm:text-right">
                {token.status === "REVOKED" ? null : (
                  <Button
                    variant="secondary"
                    onClick={() => askToRevoke(token)}
                    aria-label={`Revoke ${token.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <RevokeDialog
        ref={dialog}
        organizationId={organizationId}
        token={confirming}
        onClose={() => setConfirming(null)}
      />
    </>
  );
}

function RevokeDialog({
  ref,
  organizationId,
  token,
  onClose,
}: {
  ref: React.RefObject<HTMLDialogElement | null>;
  organizationId: string;
  token: ApiToken | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(
    trpc.apiToken.revoke.mutationOptions({
      onSuccess: () => {
        ref.current?.close();
        router.refresh();
      },
    }),
  );

  return (
    <dialog
      ref={ref}
      aria-labelledby="revoke-token-heading"
      onClose={() => {
        revoke.reset();
        onClose();
      }}
      className="m-auto w-full max-w-md rounded-xl bg-surface p-0 text-fg shadow-xl backdrop:bg-slate-900/50"
    >
      {token ? (
        <div className="space-y-4 p-5">
          <h2 id="revoke-token-heading" className="text-base font-semibold">
            Revoke “{token.name}”?
          </h2>
          <p className="text-sm text-fg-muted">
            Anything using <code className="font-mono text-xs">{token.prefix}…</code> stops working within 5
            seconds. This cannot be undone; create a new token if you need one again.
          </p>
          <FormError message={revoke.error?.message} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => ref.current?.close()} autoFocus>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate({ organizationId, apiTokenId: token.id })}
            >
              {revoke.isPending ? "Revoking…" : "Revoke token"}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
