// Messages shown on their own start a sentence, but never by changing what the person typed.
import { asSentence } from "@skyport/ui";
import { describe, expect, it } from "vitest";
import { fieldError } from "../src/components/forms.tsx";

const refusal = (field: string, message: string) => ({
  message,
  data: { fieldErrors: { [field]: [message] } },
});

describe("messages as sentences", () => {
  it("keeps an e-mail address that opens a message exactly as typed", () => {
    const message = "dana@example.com is already a member of this organization";
    expect(asSentence(fieldError(refusal("email", message), "email") ?? "")).toBe(message);
    expect(asSentence(message)).toBe(message);
  });

  it("capitalises the message's own first word, and leaves names and settings alone", () => {
    expect(
      asSentence(fieldError(refusal("name", "name must be at most 60 characters (got 200)"), "name") ?? ""),
    ).toBe("Name must be at most 60 characters (got 200)");
    expect(asSentence("team “Ops” is already an admin")).toBe("Team “Ops” is already an admin");
    expect(asSentence("core.fernet_key cannot be overridden")).toBe("core.fernet_key cannot be overridden");
    expect(asSentence("minWorkers must be at least 0")).toBe("minWorkers must be at least 0");
  });
});
