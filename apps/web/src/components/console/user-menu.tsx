"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/client/trpc.tsx";
import { ClerkSignOut } from "../auth/clerk-lazy.tsx";
import { Dropdown, dropdownItemClass } from "./dropdown.tsx";

/** The signed-in person's name and email, and signing out. */
export function UserMenu({
  user,
  clerkPublishableKey = null,
}: {
  user: { name: string; email: string };
  /** Hosted mode: Clerk owns the session, so Clerk signs the person out. */
  clerkPublishableKey?: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        router.replace("/sign-in");
        router.refresh();
      },
    }),
  );
  const initials = user.name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();

  return (
    <Dropdown
      label={`Account: ${user.name}`}
      align="right"
      button={
        <>
          <span
            aria-hidden="true"
            className="inline-flex size-7 items-center justify-center rounded-full bg-accent-soft text-xs font-semibold text-accent-fg"
          >
            {initials || "?"}
          </span>
          <span className="hidden max-w-40 truncate sm:inline">{user.name}</span>
        </>
      }
    >
      <div className="px-3 py-2">
        <p className="truncate text-sm font-medium text-fg">{user.name}</p>
        <p className="truncate text-sm text-fg-muted">{user.email}</p>
      </div>
      <div className="border-t border-line pt-1">
        {clerkPublishableKey ? (
          <ClerkSignOut publishableKey={clerkPublishableKey}>
            <button type="button" className={dropdownItemClass}>
              Sign out
            </button>
          </ClerkSignOut>
        ) : (
          <button
            type="button"
            className={dropdownItemClass}
            disabled={signOut.isPending}
            onClick={() => signOut.mutate()}
          >
            {signOut.isPending ? "Signing out…" : "Sign out"}
          </button>
        )}
        {signOut.isError ? (
          <p role="alert" className="px-3 py-1 text-sm text-danger-fg">
            {signOut.error.message}
          </p>
        ) : null}
      </div>
    </Dropdown>
  );
}
