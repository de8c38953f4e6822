import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard, safeNextPath } from "@/components/auth/auth-card.tsx";
import { ClerkSignIn } from "@/components/auth/clerk-lazy.tsx";
import { SignInForm } from "@/components/auth/sign-in-form.tsx";
import { hostedClerk } from "@/server/identity-mode.ts";
import { getServerCaller } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next, email } = await searchParams;
  const target = safeNextPath(next);
  const caller = await getServerCaller();
  if (await caller.auth.me()) redirect(target);
  const clerk = hostedClerk();
  if (clerk) {
    return (
      <AuthCard title="Sign in to Skyport">
        <ClerkSignIn publishableKey={clerk.publishableKey} next={target} />
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Sign in to Skyport"
      footer={
        <>
          New to Skyport?{" "}
          <Link href="/sign-up" className="font-medium text-link hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm next={target} email={typeof email === "string" ? email : ""} />
    </AuthCard>
  );
}
