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

  it("ValidationError carries every field issue, the first as `field`, all in the message", () => {
    const error = ValidationError.of([
      { field: "spec.schedulerSize", message: "must be one of S, M, L" },
      { field: "spec.workerQueues.1.maxWorkers", message: "must be at least minWorkers (4)" },
    ]);
    expect(error.field).toBe("spec.schedulerSize");
    expect(error.issues.map((issue) => issue.field)).toEqual([
      "spec.schedulerSize",
      "spec.workerQueues.1.maxWorkers",
    ]);
    expect(error.message).toBe(
      "spec.schedulerSize: must be one of S, M, L; spec.workerQueues.1.maxWorkers: must be at least minWorkers (4)",
    );
    expect(new ValidationError("name", "is required").issues).toEqual([
      { field: "name", message: "is required" },
    ]);
    expect(() => ValidationError.of([])).toThrow();
  });
});
