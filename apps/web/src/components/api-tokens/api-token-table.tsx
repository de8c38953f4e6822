"use client";

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

const th =
  "px-3 py-2.5 text-left text-xs font-semibold whitespace-nowrap tracking-wide text-slate-600 uppercase dark:text-slate-400";
const td = "px-3 py-3 align-top text-sm text-slate-700 dark:text-slate-300";

export function ApiTokenTable({ organizationId, tokens }: { organizationId: string; tokens: ApiToken[] }) {
  const [confirming, setConfirming] = useState<ApiToken | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  function askToRevoke(token: ApiToken) {
    setConfirming(token);
    dialog.current?.showModal();
  }

  if (tokens.length === 0) {
    return <p className="px-5 py-6 text-sm text-slate-600 dark:text-slate-400">No API tokens yet.</p>;
  }

  return (
    <>
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-800">
          <caption className="sr-only">API tokens</caption>
          <thead className="bg-slate-50 dark:bg-slate-950/40">
            <tr>
              <th scope="col" className={th}>
                Name
              </th>
              <th scope="col" className={th}>
                Scope
              </th>
              <th scope="col" className={th}>
                Role
              </th>
              <th scope="col" className={th}>
                Created
              </th>
              <th scope="col" className={th}>
                Expires
              </th>
              <th scope="col" className={th}>
                Last used
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {tokens.map((token) => (
              <tr key={token.id}>
                <th
                  scope="row"
                  className={`${td} max-w-[16rem] text-left font-medium [overflow-wrap:anywhere] text-slate-900 dark:text-white`}
                >
                  {token.name}
                  <span className="mt-0.5 block font-mono text-xs font-normal text-slate-600 dark:text-slate-400">
                    <span className="sr-only">Token starts with </span>
                    {token.prefix}…
                  </span>
                  {token.description ? (
                    <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
                      {token.description}
                    </span>
                  ) : null}
                </th>
                <td className={td}>
                  <span className="block">{SCOPE_LABELS[token.scope]}</span>
                  <span className="block text-xs [overflow-wrap:anywhere] text-slate-600 dark:text-slate-400">
                    {target(token)}
                  </span>
                </td>
                <td className={td}>
                  <span className="block">{roleLabel(token.role)}</span>
                  <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">
                    {token.role}
                  </span>
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <time dateTime={token.createdAt.toISOString()} title={formatUtc(token.createdAt)}>
                    {formatUtcDate(token.createdAt)}
                  </time>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    by {token.createdBy?.name ?? "a removed user"}
                  </span>
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {token.expiresAt ? (
                    <time dateTime={token.expiresAt.toISOString()} title={formatUtc(token.expiresAt)}>
                      {formatUtcDate(token.expiresAt)}
                    </time>
                  ) : (
                    "Never"
                  )}
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  {token.lastUsedAt ? (
                    <time dateTime={token.lastUsedAt.toISOString()} title={formatUtc(token.lastUsedAt)}>
                      {formatUtcDate(token.lastUsedAt)}
                    </time>
                  ) : (
                    "Never used"
                  )}
                </td>
                <td className={td}>
                  <StatusBadge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</StatusBadge>
                </td>
                <td className={`${td} text-right`}>
                  {token.status === "REVOKED" ? null : (
                    <Button
                      variant="secondary"
                      onClick={() => askToRevoke(token)}
                      aria-label={`Revoke ${token.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
      className="m-auto w-full max-w-md rounded-xl bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:bg-slate-900 dark:text-white"
    >
      {token ? (
        <div className="space-y-4 p-5">
          <h2 id="revoke-token-heading" className="text-base font-semibold">
            Revoke “{token.name}”?
          </h2>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Anything using <code className="font-mono text-xs">{token.prefix}…</code> stops working at once.
            This cannot be undone; create a new token if you need one again.
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
