// Canaries in every notification-channel secret (Slack webhook URL, PagerDuty routing key,
// Opsgenie API key, webhook URL and Standard Webhooks signing secret), through REST and tRPC,
// plus replaced secrets (PATCH), a refused create and a test notification that makes the worker
// open and use a secret.
// None is delivered to the deployment's Secret: sealed in the database, sent only to receivers.
import type { CanarySet } from "./canaries.ts";
import { expectStatus } from "./plant-api.ts";
import { okJson, type restClient, type trpcClient, trpcData } from "./transcript.ts";

interface ChannelOwner {
  organizationId: string;
  workspaceId: string;
  deploymentId: string;
}

/** Every secret-bearing channel kind's settings, each secret a fresh canary labelled by `via`. */
function secretSettings(canaries: CanarySet, via: string) {
  const plant = (field: string) =>
    canaries.plant(`${via} notification channel ${field}`, { delivered: false });
  // A Standard Webhooks secret is base64: the canary's bytes, encoded, are the key.
  const signingKey = Buffer.from(plant("WEBHOOK signingSecret"), "utf8").toString("base64");
  return [
    { kind: "SLACK", webhookUrl: `https://hooks.slack.example/services/${plant("SLACK webhookUrl")}` },
    { kind: "PAGERDUTY", routingKey: plant("PAGERDUTY routingKey") },
    { kind: "OPSGENIE", apiKey: plant("OPSGENIE apiKey"), region: "EU" },
    {
      kind: "WEBHOOK",
      url: `https://receiver.example/hooks/${plant("WEBHOOK url")}`,
      signingSecret: `whsec_${signingKey}`,
    },
  ];
}

export async function plantChannelSecrets(
  apis: {
    rest: ReturnType<typeof restClient>;
    memberRest: ReturnType<typeof restClient>;
    trpc: ReturnType<typeof trpcClient>;
  },
  owner: ChannelOwner,
  canaries: CanarySet,
): Promise<void> {
  const path = `/organizations/${owner.organizationId}/notification-channels`;
  for (const [index, settings] of secretSettings(canaries, "REST").entries()) {
    const created = okJson<{ id: string }>(
      expectStatus(
        await apis.rest("POST", path, { deploymentId: owner.deploymentId, name: `rest-${index}`, settings }),
        201,
        `REST create ${settings.kind} channel`,
      ),
      "channel",
    );
    // The worker opens the secret and sends (to a receiver that does not exist).
    if (settings.kind === "SLACK" || settings.kind === "WEBHOOK")
      expectStatus(await apis.rest("POST", `${path}/${created.id}/test`), 202, "test notification");
    // A replaced secret is a new canary: sealed like the first, never answered back.
    if (settings.kind === "SLACK" || settings.kind === "PAGERDUTY") {
      const fresh = canaries.plant(`REST replaced ${settings.kind} channel secret`, { delivered: false });
      const replacement =
        settings.kind === "SLACK"
          ? { kind: "SLACK", webhookUrl: `https://hooks.slack.example/services/${fresh}` }
          : { kind: "PAGERDUTY", routingKey: fresh };
      expectStatus(
        await apis.rest("PATCH", `${path}/${created.id}`, { settings: replacement }),
        200,
        `REST replace ${settings.kind} channel secret`,
      );
    }
  }
  for (const [index, settings] of secretSettings(canaries, "tRPC").entries()) {
    trpcData(
      await apis.trpc.mutation("notificationChannel.create", {
        organizationId: owner.organizationId,
        workspaceId: owner.workspaceId,
        name: `trpc-${index}`,
        settings,
      }),
      `tRPC create ${settings.kind} channel`,
    );
  }
  expectStatus(
    await apis.memberRest("POST", path, {
      deploymentId: owner.deploymentId,
      name: "refused",
      settings: {
        kind: "PAGERDUTY",
        routingKey: canaries.plant("WORKSPACE_MEMBER's refused channel create", { delivered: false }),
      },
    }),
    403,
    "a WORKSPACE_MEMBER creating a channel",
  );
}
