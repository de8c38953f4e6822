"use client";

import { FormShell, useTextInputs } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";
import { buttonClasses, FormError, formError, TextField } from "@/components/forms.tsx";
import { NewPasswordField } from "./auth-card.tsx";

/** Signed in with the invited email: one click joins. */
export function AcceptInvitationButton({
  token,
  organizationName,
}: {
  token: string;
  organizationName: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: ({ organizationId }) => {
        router.replace(`/orgs/${organizationId}`);
        router.refresh();
      },
    }),
  );
  return (
    <div className="space-y-4">
      <FormError message={accept.error?.message} />
      <button
        type="button"
        className={`${buttonClasses.primary} w-full`}
        disabled={accept.isPending}
        onClick={() => accept.mutate({ token })}
      >
        {accept.isPending ? "Joining…" : `Join ${organizationName}`}
      </button>
    </div>
  );
}

/** Not signed in and no account yet: create one with the invited email and join. */
export function InvitationSignUpForm({
  token,
  email,
  passwordRules,
}: {
  token: string;
  email: string;
  passwordRules: readonly string[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const { values, bind } = useTextInputs({ name: "", password: "" });
  const signUp = useMutation(
    trpc.invitation.signUpAndAccept.mutationOptions({
      onSuccess: ({ organizationId }) => {
        router.replace(`/orgs/${organizationId}`);
        router.refresh();
      },
    }),
  );
  const error = signUp.error;

  return (
    <FormShell
      block
      onSubmit={() => signUp.mutate({ token, ...values })}
      error={formError(error, ["name", "password"])}
      submitLabel="Create account and join"
      pendingLabel="Creating your account…"
      pending={signUp.isPending}
    >
      <TextField
        id="invited-email"
        label="Email"
        type="email"
        value={email}
        readOnly
        aria-readonly="true"
        hint="The invitation was sent to this address."
      />
      <TextField label="Your name" autoComplete="name" required {...bind("name", error)} />
      <NewPasswordField rules={passwordRules} {...bind("password", error)} />
    </FormShell>
  );
}

/** Signed in as someone else: offer to sign out and come back to the link. */
export function SwitchAccountButton({ next }: { next: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        router.replace(next);
        router.refresh();
      },
    }),
  );
  return (
    <button
      type="button"
      className={`${buttonClasses.secondary} w-full`}
      disabled={signOut.isPending}
      onClick={() => signOut.mutate()}
    >
      {signOut.isPending ? "Signing out…" : "Sign out and continue"}
    </button>
  );
}
