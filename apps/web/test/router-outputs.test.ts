// Every tRPC procedure that answers a view declares it with outputView(): tRPC would otherwise
// check the view with zod's parseAsync, which skips zod's compiled object parser (7.6× slower
// for a page of deployments). And the check still refuses a wrong view and strips what the
// view does not name, as `.output(schema)` did.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { outputView } from "../src/server/trpc/init.ts";
import { appRouter } from "../src/server/trpc/router.ts";

type ProcedureDef = { _def: { output?: unknown } };
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures,
);

describe("procedure outputs", () => {
  it("every procedure with an output declares it through outputView()", () => {
    expect(procedures.length).toBeGreaterThan(50);
    const plain = procedures
      .filter(([, procedure]) => procedure._def.output !== undefined)
      .filter(([, procedure]) => {
        const output = procedure._def.output;
        return (
          typeof output !== "function" || !((output as { schema?: unknown }).schema instanceof z.ZodType)
        );
      })
      .map(([path]) => path);
    expect(plain).toEqual([]);
  });

  it("checks the view synchronously, stripping unknown keys and refusing a wrong view", () => {
    const check = outputView(z.object({ id: z.string(), items: z.array(z.object({ n: z.number() })) }));
    expect(check({ id: "a", secret: "x", items: [{ n: 1, extra: true }] })).toEqual({
      id: "a",
      items: [{ n: 1 }],
    });
    expect(() => check({ id: 1, items: [] })).toThrow(z.ZodError);
  });
});
