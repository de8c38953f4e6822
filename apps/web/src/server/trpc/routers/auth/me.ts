import { getCurrentUser } from "@skyport/domain";
import { z } from "zod";
import { outputView, publicProcedure } from "../../init.ts";
import { sessionUserSchema } from "./schemas.ts";

export const authMeInput = z.void();
export const authMeOutput = sessionUserSchema.nullable();

/** The signed-in person, or null (anonymous, or calling with an API token). */
export const authMe = publicProcedure
  .meta({ permission: "public" })
  .input(authMeInput)
  .output(outputView(authMeOutput))
  .query(({ ctx }) => (ctx.actor ? getCurrentUser(ctx.services.db, ctx.actor) : null));
