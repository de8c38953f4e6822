// The two files the CLI reads: its config file and deployment files.
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDeploymentDocument } from "../src/commands/deployment/deployment-file.ts";
import { configDirectory, readConfig, writeConfig } from "../src/config/config-file.ts";
import { CliError } from "../src/exit-codes.ts";

describe("config file", () => {
  it("lives in SKYPORT_CONFIG_DIR, else ~/.skyport under HOME", () => {
    expect(configDirectory({ SKYPORT_CONFIG_DIR: "/etc/sky", HOME: "/home/ada" })).toBe("/etc/sky");
    expect(configDirectory({ HOME: "/home/ada" })).toBe("/home/ada/.skyport");
  });

  it("is written 0600 in a 0700 directory and read back; an absent file is empty", async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), "skyport-config-")), "nested");
    expect(await readConfig(dir)).toEqual({});

    const file = await writeConfig(dir, {
      apiUrl: "https://sky.example.com",
      token: "skp_x",
      workspaceId: undefined,
    });

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readConfig(dir)).toEqual({ apiUrl: "https://sky.example.com", token: "skp_x" });
    expect(await readFile(file, "utf8")).toMatch(/^# Written by the skyport CLI/);
  });

  it("tightens a file that was readable by others when it is rewritten", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "skyport-config-"));
    await writeFile(path.join(dir, "config.yaml"), "apiUrl: http://x\n", { mode: 0o644 });

    await writeConfig(dir, { apiUrl: "http://x", token: "secret" });

    expect((await stat(path.join(dir, "config.yaml"))).mode & 0o777).toBe(0o600);
  });

  it("names the file and the field when it is malformed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "skyport-config-"));
    await writeFile(path.join(dir, "config.yaml"), "token: 42\n");

    await expect(readConfig(dir)).rejects.toThrow(`${path.join(dir, "config.yaml")}: token must be a string`);
  });
});

describe("deployment file", () => {
  it("takes name, description, workspace and spec, and drops what the server reports", () => {
    const document = parseDeploymentDocument(
      [
        "id: c123",
        "organizationId: org1",
        "workspaceId: ws1",
        "name: etl",
        "description: Nightly",
        "status: HEALTHY",
        "generation: 3",
        "can: { update: true, delete: true }",
        "spec:",
        "  name: etl",
        "  description: Nightly",
        "  executor: CELERY",
        "  runtimeVersion: 3.3.1",
      ].join("\n"),
      "d.yaml",
    );

    expect(document).toEqual({
      name: "etl",
      description: "Nightly",
      organizationId: "org1",
      workspaceId: "ws1",
      spec: { executor: "CELERY", runtimeVersion: "3.3.1" },
    });
  });

  it("reads JSON too, and takes the name from the spec when the top level has none", () => {
    const document = parseDeploymentDocument('{"spec": {"name": "etl", "executor": "KUBERNETES"}}', "d.json");

    expect(document).toEqual({ name: "etl", spec: { executor: "KUBERNETES" } });
  });

  it("refuses unknown fields, a non-mapping and a spec that is not a mapping, with exit 2", () => {
    const refusal = (text: string) => {
      try {
        parseDeploymentDocument(text, "d.yaml");
      } catch (error) {
        expect(error).toBeInstanceOf(CliError);
        expect((error as CliError).exitCode).toBe(2);
        return (error as CliError).message;
      }
      throw new Error("expected a refusal");
    };

    expect(refusal("name: x\nreplicas: 3\n")).toBe(
      "d.yaml: replicas: not a deployment field (a deployment file has name, description, workspaceId and spec)",
    );
    expect(refusal("- a\n- b\n")).toBe("d.yaml: must hold a deployment (a mapping with name and spec)");
    expect(refusal("name: x\nspec: [1]\n")).toBe(
      "d.yaml: spec: must be a mapping of the deployment's settings",
    );
    expect(refusal("name: 42\n")).toBe("d.yaml: name: must be a string");
  });
});
