// Words for the two key/value kinds, so their tables and forms read right.
import type { KeyValueKind } from "./environment-api.ts";

export interface KindWords {
  /** "environment variable" */
  singular: string;
  /** "Environment variables" */
  plural: string;
  keyHint: string;
  hasDescription: boolean;
}

export const KIND_WORDS: Record<KeyValueKind, KindWords> = {
  environmentVariable: {
    singular: "environment variable",
    plural: "Environment variables",
    keyHint:
      "Letters, digits and '_', not starting with a digit (e.g. WAREHOUSE_USER). Names Skyport sets itself are refused with the reason.",
    hasDescription: false,
  },
  airflowVariable: {
    singular: "Airflow variable",
    plural: "Airflow variables",
    keyHint:
      "Letters, digits and '_' (e.g. reporting_bucket). Airflow reads it as AIRFLOW_VAR_<KEY>; DAGs use Variable.get(\"reporting_bucket\").",
    hasDescription: true,
  },
};
