"use client";

// What an author does to a report from its page: run it now, issue (or replace), copy and
// revoke its public status page link, add and remove subscribers, and delete it. The link's token is shown once, when issued.
import {
  Button,
  ConfirmAction,
  FormError,
  FormNotice,
  formError,
  TextField,
  useTextInputs,
} from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";

/** Which report an action is about, as every report procedure takes it. */
export interface ReportRef {
  organizationId: string;
  reportId: string;
}

export function RunNowButton({ report }: { report: ReportRef }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [message, setMessage] = useState<string | undefined>();
  const run = useMutation(
    trpc.report.run.mutationOptions({
      onSuccess: () => {
        setMessage("Run queued: its result appears in the history in a moment.");
        // The worker evaluates it; refresh twice to pick the run up without a reload by hand.
        setTimeout(() => router.refresh(), 1500);
        setTimeout(() => router.refresh(), 5000);
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  return (
    <div className="flex flex-col items-end gap-1">
      <Button disabled={run.isPending} onClick={() => run.mutate(report)}>
        {run.isPending ? "Queuing…" : "Run now"}
      </Button>
      <FormNotice message={message} />
    </div>
  );
}

export function StatusLinkManager(props: { report: ReportRef; enabled: boolean; canManage: boolean }) {
  const { report: ref, enabled, canManage } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const [url, setUrl] = useState<string | undefined>();
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const issue = useMutation(
    trpc.report.issueStatusLink.mutationOptions({
      onSuccess: (link) => {
        setUrl(link.url);
        setCopied(false);
        router.refresh();
      },
      onError: (failure) => setError(failure.message),
    }),
  );
  const revoke = useMutation(
    trpc.report.revokeStatusLink.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  return (
    <div className="space-y-3 px-5 py-4 text-sm">
      <FormError message={error} />
      <p>
        {enabled
          ? "A public status page link is active: anyone with it sees this report's status and history."
          : "No status page link: the report is not visible outside the console."}
      </p>
      {url ? (
        <div className="flex flex-wrap items-center gap-2">
          <code
            className="rounded bg-surface-muted px-2 py-1 font-mono text-xs break-all"
            data-testid="status-link"
          >
            {url}
          </code>
          <Button
            variant="secondary"
            onClick={() => navigator.clipboard?.writeText(url).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy link"}
          </Button>
          <span className="text-fg-muted">Shown once: copy it now.</span>
        </div>
      ) : null}
      {canManage ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" disabled={issue.isPending} onClick={() => issue.mutate(ref)}>
            {enabled ? "Replace link" : "Create status page link"}
          </Button>
          {enabled ? (
            <ConfirmAction
              label="Revoke link"
              title="Revoke the status page link?"
              confirmLabel="Revoke"
              pendingLabel="Revoking…"
              onConfirm={() => revoke.mutateAsync(ref).then(() => setUrl(undefined))}
            >
              The page, its JSON and its badge stop answering at once.
            </ConfirmAction>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function DeleteReportButton(props: { report: ReportRef; title: string; listHref: string }) {
  const { report, title, listHref } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.report.delete.mutationOptions({
      onSuccess: () => router.push(listHref),
    }),
  );
  return (
    <ConfirmAction
      label="Delete"
      title={`Delete the report ${title}?`}
      confirmLabel="Delete report"
      pendingLabel="Deleting…"
      onConfirm={() => remove.mutateAsync(report)}
    >
      Its run history and subscribers go with it; its status page stops answering.
    </ConfirmAction>
  );
}

/** Adds an outside subscriber by e-mail; the address gets a confirmation link before any report. */
export function AddSubscriberForm({ report }: { report: ReportRef }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { values, bind, setValues } = useTextInputs({ email: "" });
  const [notice, setNotice] = useState<string>();
  const subscribe = useMutation(
    trpc.report.subscribe.mutationOptions({
      onSuccess: (subscriber) => {
        setNotice(
          subscriber.status === "CONFIRMED"
            ? `${subscriber.email} is subscribed.`
            : `A confirmation link was sent to ${subscriber.email}; reports go there once it is confirmed.`,
        );
        setValues({ email: "" });
        router.refresh();
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    subscribe.mutate({ ...report, email: values.email });
  }
  return (
    <form onSubmit={submit} className="space-y-3 px-5 py-4" noValidate aria-label="Add a subscriber">
      <FormError message={formError(subscribe.error, ["email"])} />
      <FormNotice message={notice} />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
        <TextField
          label="E-mail"
          type="email"
          autoComplete="off"
          required
          placeholder="stakeholder@example.com"
          {...bind("email", subscribe.error, "subscriber-email")}
        />
        <Button type="submit" className="sm:mt-7" disabled={subscribe.isPending}>
          {subscribe.isPending ? "Adding…" : "Add subscriber"}
        </Button>
      </div>
    </form>
  );
}

export function RemoveSubscriberButton(props: { report: ReportRef; subscriberId: string; email: string }) {
  const { report, subscriberId, email } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.report.unsubscribe.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <ConfirmAction
      label="Remove"
      title={`Remove ${email} from this report?`}
      confirmLabel="Remove subscriber"
      pendingLabel="Removing…"
      onConfirm={() => remove.mutateAsync({ ...report, subscriberId })}
    >
      No more reports are sent to this address.
    </ConfirmAction>
  );
}
