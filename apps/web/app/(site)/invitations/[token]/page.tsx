import { PASSWORD_RULES } from "@skyport/domain";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card.tsx";
import {
  AcceptInvitationButton,
  InvitationSignUpForm,
  SwitchAccountButton,
} from "@/components/auth/invitation-actions.tsx";
import { buttonClasses } from "@/components/button-classes.ts";
import { roleLabel } from "@/components/roles.ts";
import { getServerCaller, signInUrl } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

const linkClass = "font-medium text-link hover:underline";

/** Accepting an invitation: shows what it is for, then join, sign up or sign in as fits. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await getServerCaller();
  const path = `/invitations/${token}`;

  let preview: Awaited<ReturnType<typeof caller.invitation.preview>>;
  try {
    preview = await caller.invitation.preview({ token });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) {
      return (
        <AuthCard
          title="This invitation link does not work"
          description="It may have been copied incompletely, or the invitation no longer exists. Ask an owner of the organization to invite you again."
        >
          <Link href="/" className={buttonClasses.secondary}>
            Go to Skyport
          </Link>
        </AuthCard>
      );
    }
    throw error;
  }

  const me = await caller.auth.me();
  const summary = (
    <dl className="mb-6 divide-y divide-line rounded-lg border border-line text-sm">
      <div className="flex justify-between gap-4 px-4 py-2.5">
        <dt className="whitespace-nowrap text-fg-muted">Organization</dt>
        <dd className="font-medium text-fg">{preview.organizationName}</dd>
      </div>
      <div className="flex justify-between gap-4 px-4 py-2.5">
        <dt className="whitespace-nowrap text-fg-muted">Role</dt>
        <dd className="text-right text-fg">{roleLabel(preview.role)}</dd>
      </div>
      <div className="flex justify-between gap-4 px-4 py-2.5">
        <dt className="whitespace-nowrap text-fg-muted">Invited by</dt>
        <dd className="text-right text-fg">
          {preview.invitedBy ? `${preview.invitedBy.name} (${preview.invitedBy.email})` : "an owner"}
        </dd>
      </div>
      <div className="flex justify-between gap-4 px-4 py-2.5">
        <dt className="whitespace-nowrap text-fg-muted">For</dt>
        <dd className="text-right text-fg">{preview.email}</dd>
      </div>
    </dl>
  );
  const title = `Join ${preview.organizationName} on Skyport`;

  if (preview.problem) {
    return (
      <AuthCard
        title="This invitation cannot be used"
        description={`${preview.problem.charAt(0).toUpperCase()}${preview.problem.slice(1)}.`}
      >
        {summary}
        <Link href={me ? "/orgs" : "/"} className={buttonClasses.secondary}>
          {me ? "Go to your console" : "Go to Skyport"}
        </Link>
      </AuthCard>
    );
  }

  if (me && me.email === preview.email) {
    return (
      <AuthCard title={title} description={`You are signed in as ${me.email}.`}>
        {summary}
        <AcceptInvitationButton token={token} organizationName={preview.organizationName} />
      </AuthCard>
    );
  }

  if (me) {
    return (
      <AuthCard
        title={title}
        description={
          <>
            This invitation is for <strong>{preview.email}</strong>, but you are signed in as{" "}
            <strong>{me.email}</strong>. Sign out, then sign in or create an account with the invited email.
          </>
        }
      >
        {summary}
        <SwitchAccountButton next={path} />
      </AuthCard>
    );
  }

  if (preview.accountExists) {
    return (
      <AuthCard
        title={title}
        description={`${preview.email} already has a Skyport account. Sign in to accept.`}
      >
        {summary}
        <Link
          href={`${signInUrl(path)}&email=${encodeURIComponent(preview.email)}`}
          className={`${buttonClasses.primary} w-full`}
        >
          Sign in to accept
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={title}
      description="Create your Skyport account to accept."
      footer={
        <>
          Have an account with this email?{" "}
          <Link href={signInUrl(path)} className={linkClass}>
            Sign in to accept
          </Link>
        </>
      }
    >
      {summary}
      <InvitationSignUpForm token={token} email={preview.email} passwordRules={PASSWORD_RULES} />
    </AuthCard>
  );
}
