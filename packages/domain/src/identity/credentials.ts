import { ValidationError } from "../shared/errors.ts";

/** Password rules, in one place: sign-up, invitation sign-up and the console's hints use them. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PERSON_NAME_MAX_LENGTH = 100;
const EMAIL_MAX_LENGTH = 254;

export const PASSWORD_RULES = [
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
  "not the same character repeated",
  "does not contain the part of your email before the @",
  "not a commonly used password",
] as const;

/**
 * Passwords attackers try first (lower-cased). Short on purpose: length does most of the
 * work, and this only stops the obvious choices that happen to be long enough.
 */
const COMMON_PASSWORDS = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456789abc",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "aaaaaaaaaaaa",
  "abc123456789",
  "abcdefghijkl",
  "administrator",
  "changeme1234",
  "iloveyou1234",
  "letmein12345",
  "password1234",
  "password12345",
  "password123!",
  "passwordpassword",
  "qwerty123456",
  "qwertyuiop12",
  "qwertyuiopasdf",
  "welcome12345",
  "welcome123456",
  "skyport12345",
  "skyportskyport",
  "airflow12345",
  "airflowairflow",
  "correcthorsebatterystaple",
  "trustno1trustno1",
  "monkey123456",
  "football1234",
]);

/** Lower-cased, trimmed email; refuses anything that is not plausibly an address. */
export function normalizeEmail(raw: string, field = "email"): string {
  const email = raw.trim().toLowerCase();
  if (email.length === 0) throw new ValidationError(field, "is required");
  if (email.length > EMAIL_MAX_LENGTH) throw new ValidationError(field, "is too long");
  // One @, a non-empty local part, a dotted domain, no spaces: what people mistype, not RFC 5322.
  if (!/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email)) {
    throw new ValidationError(field, "must be an email address like name@example.com");
  }
  return email;
}

export function normalizeName(raw: string, field = "name"): string {
  const name = raw.trim().replace(/\s+/g, " ");
  if (name.length < 1) throw new ValidationError(field, "is required");
  if (name.length > PERSON_NAME_MAX_LENGTH)
    throw new ValidationError(field, `must be at most ${PERSON_NAME_MAX_LENGTH} characters`);
  return name;
}

/** Checks a new password against the rules; `email` is the (normalized) account email. */
export function validatePassword(password: string, email: string, field = "password"): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError(field, `must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new ValidationError(field, `must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
  if (new Set(password).size === 1) {
    throw new ValidationError(field, "must not be a single character repeated");
  }
  const localPart = email.split("@")[0] ?? "";
  // Very short local parts ("a@…") would forbid half the alphabet; they are no real hint.
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart.toLowerCase())) {
    throw new ValidationError(field, "must not contain your email address or the part before the @");
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw new ValidationError(field, "is too common; choose something less guessable");
  }
}
