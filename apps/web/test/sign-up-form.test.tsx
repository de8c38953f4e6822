// @vitest-environment happy-dom
// Sign-up marks every invalid field at once (not the first empty one only), announces the
// errors and puts focus on the first invalid field; nothing is sent until they are fixed.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { SignUpForm } from "@/components/auth/sign-up-form.tsx";
import { renderInConsole } from "./support/render.tsx";

const LIMITS = {
  personNameMax: 100,
  passwordMin: 12,
  passwordMax: 128,
  organizationNameMin: 2,
  organizationNameMax: 80,
};

afterEach(cleanup);

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe("the sign-up form", () => {
  it("marks every empty field at once and focuses the first", async () => {
    renderInConsole(<SignUpForm passwordRules={["12 to 128 characters"]} limits={LIMITS} />);
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));

    await waitFor(() => expect(field("Your name").getAttribute("aria-invalid")).toBe("true"));
    for (const label of ["Your name", "Work email", "Password", "Organization name"]) {
      expect(field(label).getAttribute("aria-invalid"), label).toBe("true");
    }
    const alerts = screen.getAllByRole("alert").map((alert) => alert.textContent);
    expect(alerts).toEqual([
      "Enter your name",
      "Enter your work email",
      "Choose a password",
      "Name your organization",
    ]);
    // Each error is tied to its field for screen readers.
    expect(field("Work email").getAttribute("aria-describedby")).toContain("email-error");
    expect(document.activeElement).toBe(field("Your name"));
    // Nothing was sent: the button never switched to its pending words.
    expect(screen.getByRole("button", { name: "Create account" })).toBeTruthy();
  });

  it("marks only what is still wrong, with the domain's limits", async () => {
    renderInConsole(<SignUpForm passwordRules={[]} limits={LIMITS} />);
    fireEvent.change(field("Your name"), { target: { value: "Dana Scully" } });
    fireEvent.change(field("Work email"), { target: { value: "dana@" } });
    fireEvent.change(field("Password"), { target: { value: "short" } });
    fireEvent.change(field("Organization name"), { target: { value: "FBI" } });
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));

    await waitFor(() => expect(field("Work email").getAttribute("aria-invalid")).toBe("true"));
    expect(field("Your name").getAttribute("aria-invalid")).toBeNull();
    expect(field("Organization name").getAttribute("aria-invalid")).toBeNull();
    expect(screen.getAllByRole("alert").map((alert) => alert.textContent)).toEqual([
      "Must be an email address like name@example.com",
      "Must be at least 12 characters long",
    ]);
    expect(document.activeElement).toBe(field("Work email"));
  });
});
