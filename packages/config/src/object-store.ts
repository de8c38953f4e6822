import { z } from "zod";

/**
 * Where DAG bundles are kept. Unset: files under `$SKYPORT_STATE_DIR/objects` (the embedded
 * default). The URL itself is checked by @skyport/object-store when the store is built.
 */
export const objectStoreEnvShape = {
  /** `file:///absolute/folder` or `s3://bucket[/prefix][?endpoint=…&region=…&forcePathStyle=true]`. */
  SKYPORT_OBJECT_STORE_URL: z.string().min(1).optional(),
  /** S3 credentials; unset: the AWS SDK's default chain. */
  SKYPORT_OBJECT_STORE_ACCESS_KEY_ID: z.string().min(1).optional(),
  SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Largest DAG bundle (tar.gz) accepted, in MiB. */
  SKYPORT_BUNDLE_MAX_MIB: z.coerce
    .number({ message: "must be a number of MiB" })
    .int("must be a whole number of MiB")
    .min(1, "must be between 1 and 2048")
    .max(2048, "must be between 1 and 2048")
    .default(100),
  SKYPORT_STATE_DIR: z.string().min(1).optional(),
  /**
   * How long a DAG deploy may wait for every Airflow component to report its bundle installed
   * before it ends FAILED, in seconds. Unset: 600.
   */
  SKYPORT_DEPLOY_ROLLOUT_TIMEOUT_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(30, "must be between 30 and 86400")
    .max(86400, "must be between 30 and 86400")
    .optional(),
};
