import { ValidationError } from "../shared/errors.ts";

export const ORGANIZATION_NAME_MIN = 2;
export const ORGANIZATION_NAME_MAX = 80;

/** Trims and checks an organization name (2-80 characters). */
export function validateOrganizationName(raw: string, field = "name"): string {
  const name = raw.trim().replace(/\s+/g, " ");
  if (name.length < ORGANIZATION_NAME_MIN || name.length > ORGANIZATION_NAME_MAX) {
    throw new ValidationError(
      field,
      `must be ${ORGANIZATION_NAME_MIN} to ${ORGANIZATION_NAME_MAX} characters long`,
    );
  }
  return name;
}
