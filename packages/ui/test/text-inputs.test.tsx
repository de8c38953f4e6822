// @vitest-environment happy-dom
// useTextInputs: each bound field shows and changes its own value, takes the field's name as
// its id unless given one, and shows the server's message for that field only.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { TextField } from "../src/field.tsx";
import type { ServerError } from "../src/server-error.ts";
import { useTextInputs } from "../src/text-inputs.ts";

afterEach(cleanup);

function Probe({ error }: { error?: ServerError }) {
  const { values, bind } = useTextInputs({ email: "ada@example.com", name: "" });
  return (
    <>
      <TextField label="Email" {...bind("email", error)} />
      <TextField label="Name" {...bind("name", error, "person-name")} />
      <output>{JSON.stringify(values)}</output>
    </>
  );
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe("useTextInputs", () => {
  it("binds each field to its own value, with the field's name or the given id", () => {
    render(<Probe />);
    expect(input("Email").value).toBe("ada@example.com");
    expect(input("Email").id).toBe("email");
    expect(input("Name").id).toBe("person-name");

    fireEvent.change(input("Name"), { target: { value: "Ada" } });
    expect(input("Name").value).toBe("Ada");
    expect(JSON.parse(screen.getByRole("status").textContent ?? "{}")).toEqual({
      email: "ada@example.com",
      name: "Ada",
    });
  });

  it("marks only the field the server named, with its message", () => {
    render(<Probe error={{ message: "refused", data: { fieldErrors: { name: ["name: is required"] } } }} />);
    expect(input("Name").getAttribute("aria-invalid")).toBe("true");
    expect(input("Email").getAttribute("aria-invalid")).not.toBe("true");
    expect(screen.getByRole("alert").textContent).toBe("Is required");
  });
});
