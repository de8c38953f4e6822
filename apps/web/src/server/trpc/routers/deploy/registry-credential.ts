import {
  deleteRegistryCredential,
  getRegistryCredential,
  registryCredentialRefInput,
  registryCredentialStatusSchema,
  setRegistryCredential,
  setRegistryCredentialInput,
} from "@skyport/domain";
import { domainMutation, domainQuery, outputView, protectedProcedure } from "../../init.ts";

/** The registry and username deploy images are pulled with; never the password. */
export const deployRegistryCredential = domainQuery(
  "deploy.read",
  registryCredentialRefInput,
  registryCredentialStatusSchema,
  getRegistryCredential,
);

/** Sets the registry credential (write-only: stored sealed, rendered as an imagePullSecret). */
export const deploySetRegistryCredential = protectedProcedure
  .meta({ permission: "deploy.create" })
  .input(setRegistryCredentialInput)
  .output(outputView(registryCredentialStatusSchema))
  .mutation(({ ctx, input }) => setRegistryCredential(ctx.domain, input, ctx.services.secrets));

/** Removes the registry credential. */
export const deployDeleteRegistryCredential = domainMutation(
  "deploy.create",
  registryCredentialRefInput,
  registryCredentialStatusSchema,
  deleteRegistryCredential,
);
