// The sign-in of a deployment's Airflow UI, as the console and API reveal it on demand.
import { z } from "zod";
import { deploymentRefSchema } from "../shared/fields.types.ts";

export const revealAirflowSignInInput = deploymentRefSchema;
export type RevealAirflowSignInInput = z.input<typeof revealAirflowSignInInput>;

export const airflowSignInSchema = z.strictObject({
  /** Whether Skyport holds a generated sign-in for this deployment (a local runtime here). */
  available: z.boolean(),
  /** The Airflow UI. */
  url: z.string(),
  username: z.string().nullable(),
  /** Generated per deployment; shown only in this answer, never logged. */
  password: z.string().nullable(),
  /** When not available: why, and how people sign in instead. */
  note: z.string().nullable(),
});
export type AirflowSignIn = z.output<typeof airflowSignInSchema>;
