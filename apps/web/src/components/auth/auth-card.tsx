import { TextField } from "@skyport/ui";
import type { ComponentProps, ReactNode } from "react";

/** The centred card sign-in, sign-up and invitation pages share. */
export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-10 sm:py-14">
      <div className="rounded-xl border border-line bg-surface p-6 shadow-sm sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">{title}</h1>
        {description ? <div className="mt-2 text-sm text-fg-muted">{description}</div> : null}
        <div className="mt-6">{children}</div>
      </div>
      {footer ? <div className="mt-6 text-center text-sm text-fg-muted">{footer}</div> : null}
    </div>
  );
}

export function PasswordRules({ rules }: { rules: readonly string[] }) {
  return (
    <>
      Your password must be:
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
    </>
  );
}

/** Only same-site paths are followed after signing in, so a link cannot bounce people elsewhere. */
export function safeNextPath(next: string | string[] | undefined, fallback = "/orgs"): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value?.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}

/** A new account's password field, with the rules it must follow as its hint. */
export function NewPasswordField({
  rules,
  ...field
}: { rules: readonly string[] } & Omit<ComponentProps<typeof TextField>, "label">) {
  return (
    <TextField
      label="Password"
      type="password"
      autoComplete="new-password"
      required
      hint={<PasswordRules rules={rules} />}
      {...field}
    />
  );
}
