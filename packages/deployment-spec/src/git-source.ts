// A deployment's Git source (Airflow 3): a repository Airflow itself clones and follows through
// its native GitDagBundle. Skyport clones nothing; it checks the URL, the branch or tag and the
// sub-path here, and renders them as Airflow configuration. Credentials never go in the URL: they
// are an Airflow connection of the deployment's environment (its password sealed, write-only),
// named by `connectionId`.
import { z } from "zod";

/** A branch or tag name, in the part of `git check-ref-format` customers actually run into. */
const REF = /^[A-Za-z0-9._/-]+$/;
/** One folder name of a sub-path. */
const SEGMENT = /^[A-Za-z0-9._-]+$/;
/** Airflow's conn_id as the environment accepts it. */
const CONNECTION_ID = /^[A-Za-z0-9_]+$/;
/** `user@host:path`, git's scp-like SSH form (github's `git@github.com:acme/dags.git`). */
const SCP_LIKE = /^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;

const URL_MAX = 2048;
const URL_HELP = "like https://github.com/acme/dags.git or git@github.com:acme/dags.git";

/** Where Airflow's clone connects to: the host and TCP port (for the NetworkPolicy). */
export interface GitEndpoint {
  readonly host: string;
  readonly port: number;
}

/** The host and port a valid Git URL connects to, or a message saying what is wrong with it. */
export function gitEndpoint(url: string): GitEndpoint | { readonly problem: string } {
  const scp = SCP_LIKE.exec(url);
  if (scp) return endpointOf((scp[1] ?? "").toLowerCase(), 22);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `must be an https:// or ssh:// repository URL, ${URL_HELP}` };
  }
  if (parsed.protocol === "http:") {
    return { problem: "must use https:// (plain http:// would send the credentials in the clear)" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "ssh:") {
    return { problem: `must be an https:// or ssh:// repository URL, ${URL_HELP}` };
  }
  if (parsed.password || (parsed.protocol === "https:" && parsed.username)) {
    return {
      problem:
        "must not contain credentials; put them in an Airflow connection of the deployment and name it in connectionId",
    };
  }
  if (!parsed.hostname) return { problem: `must name a host, ${URL_HELP}` };
  if (parsed.pathname.replace(/\/+/g, "") === "") return { problem: `must name a repository, ${URL_HELP}` };
  if (parsed.search || parsed.hash) return { problem: "must not have a query (?…) or fragment (#…)" };
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 22;
  return endpointOf(parsed.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase(), port);
}

function endpointOf(host: string, port: number): GitEndpoint | { readonly problem: string } {
  if (isPrivateAddress(host)) {
    return {
      problem: "must not name a private, loopback or link-local address: runtimes may not reach those",
    };
  }
  return { host, port };
}

/** IPv4/IPv6 literals in the ranges a runtime may never reach (other tenants, nodes, metadata). */
function isPrivateAddress(host: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a = 0, b = 0] = v4.slice(1).map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254)
    );
  }
  if (!host.includes(":")) return false;
  return host === "::1" || host === "::" || /^f[cd]/i.test(host) || /^fe[89ab]/i.test(host);
}

function refProblem(ref: string): string | undefined {
  if (!REF.test(ref)) return "must be a branch or tag name: letters, digits, '.', '_', '-' and '/'";
  if (ref.startsWith("-") || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".")) {
    return "must not start with '-' or '/', nor end with '/' or '.'";
  }
  if (ref.includes("..") || ref.includes("//")) return "must not contain '..' or '//'";
  if (ref.endsWith(".lock")) return "must not end with .lock";
  return undefined;
}

function subPathProblem(subPath: string): string | undefined {
  if (subPath.startsWith("/")) return "must be a folder inside the repository, not an absolute path";
  for (const segment of subPath.split("/")) {
    if (segment === "..") return "must not contain '..' (it must stay inside the repository)";
    if (segment === "" || segment === ".") return "must not contain empty or '.' folder names";
    if (!SEGMENT.test(segment)) return "may contain letters, digits, '.', '_', '-' and '/' only";
  }
  return undefined;
}

/** A trimmed, non-empty text of at most `max` characters. */
function requiredText(name: string, max: number, missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `${name} must be at most ${max} characters` });
}

export const gitSourceInput = z
  .strictObject(
    {
      url: requiredText("url", URL_MAX, `url is required, ${URL_HELP}`).meta({ title: "Repository URL" }),
      ref: requiredText("ref", 255, "ref is required: the branch or tag Airflow follows").meta({
        title: "Branch or tag",
      }),
      /** The DAG folder inside the repository; empty: its root. */
      subPath: z
        .string({ error: "subPath must be a folder path" })
        .trim()
        .max(1024, { error: "subPath must be at most 1024 characters" })
        .transform((value) => value.replace(/\/+$/, ""))
        .default("")
        .meta({ title: "Folder in the repository" }),
      /** An Airflow connection (type git) of the deployment's environment holding the credentials. */
      connectionId: z
        .string({ error: "connectionId must be an Airflow connection id" })
        .trim()
        .max(250, { error: "connectionId must be at most 250 characters" })
        .regex(CONNECTION_ID, {
          error: "connectionId must be an Airflow connection id: letters, digits and '_'",
        })
        .optional()
        .meta({ title: "Credentials connection" }),
    },
    { error: "must be an object with url, ref and optionally subPath and connectionId" },
  )
  .check((ctx) => {
    const { url, ref, subPath } = ctx.value;
    const endpoint = gitEndpoint(url);
    if ("problem" in endpoint) {
      ctx.issues.push({ code: "custom", input: url, path: ["url"], message: `url ${endpoint.problem}` });
    }
    const badRef = refProblem(ref);
    if (badRef) ctx.issues.push({ code: "custom", input: ref, path: ["ref"], message: `ref ${badRef}` });
    const badPath = subPath ? subPathProblem(subPath) : undefined;
    if (badPath) {
      ctx.issues.push({ code: "custom", input: subPath, path: ["subPath"], message: `subPath ${badPath}` });
    }
  });

export interface GitSource {
  readonly url: string;
  readonly ref: string;
  /** "" for the repository's root. */
  readonly subPath: string;
  readonly connectionId?: string;
}

/** The Airflow setting that lists a runtime's DAG bundles (the Git source is one of them). */
export const DAG_BUNDLE_SETTING = { section: "dag_processor", key: "dag_bundle_config_list" } as const;

/** Why a spec's Git source does not fit its runtime line, or undefined when it does. */
export function gitSourceRuntimeProblem(runtime: { version: string; major: 2 | 3 }): string | undefined {
  if (runtime.major === 3) return undefined;
  return `a Git source needs Airflow 3 (its GitDagBundle); Airflow ${runtime.version} has no DAG bundles. Choose a 3.x runtime, or deploy the DAG folder with skyport deploy`;
}
