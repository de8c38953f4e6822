import { mailSettings } from "@skyport/config";
import { listMailbox, resolveMailboxDir } from "@skyport/mail";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { LinkifiedText } from "@/components/linkified-text.tsx";
import { getServices } from "@/server/services.ts";
import { getServerCaller, signInUrl } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Development mailbox", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium" });

/**
 * Where emails go when no SMTP server is configured (404 when one is). Emails carry
 * credentials (invitation links), so a signed-in person sees only the messages sent to
 * them and those about organizations they own.
 */
export default async function DevelopmentMailboxPage() {
  const settings = mailSettings(getServices().config);
  if (settings.transport !== "mailbox") notFound();
  const caller = await getServerCaller();
  const me = await caller.auth.me();
  if (!me) redirect(signInUrl("/dev/mailbox"));
  const organizations = await caller.organization.listMine();
  const owned = new Set(organizations.filter((o) => o.role === "ORGANIZATION_OWNER").map((o) => o.id));
  const messages = (await listMailbox(resolveMailboxDir(settings.stateDir))).filter(
    (message) =>
      message.to === me.email || (message.organizationId !== null && owned.has(message.organizationId)),
  );

  return (
    <div className="mx-auto max-w-4xl px-4 py-10 sm:px-6 lg:px-8">
      <p className="text-sm font-semibold text-link">Development</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg">Mailbox</h1>
      <p className="mt-3 max-w-2xl text-sm text-fg">
        No SMTP server is configured, so Skyport keeps the emails it would send here (and as .eml files in the
        state directory's <code className="font-mono">mailbox</code> folder). Set{" "}
        <code className="font-mono">SMTP_URL</code> and <code className="font-mono">SMTP_FROM</code> to send
        real email. You see emails sent to you and emails about organizations you own, newest first.
      </p>

      {messages.length === 0 ? (
        <p className="mt-8 rounded-xl border border-dashed border-line-strong px-5 py-10 text-center text-sm text-fg-muted">
          No emails yet. Invitations you send appear here within a few seconds (the worker sends them).
        </p>
      ) : (
        <ol className="mt-8 space-y-4" aria-label="Emails, newest first">
          {messages.map((message) => (
            <li key={message.id}>
              <article
                aria-labelledby={`subject-${message.id}`}
                className="rounded-xl border border-line bg-surface shadow-sm"
              >
                <header className="border-b border-line px-5 py-4">
                  <h2 id={`subject-${message.id}`} className="text-base font-semibold text-fg">
                    {message.subject}
                  </h2>
                  <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm text-fg-muted">
                    <dt>To</dt>
                    <dd className="text-fg">{message.to}</dd>
                    <dt>From</dt>
                    <dd>{message.from}</dd>
                    <dt>Sent</dt>
                    <dd>
                      <time dateTime={message.date}>{timeFormat.format(new Date(message.date))}</time>
                    </dd>
                  </dl>
                </header>
                <div className="px-5 py-4 text-sm leading-relaxed whitespace-pre-wrap text-fg">
                  <LinkifiedText text={message.text} />
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
