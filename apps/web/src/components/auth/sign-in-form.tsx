"use client";

import { FormShell, useTextInputs } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";
import { formError, TextField } from "@/components/forms.tsx";

export function SignInForm({ next, email: initialEmail = "" }: { next: string; email?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { values, bind } = useTextInputs({ email: initialEmail, password: "" });
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => {
        router.replace(next);
        router.refresh();
      },
    }),
  );
  const error = signIn.error;

  return (
    <FormShell
      block
      onSubmit={() => signIn.mutate(values)}
      error={formError(error, ["email", "password"])}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
      pending={signIn.isPending}
    >
      <TextField label="Email" type="email" autoComplete="email" required {...bind("email", error)} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        {...bind("password", error)}
      />
    </FormShell>
  );
}
