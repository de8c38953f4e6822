"use client";

import { FormShell } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { fieldError, formError, TextField } from "@/components/forms.tsx";

export function SignInForm({ next, email: initialEmail = "" }: { next: string; email?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
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
      onSubmit={() => signIn.mutate({ email, password })}
      error={formError(error, ["email", "password"])}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
      pending={signIn.isPending}
    >
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={fieldError(error, "email")}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fieldError(error, "password")}
      />
    </FormShell>
  );
}
