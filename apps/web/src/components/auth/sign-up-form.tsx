"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { buttonClasses, FormError, fieldError, formError, TextField } from "@/components/forms.tsx";
import { PasswordRules } from "./auth-card.tsx";

const FIELDS = ["name", "email", "password", "organizationName"];

export function SignUpForm({ passwordRules }: { passwordRules: readonly string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email: "", password: "", organizationName: "" });
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: ({ organization }) => {
        router.replace(`/orgs/${organization.id}`);
        router.refresh();
      },
    }),
  );
  const error = signUp.error;
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    signUp.mutate(values);
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <FormError message={formError(error, FIELDS)} />
      <TextField
        id="name"
        label="Your name"
        autoComplete="name"
        required
        value={values.name}
        onChange={set("name")}
        error={fieldError(error, "name")}
      />
      <TextField
        id="email"
        label="Work email"
        type="email"
        autoComplete="email"
        required
        value={values.email}
        onChange={set("email")}
        error={fieldError(error, "email")}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        value={values.password}
        onChange={set("password")}
        hint={<PasswordRules rules={passwordRules} />}
        error={fieldError(error, "password")}
      />
      <TextField
        id="organizationName"
        label="Organization name"
        autoComplete="organization"
        required
        value={values.organizationName}
        onChange={set("organizationName")}
        hint="Your company or team. You can rename it later and invite others to it."
        error={fieldError(error, "organizationName")}
      />
      <button type="submit" className={`${buttonClasses.primary} w-full`} disabled={signUp.isPending}>
        {signUp.isPending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
