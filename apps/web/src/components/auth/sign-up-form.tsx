"use client";

import { buttonClasses, FormError, TextField } from "@skyport/ui";
import { applyServerErrors, registeredField, useZodForm } from "@skyport/ui/form";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { useTRPC } from "@/client/trpc.tsx";
import { NewPasswordField } from "./auth-card.tsx";
import { SIGN_UP_FIELDS, type SignUpLimits } from "./sign-up-limits.ts";

// zod comes with the schema, on the first submit: it is not part of the page's first load.
const loadSchema = (limits: SignUpLimits) =>
  import("./sign-up-model.ts").then((model) => model.signUpSchema(limits));

export function SignUpForm({
  passwordRules,
  limits,
}: {
  passwordRules: readonly string[];
  limits: SignUpLimits;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const schema = useMemo(() => () => loadSchema(limits), [limits]);
  const form = useZodForm(schema, {
    defaultValues: { name: "", email: "", password: "", organizationName: "" },
  });
  const [formMessage, setFormMessage] = useState<string | undefined>();
  // The console's first render takes a moment; the button says so until it is there.
  const [opening, startOpening] = useTransition();
  const signUp = useMutation(
    trpc.auth.signUp.mutationOptions({
      onSuccess: ({ organization }) => {
        startOpening(() => {
          router.replace(`/orgs/${organization.id}`);
          router.refresh();
        });
      },
      onError: (error) => setFormMessage(applyServerErrors(form, error, SIGN_UP_FIELDS)),
    }),
  );
  const busy = signUp.isPending || signUp.isSuccess || opening;

  return (
    <form
      onSubmit={form.handleSubmit((values) => {
        setFormMessage(undefined);
        signUp.mutate(values);
      })}
      className="space-y-5"
      noValidate
    >
      <FormError message={formMessage} />
      <TextField label="Your name" autoComplete="name" required {...registeredField(form, "name")} />
      <TextField
        label="Work email"
        type="email"
        autoComplete="email"
        required
        {...registeredField(form, "email")}
      />
      <NewPasswordField rules={passwordRules} {...registeredField(form, "password")} />
      <TextField
        label="Organization name"
        autoComplete="organization"
        required
        hint="Your company or team. You can rename it later and invite others to it."
        {...registeredField(form, "organizationName")}
      />
      <button type="submit" className={`${buttonClasses.primary} w-full`} disabled={busy}>
        {signUp.isPending ? "Creating your account…" : busy ? "Opening your console…" : "Create account"}
      </button>
    </form>
  );
}
