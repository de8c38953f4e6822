// Which failures a retry can fix. Retryable ones are rethrown so BullMQ retries with back-off;
// the others mark the deployment FAILED with a message a person can act on. Messages never carry
// secret values or connection strings (the sources below do not include them).

import {
  KubernetesApiError,
  MetadataDatabaseError,
  RenderInputError,
  RuntimeTargetError,
  UnredactedSecretError,
} from "@skyport/provisioning";
import pg from "pg";
import { SecretDecryptionError } from "../secrets/errors.ts";

export interface ClassifiedError {
  readonly retryable: boolean;
  readonly message: string;
}

/** Something about the deployment itself that a retry cannot change. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentError";
  }
}

/** Rethrown for BullMQ to retry: the original error's message with secret values removed (job
 * failures are logged and kept in Redis). */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RetryLaterError";
  }
}

/** A step that needs more time (e.g. a namespace still terminating): retry later. */
export class NotYetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotYetError";
  }
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Worker settings behind a render input field, so the message says what to change. */
const SETTING_FOR_FIELD: Record<string, string> = {
  runtimeDatabase: "RUNTIME_DATABASE_CLUSTER_HOST / RUNTIME_DATABASE_CIDR",
  clusterApi: "KUBERNETES_API_CIDR",
  baseDomain: "SKYPORT_BASE_DOMAIN",
  controlPlane: "SKYPORT_CONTROL_PLANE_NAMESPACE",
};

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** SQLSTATE classes a retry can fix: connection (08), resources (53), operator intervention
 * (57), transaction rollback (40), lock not available, internal races. */
function retryableSqlState(code: string): boolean {
  return /^(08|53|57|40)/.test(code) || code === "55P03" || code === "XX000";
}

function shorten(message: string): string {
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}

/** Removes secret values from a message (an API server may quote what it rejects), and the
 * password of any connection URL in it. */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let scrubbed = message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]*@/gi, "$1<redacted>@");
  for (const secret of secrets) {
    if (secret.length >= 8) scrubbed = scrubbed.split(secret).join("<redacted>");
  }
  return scrubbed;
}

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof KubernetesApiError) {
    // A real API server answers a server-side apply whose object does not fit the schema (a
    // field of the wrong type) with 500 "failed to create typed patch object": no retry fixes it.
    const unfit = error.status === 500 && error.serverMessage.includes("failed to create typed patch object");
    const retryable = !unfit && (error.status >= 500 || [408, 409, 429].includes(error.status));
    return { retryable, message: shorten(`Kubernetes API: ${error.message}`) };
  }
  if (error instanceof RenderInputError) {
    const issues = error.issues.map((issue) => {
      const setting = SETTING_FOR_FIELD[issue.field.split(".")[0] ?? ""];
      return `${issue.field} ${issue.message}${setting ? ` (worker setting ${setting})` : ""}`;
    });
    return { retryable: false, message: shorten(`Cannot render the runtime: ${issues.join("; ")}`) };
  }
  if (error instanceof MetadataDatabaseError) {
    return { retryable: false, message: shorten(`Metadata database: ${error.message}`) };
  }
  if (error instanceof RuntimeTargetError)
    return { retryable: error.retryable, message: shorten(error.message) };
  if (error instanceof UnredactedSecretError) return { retryable: false, message: error.message };
  if (error instanceof SecretDecryptionError) {
    // A KEK missing from SKYPORT_KEK or a damaged value: retrying cannot help until that is fixed
    // (the drift sweep retries FAILED deployments). The message names the row, never a value.
    return {
      retryable: false,
      message: shorten(`Cannot open the deployment's environment: ${error.message}`),
    };
  }
  if (error instanceof PermanentError) return { retryable: false, message: shorten(error.message) };
  if (error instanceof NotYetError) return { retryable: true, message: error.message };
  if (error instanceof pg.DatabaseError) {
    // The runtime database server answered with an error (the message names no password).
    return {
      retryable: retryableSqlState(error.code ?? ""),
      message: shorten(`Runtime database: ${error.message}`),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  if (code === "EACCES" || code === "EROFS" || code === "EPERM") {
    return { retryable: false, message: shorten(message) };
  }
  // Network trouble (ECONNREFUSED, ...), and anything unrecognised: a later attempt may succeed.
  return {
    retryable: true,
    message: shorten(code && NETWORK_CODES.has(code) ? `Cannot reach a dependency: ${message}` : message),
  };
}
