import { listMyOrganizations } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationSummarySchema } from "./schemas.ts";

export const organizationListMineInput = z.void();
export const organizationListMineOutput = z.array(organizationSummarySchema);

/** The caller's organizations (for an API token: its own organization). */
export const organizationListMine = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(organizationListMineInput)
  .output(organizationListMineOutput)
  .query(({ ctx }) => listMyOrganizations(ctx.domain.db, ctx.domain.actor));
