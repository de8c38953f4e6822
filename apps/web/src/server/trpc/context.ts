import type { Logger } from "@skyport/logger";
import type { WebServices } from "../services.ts";

/** What every procedure receives. Later: the resolved actor (session or API token). */
export interface TRPCContext {
  requestId: string;
  logger: Logger;
  services: WebServices;
}

export function createTRPCContext(options: TRPCContext): TRPCContext {
  return { requestId: options.requestId, logger: options.logger, services: options.services };
}
