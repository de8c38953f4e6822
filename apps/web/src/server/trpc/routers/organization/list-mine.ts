import { listMyOrganizations, organizationSummarySchema } from "@skyport/domain";
import { z } from "zod";
import { outputView, protectedProcedure } from "../../init.ts";

/** The caller's organizations (for an API token: its own organization). */
export const organizationListMine = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(z.void())
  .output(outputView(z.array(organizationSummarySchema)))
  .query(({ ctx }) => listMyOrganizations(ctx.domain.db, ctx.domain.actor));
