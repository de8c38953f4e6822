import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type Column, render, renderDetails, renderTable, sanitize } from "../src/output.ts";

interface Deployment {
  name: string;
  executor: string;
  description: string | null;
}

const columns: Column<Deployment>[] = [
  { header: "Name", value: (d) => d.name },
  { header: "Executor", value: (d) => d.executor },
  { header: "Description", value: (d) => d.description },
];

const rows: Deployment[] = [
  { name: "etl", executor: "CELERY", description: "nightly warehouse loads" },
  { name: "ml-training", executor: "KUBERNETES", description: null },
];

describe("renderTable", () => {
  it("aligns columns under upper-case headers without trailing spaces", () => {
    expect(renderTable(columns, rows)).toBe(
      [
        "NAME         EXECUTOR    DESCRIPTION",
        "etl          CELERY      nightly warehouse loads",
        "ml-training  KUBERNETES",
        "",
      ].join("\n"),
    );
  });

  it("narrows the widest column first to fit the width, marking cut cells", () => {
    const table = renderTable(columns, rows, 40);
    const lines = table.trimEnd().split("\n");

    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines[0]).toBe("NAME         EXECUTOR    DESCRIPTION");
    expect(lines[1]).toBe("etl          CELERY      nightly wareho…");
  });

  it("never cuts a column below its header, even if the row then overflows", () => {
    const lines = renderTable(columns, rows, 10).trimEnd().split("\n");

    expect(lines[0]).toBe("NAME  EXECUTOR  DESCRIPTION");
    expect(lines[2]).toBe("ml-…  KUBERNE…");
  });

  it("prints only headers for an empty list", () => {
    expect(renderTable(columns, [])).toBe("NAME  EXECUTOR  DESCRIPTION\n");
  });

  it("neutralises control characters from server data", () => {
    const hostile = [{ name: "a\u001b[31mred\nnext", executor: "CELERY", description: "x\ry" }];

    const lines = renderTable(columns, hostile).trimEnd().split("\n");

    expect(lines).toHaveLength(2);
    expect(lines[1]).not.toContain("\u001b");
    expect(sanitize("tab\there\u009b")).toBe("tab here ");
  });
});

describe("render", () => {
  const data = { items: rows };

  it("renders json and yaml from the data, not the table", () => {
    expect(JSON.parse(render("json", { data, columns, rows }))).toEqual(data);
    expect(parseYaml(render("yaml", { data, columns, rows }))).toEqual(data);
  });
});

describe("renderDetails", () => {
  it("aligns labels, leaves out empty values and cuts long ones to the width", () => {
    const details = [
      { label: "Name", value: "etl" },
      { label: "Description", value: "" },
      { label: "Airflow URL", value: "https://skyport-abcdefgh.airflow.example.com" },
    ];

    expect(renderDetails(details)).toBe(
      ["Name:         etl", "Airflow URL:  https://skyport-abcdefgh.airflow.example.com", ""].join("\n"),
    );
    const narrow = renderDetails(details, 40).trimEnd().split("\n");
    for (const line of narrow) expect([...line].length).toBeLessThanOrEqual(40);
    expect(narrow[1]).toMatch(/…$/);
  });

  it("is what a single object prints as in table format", () => {
    const printable = { data: { name: "etl" }, details: [{ label: "Name", value: "etl" }] };

    expect(render("table", printable)).toBe("Name:  etl\n");
    expect(JSON.parse(render("json", printable))).toEqual({ name: "etl" });
  });
});
