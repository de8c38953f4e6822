// Kept apart from the schema (sign-up-model.ts), which the form loads only when it is submitted.

/** The domain's limits for a new account, passed down by the page (the domain stays on the server). */
export interface SignUpLimits {
  personNameMax: number;
  passwordMin: number;
  passwordMax: number;
  organizationNameMin: number;
  organizationNameMax: number;
}

export const SIGN_UP_FIELDS = ["name", "email", "password", "organizationName"] as const;
