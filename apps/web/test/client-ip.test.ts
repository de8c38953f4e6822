import { describe, expect, it } from "vitest";
import { clientIp } from "../src/server/trpc/context.ts";

const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  it("with no proxy, takes the address Next.js recorded (the last entry)", () => {
    expect(clientIp(forwarded("127.0.0.1"))).toBe("127.0.0.1");
    expect(clientIp(new Headers())).toBeNull();
  });

  it("with trusted proxies, ignores entries a client put in front", () => {
    // The client sent "6.6.6.6"; the ingress appended the real address.
    expect(clientIp(forwarded("6.6.6.6, 203.0.113.8"), 1)).toBe("203.0.113.8");
    // Two proxies: the client address is second from the end.
    expect(clientIp(forwarded("6.6.6.6, 203.0.113.8, 10.0.0.5"), 2)).toBe("203.0.113.8");
    // Fewer entries than proxies (misconfiguration): the first entry, not nothing.
    expect(clientIp(forwarded("203.0.113.8"), 3)).toBe("203.0.113.8");
  });
});
