import {
  deleteRegistryCredential,
  getRegistryCredential,
  registryCredentialRefInput,
  registryCredentialStatusSchema,
  setRegistryCredential,
  setRegistryCredentialInput,
} from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The registry and username deploy images are pulled with; never the password. */
export const deployRegistryCredential = protectedProcedure
  .meta({ permission: "deploy.read" })
  .input(registryCredentialRefInput)
  .output(outputView(registryCredentialStatusSchema))
  .query(({ ctx, input }) => getRegistryCredential(ctx.domain, input));

/** Sets the registry credential (write-only: stored sealed, rendered as an imagePullSecret). */
export const deploySetRegistryCredential = protectedProcedure
  .meta({ permission: "deploy.create" })
  .input(setRegistryCredentialInput)
  .output(outputView(registryCredentialStatusSchema))
  .mutation(({ ctx, input }) => setRegistryCredential(ctx.domain, input, ctx.services.secrets));

/** Removes the registry credential. */
export const deployDeleteRegistryCredential = protectedProcedure
  .meta({ permission: "deploy.create" })
  .input(registryCredentialRefInput)
  .output(outputView(registryCredentialStatusSchema))
  .mutation(({ ctx, input }) => deleteRegistryCredential(ctx.domain, input));
