// Inputs for the authorization matrix: for each permission-checked procedure, a valid input
// aimed at the world's organization, workspace or deployment (where the personas' roles
// are). Adding a procedure without an entry here fails the matrix test.
import type { PrismaClient } from "@skyport/db";
import type { World } from "@skyport/testing";

export type MatrixInput = (world: World, db: PrismaClient) => unknown | Promise<unknown>;

export const MATRIX_INPUTS: Record<string, MatrixInput> = {
  "organization.get": (w) => ({ organizationId: w.organizationId }),
  "organization.rename": (w) => ({ organizationId: w.organizationId, name: "Renamed organization" }),
};
