// A status report's create input as most tests start one: the world's workspace, daily at 08:00
// UTC, sent on every run, a public status page without error details, no channels. Tests spread
// it and add the title and checks (and override whatever they are about).
import type { World } from "./world.ts";

export function reportDefaults(world: Pick<World, "organizationId" | "workspaceId">) {
  return {
    organizationId: world.organizationId,
    workspaceId: world.workspaceId,
    schedule: { type: "DAILY" as const, time: "08:00" },
    timeZone: "UTC",
    sendMode: "ALWAYS" as const,
    requireSignIn: false,
    showErrorDetails: false,
    channelIds: [] as string[],
  };
}
