import { ConflictError, DomainError, NotFoundError, ValidationError } from "@skyport/domain";
import { describe, expect, it, vi } from "vitest";

describe("domain errors", () => {
  it("are recognised by brand and code, so a second copy of the module (another bundle) still matches", async () => {
    // A fresh module instance stands in for another Next.js bundle's copy of the classes.
    vi.resetModules();
    const other = await import("../src/shared/errors.ts");
    expect(other.NotFoundError).not.toBe(NotFoundError);
    const foreign = new other.ValidationError("name", "is required");
    expect(foreign).toBeInstanceOf(DomainError);
    expect(foreign).toBeInstanceOf(ValidationError);
    expect(foreign).not.toBeInstanceOf(ConflictError);
    expect(new NotFoundError("workspace")).toBeInstanceOf(other.DomainError);
    expect(new Error("plain")).not.toBeInstanceOf(DomainError);
    expect({ code: "NOT_FOUND" }).not.toBeInstanceOf(NotFoundError);
  });
});
