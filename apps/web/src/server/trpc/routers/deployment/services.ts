import type { TRPCContext } from "../../context.ts";

/** What deployment procedures hand the domain besides the caller: the queue and the base domain. */
export function deploymentServices(ctx: Pick<TRPCContext, "services">) {
  return { jobs: ctx.services.jobs, baseDomain: ctx.services.config.SKYPORT_BASE_DOMAIN };
}
