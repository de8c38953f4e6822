// Messages shown alone start as sentences, but what the user typed stays exactly as typed.
import { describe, expect, it } from "vitest";
import { fieldError, formError } from "../src/server-error.ts";
import { asSentence } from "../src/text.ts";

describe("asSentence", () => {
  it("capitalises a lower-case message", () => {
    expect(asSentence("must be at least 12 characters long")).toBe("Must be at least 12 characters long");
  });

  it("leaves an e-mail address, a quoted name or a path at the start alone", () => {
    expect(asSentence("dana@example.com is already a member")).toBe("dana@example.com is already a member");
    expect(asSentence("`default` is already used by worker queue 1")).toBe(
      "`default` is already used by worker queue 1",
    );
    expect(asSentence("spec.runtimeVersion is required")).toBe("spec.runtimeVersion is required");
  });
});

describe("server errors on fields", () => {
  const error = { message: "invalid input", data: { fieldErrors: { email: ["email: is already taken"] } } };

  it("puts a named field's message next to it without repeating the field", () => {
    expect(fieldError(error, "email")).toBe("is already taken");
    expect(formError(error, ["name", "email"])).toBeUndefined();
  });

  it("shows the message above the form when it names none of the form's fields", () => {
    expect(formError(error, ["name"])).toBe("invalid input");
  });
});
