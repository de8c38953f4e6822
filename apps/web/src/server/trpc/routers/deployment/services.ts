import { localRuntimeFiles } from "../../../services.ts";
import type { TRPCContext } from "../../context.ts";

/** What deployment procedures hand the domain besides the caller: the queue, the base domain and
 * where local runtimes live on this machine, and the billing plans whose limits apply. */
export function deploymentServices(ctx: Pick<TRPCContext, "services">) {
  return {
    jobs: ctx.services.jobs,
    baseDomain: ctx.services.config.SKYPORT_BASE_DOMAIN,
    ...localRuntimeFiles(ctx.services.config),
    billingPlans: ctx.services.billing?.plans ?? null,
  };
}
