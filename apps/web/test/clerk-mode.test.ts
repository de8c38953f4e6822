import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerAs, createTestServices } from "./support.ts";

// Clerk keys shaped like real ones; Clerk itself is never contacted by these calls.
const services = await createTestServices({
  CLERK_SECRET_KEY: "sk_test_skyportclerkmodetest0123456789",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_Y2xlcmsuc2t5cG9ydC5leGFtcGxlJA",
  CLERK_WEBHOOK_SIGNING_SECRET: "whsec_c2t5cG9ydC1jbGVyay1tb2RlLXRlc3Qtc2VjcmV0",
});

describe("hosted (Clerk) mode", () => {
  it("refuses local sign-up and sign-in, and writes nothing", async () => {
    const caller = await callerAs(services, null);
    const signUp = await caller.auth
      .signUp({
        email: "ada@example.test",
        password: "a long enough passphrase",
        name: "Ada",
        organizationName: "Acme",
      })
      .catch((e: unknown) => e);
    expect(signUp).toBeInstanceOf(TRPCError);
    expect((signUp as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect((signUp as TRPCError).message).toMatch(/Clerk/);
    const signIn = await caller.auth
      .signIn({ email: "ada@example.test", password: "a long enough passphrase" })
      .catch((e: unknown) => e);
    expect((signIn as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect(await services.db.user.count()).toBe(0);
  });
});
