import { describe, expect, it } from "vitest";
import { callerAs, createTestServices } from "./support.ts";

const services = await createTestServices();

describe("system.health over tRPC", () => {
  it("answers anonymous callers with the live report", async () => {
    const caller = await callerAs(services, null);
    expect(await caller.system.health()).toMatchObject({ status: "ok", db: "ok", redis: "ok" });
  });
});
