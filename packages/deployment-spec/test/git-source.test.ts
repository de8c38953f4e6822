// The spec's Git source: the repository URL (https or ssh, never with credentials in it), the
// branch or tag, the folder inside the repository, and the connection holding the credentials —
// each refused with a message naming the field, and refused on Airflow 2 runtimes.
import { describe, expect, it } from "vitest";
import { specHash } from "../src/hash.ts";
import { type DeploymentSpecInput, gitEndpoint, parseDeploymentSpec } from "../src/index.ts";

const base: DeploymentSpecInput = { name: "sales-etl", runtimeVersion: "3.3.1", executor: "CELERY" };
const REPO = "https://github.com/acme/dags.git";

function gitIssues(gitSource: unknown, extra: Partial<DeploymentSpecInput> = {}) {
  const result = parseDeploymentSpec({ ...base, ...extra, gitSource });
  if (result.ok) throw new Error("expected the spec to be rejected");
  return result.issues;
}

describe("the spec's Git source", () => {
  it("keeps a valid source, trimming the folder's trailing slash", () => {
    const result = parseDeploymentSpec({
      ...base,
      gitSource: { url: ` ${REPO} `, ref: "main", subPath: "airflow/dags/", connectionId: "git_acme" },
    });
    expect(result.ok && result.spec.gitSource).toEqual({
      url: REPO,
      ref: "main",
      subPath: "airflow/dags",
      connectionId: "git_acme",
    });
  });

  it("accepts ssh:// and git's scp-like form, and tags with dots and slashes", () => {
    for (const url of ["ssh://git@git.example.com:2222/acme/dags.git", "git@github.com:acme/dags.git"]) {
      const result = parseDeploymentSpec({ ...base, gitSource: { url, ref: "release/v1.2.0" } });
      expect(result.ok && result.spec.gitSource).toEqual({ url, ref: "release/v1.2.0", subPath: "" });
    }
  });

  it("leaves the spec (and its hash) as it was when no Git source is set", () => {
    const result = parseDeploymentSpec(base);
    if (!result.ok) throw new Error("expected a valid spec");
    expect("gitSource" in result.spec).toBe(false);
    const withSource = parseDeploymentSpec({ ...base, gitSource: { url: REPO, ref: "main" } });
    if (!withSource.ok) throw new Error("expected a valid spec");
    expect(specHash(withSource.spec)).not.toBe(specHash(result.spec));
  });

  it.each([
    [
      "http://github.com/acme/dags.git",
      "Git source: url must use https:// (plain http:// would send the credentials in the clear)",
    ],
    [
      "https://me:ghp_token@github.com/acme/dags.git",
      "Git source: url must not contain credentials; put them in an Airflow connection of the deployment and name it in connectionId",
    ],
    [
      "file:///srv/dags",
      "Git source: url must be an https:// or ssh:// repository URL, like https://github.com/acme/dags.git or git@github.com:acme/dags.git",
    ],
    [
      "https://github.com/",
      "Git source: url must name a repository, like https://github.com/acme/dags.git or git@github.com:acme/dags.git",
    ],
    [
      "https://10.0.5.7:5432/acme/dags.git",
      "Git source: url must not name a private, loopback or link-local address: runtimes may not reach those",
    ],
    [
      "git@169.254.169.254:acme/dags.git",
      "Git source: url must not name a private, loopback or link-local address: runtimes may not reach those",
    ],
    [
      "ssh://git@[fd00::1]/acme/dags.git",
      "Git source: url must not name a private, loopback or link-local address: runtimes may not reach those",
    ],
  ])("refuses the URL %s naming the field", (url, message) => {
    expect(gitIssues({ url, ref: "main" })).toEqual([{ field: "gitSource.url", message }]);
  });

  it.each([
    ["a..b", "Git source: ref must not contain '..' or '//'"],
    ["-main", "Git source: ref must not start with '-' or '/', nor end with '/' or '.'"],
    ["feature x", "Git source: ref must be a branch or tag name: letters, digits, '.', '_', '-' and '/'"],
    ["main.lock", "Git source: ref must not end with .lock"],
  ])("refuses the ref %s", (ref, message) => {
    expect(gitIssues({ url: REPO, ref })).toEqual([{ field: "gitSource.ref", message }]);
  });

  it.each([
    ["../outside", "Git source: subPath must not contain '..' (it must stay inside the repository)"],
    ["dags/../../etc", "Git source: subPath must not contain '..' (it must stay inside the repository)"],
    ["/etc/airflow", "Git source: subPath must be a folder inside the repository, not an absolute path"],
    ["dags//daily", "Git source: subPath must not contain empty or '.' folder names"],
  ])("refuses the sub-path %s", (subPath, message) => {
    expect(gitIssues({ url: REPO, ref: "main", subPath })).toEqual([{ field: "gitSource.subPath", message }]);
  });

  it("refuses a connection id Airflow could not name, and unknown fields", () => {
    expect(gitIssues({ url: REPO, ref: "main", connectionId: "git-acme", token: "x" })).toEqual([
      {
        field: "gitSource.connectionId",
        message: "Git source: connectionId must be an Airflow connection id: letters, digits and '_'",
      },
      { field: "gitSource.token", message: "Git source: token is not a known field" },
    ]);
  });

  it("refuses a Git source on an Airflow 2 runtime, naming why", () => {
    expect(gitIssues({ url: REPO, ref: "main" }, { runtimeVersion: "2.11.0" })).toEqual([
      {
        field: "gitSource",
        message:
          "Git source: a Git source needs Airflow 3 (its GitDagBundle); Airflow 2.11.0 has no DAG bundles. Choose a 3.x runtime, or deploy the DAG folder with skyport deploy",
      },
    ]);
  });

  it("refuses overriding the DAG bundle list beside a Git source", () => {
    const issues = gitIssues(
      { url: REPO, ref: "main" },
      { airflowConfigOverrides: [{ section: "dag_processor", key: "dag_bundle_config_list", value: "[]" }] },
    );
    expect(issues).toEqual([
      {
        field: "airflowConfigOverrides.0.key",
        message:
          "Airflow setting 1: key dag_processor.dag_bundle_config_list is set from the Git source; remove one of the two",
      },
    ]);
  });
});

describe("gitEndpoint", () => {
  it("gives the host and port the clone connects to", () => {
    expect(gitEndpoint(REPO)).toEqual({ host: "github.com", port: 443 });
    expect(gitEndpoint("https://git.example.com:8443/a/b.git")).toEqual({
      host: "git.example.com",
      port: 8443,
    });
    expect(gitEndpoint("ssh://git@203.0.113.7/a/b.git")).toEqual({ host: "203.0.113.7", port: 22 });
    expect(gitEndpoint("git@GitHub.com:acme/dags.git")).toEqual({ host: "github.com", port: 22 });
  });
});
