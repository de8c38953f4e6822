import {
  ORGANIZATION_NAME_MAX,
  ORGANIZATION_NAME_MIN,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULES,
  PERSON_NAME_MAX_LENGTH,
} from "@skyport/domain";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card.tsx";
import { ClerkSignUp } from "@/components/auth/clerk-lazy.tsx";
import { SignUpForm } from "@/components/auth/sign-up-form.tsx";
import { hostedClerk } from "@/server/identity-mode.ts";
import { getServerCaller } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  const caller = await getServerCaller();
  if (await caller.auth.me()) redirect("/orgs");
  const clerk = hostedClerk();
  if (clerk) {
    return (
      <AuthCard title="Create your account">
        <ClerkSignUp publishableKey={clerk.publishableKey} />
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Create your account"
      description="Start an organization on Skyport. You will be its owner and can invite your team."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-medium text-link hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm
        passwordRules={PASSWORD_RULES}
        limits={{
          personNameMax: PERSON_NAME_MAX_LENGTH,
          passwordMin: PASSWORD_MIN_LENGTH,
          passwordMax: PASSWORD_MAX_LENGTH,
          organizationNameMin: ORGANIZATION_NAME_MIN,
          organizationNameMax: ORGANIZATION_NAME_MAX,
        }}
      />
    </AuthCard>
  );
}
