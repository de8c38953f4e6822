// Image deploys in the runtime: every Airflow component (and the bundle sync, which runs from
// the same image) runs the deployment's deploy image instead of the official one, pulled with
// the deployment's registry credential as a kubernetes.io/dockerconfigjson imagePullSecret.
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { RenderContext } from "./context.ts";
import { ownershipLabels } from "./labels.ts";
import { REDACTED } from "./types.ts";

export const REGISTRY_CREDENTIAL_SECRET = "skyport-registry-credential";

/** Whether the Airflow pods pull with the registry credential. */
export function pullsWithCredential(ctx: RenderContext): boolean {
  return Boolean(ctx.input.image?.pullSecret);
}

/** The imagePullSecrets of an Airflow pod (none without a registry credential). */
export function imagePullSecrets(ctx: RenderContext): { imagePullSecrets?: { name: string }[] } {
  return pullsWithCredential(ctx) ? { imagePullSecrets: [{ name: REGISTRY_CREDENTIAL_SECRET }] } : {};
}

export function renderRegistryCredentialSecret(ctx: RenderContext): ISecret {
  const pull = ctx.input.image?.pullSecret;
  if (!pull) throw new Error("no registry credential to render");
  // Redacted manifests (render-only mode writes them to disk) hold no value at all: the manifest
  // writer refuses any Secret value but the redaction marker.
  const redacted = ctx.input.secrets === "redacted" || pull.password === null;
  const config = redacted
    ? REDACTED
    : JSON.stringify({
        auths: {
          [pull.registry]: {
            username: pull.username,
            password: pull.password,
            auth: Buffer.from(`${pull.username}:${pull.password}`, "utf8").toString("base64"),
          },
        },
      });
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: REGISTRY_CREDENTIAL_SECRET,
      namespace: ctx.namespace,
      labels: ownershipLabels(ctx.owner),
    },
    type: "kubernetes.io/dockerconfigjson",
    stringData: { ".dockerconfigjson": config },
  };
}
