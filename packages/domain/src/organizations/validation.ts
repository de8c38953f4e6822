import { validate } from "../shared/validate.ts";
import {
  ORGANIZATION_NAME_MAX,
  ORGANIZATION_NAME_MIN,
  organizationNameField,
} from "./organizations.types.ts";

export { ORGANIZATION_NAME_MAX, ORGANIZATION_NAME_MIN };

/** Trims and checks an organization name (2-80 characters) outside a contract (sign-up). */
export function validateOrganizationName(raw: string, field = "name"): string {
  return validate(organizationNameField(field), raw, field);
}
