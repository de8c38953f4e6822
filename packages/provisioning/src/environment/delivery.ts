// What a deployment's environment Secret carries, and its size limits.
import { connectionEnvName, variableEnvName } from "./names.ts";

/** The kinds of customer object that become environment variables of the runtime. */
export type EnvironmentEntryKind = "environmentVariable" | "airflowConnection" | "airflowVariable";

/**
 * One delivered object: its key (variable name, connection id or Airflow variable key), the
 * value as delivered (a connection already in URI or JSON form), and the row identity the pods'
 * restart checksum is computed from. `value` is null only when rendering redacted manifests,
 * which never need the values.
 */
export interface EnvironmentEntry {
  readonly kind: EnvironmentEntryKind;
  readonly key: string;
  readonly value: string | null;
  readonly rowId: string;
  readonly valueVersion: number;
}

/** A single value (variable value, password, extra, Airflow variable value). */
export const MAX_VALUE_BYTES = 64 * 1024;

/**
 * The Kubernetes API server refuses a Secret whose values add up to more than 1 MiB. Names are
 * counted too, so the check is on the safe side.
 */
export const MAX_ENVIRONMENT_BYTES = 1024 * 1024;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The environment variable an entry is delivered as. */
export function environmentName(kind: EnvironmentEntryKind, key: string): string {
  switch (kind) {
    case "environmentVariable":
      return key;
    case "airflowConnection":
      return connectionEnvName(key);
    case "airflowVariable":
      return variableEnvName(key);
    default: {
      const exhaustive: never = kind;
      return exhaustive;
    }
  }
}

/** Bytes one entry adds to the Secret: its name and its value. */
export function deliveredBytes(kind: EnvironmentEntryKind, key: string, value: string): number {
  return utf8Bytes(environmentName(kind, key)) + utf8Bytes(value);
}

/** Human-readable size for error messages ("1.2 MiB", "830 KiB"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
