// The environment every Airflow process of a deployment sees, as one name → value map: the same
// computation the Kubernetes manifests spread over the `airflow-config` ConfigMap, the customer's
// `airflow-environment` Secret and the secret-backed variables (envFrom, then env), resolved to
// values. Targets that start Airflow processes themselves (local runtimes) use this; anything
// added to the configuration or the secret-backed settings reaches both targets alike.

import { environmentName } from "../environment/delivery.ts";
import { airflowConfigData, airflowSecretEnv } from "./airflow-config.ts";
import { buildContext, type RenderContext } from "./context.ts";
import { renderSecrets } from "./secrets.ts";
import type { RenderInput } from "./types.ts";

export interface AirflowProcessEnvironment {
  readonly context: RenderContext;
  /** Name → value, in Kubernetes precedence: config, then the customer's environment, then
   * the secret-backed settings. Holds secrets: never log it. */
  readonly env: Record<string, string>;
}

export function airflowProcessEnvironment(input: RenderInput): AirflowProcessEnvironment {
  if (input.secrets === "redacted") throw new Error("a process environment needs the real secret values");
  const context = buildContext(input);
  const env: Record<string, string> = { ...airflowConfigData(context) };
  for (const entry of context.environment.entries) {
    if (entry.value !== null && entry.value !== undefined) {
      env[environmentName(entry.kind, entry.key)] = entry.value;
    }
  }
  const secrets = new Map(renderSecrets(context).map((secret) => [secret.metadata.name, secret.stringData]));
  for (const variable of airflowSecretEnv(context)) {
    const ref = variable.valueFrom?.secretKeyRef;
    const value = ref ? secrets.get(ref.name ?? "")?.[ref.key] : variable.value;
    if (value === undefined)
      throw new Error(`${variable.name} refers to a secret value that is not rendered`);
    env[variable.name] = value;
  }
  return { context, env };
}
