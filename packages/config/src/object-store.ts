import { z } from "zod";
import { wholeNumberBetween } from "./whole-number.ts";

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
  SKYPORT_BUNDLE_MAX_MIB: wholeNumberBetween(1, 2048, "MiB").default(100),
  SKYPORT_STATE_DIR: z.string().min(1).optional(),
  /**
   * How long a DAG deploy may wait for every Airflow component to report its bundle installed
   * before it ends FAILED, in seconds. Unset: 600.
   */
  SKYPORT_DEPLOY_ROLLOUT_TIMEOUT_SECONDS: wholeNumberBetween(30, 86400, "seconds").optional(),
};
