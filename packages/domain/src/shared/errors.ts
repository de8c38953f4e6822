type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "VALIDATION"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "PAYMENT_REQUIRED";

/** Marks domain errors process-wide (Symbol.for is shared by every copy of this module). */
const DOMAIN_ERROR = Symbol.for("skyport.domainError");

/**
 * Domain errors. Entry points map them once to transport codes (tRPC codes, HTTP statuses,
 * CLI exit codes); domain code never knows about transports.
 *
 * Next.js bundles route handlers and server components separately, so one process can hold
 * several copies of these classes while sharing objects between them. `instanceof` is
 * therefore answered by a global brand and the error code, not by class identity.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** Set on each subclass: the code its instances carry. */
  static readonly CODE: DomainErrorCode | null = null;
  readonly [DOMAIN_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (
      typeof value !== "object" ||
      value === null ||
      (value as Record<symbol, unknown>)[DOMAIN_ERROR] !== true
    ) {
      return false;
    }
    // `this` is the class `instanceof` was asked about (DomainError or a subclass).
    // biome-ignore lint/complexity/noThisInStatic: the receiver is the point here
    return this.CODE === null || (value as { code?: unknown }).code === this.CODE;
  }
}

/** The resource does not exist, or belongs to another tenant: the two are indistinguishable. */
export class NotFoundError extends DomainError {
  static override readonly CODE = "NOT_FOUND" as const;
  readonly code = "NOT_FOUND" as const;
  constructor(readonly resource: string) {
    super(`${resource} not found`);
    this.name = "NotFoundError";
  }
}

/** The caller is known, belongs to the tenant, but their role does not allow the action. */
export class ForbiddenError extends DomainError {
  static override readonly CODE = "FORBIDDEN" as const;
  readonly code = "FORBIDDEN" as const;
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class UnauthenticatedError extends DomainError {
  static override readonly CODE = "UNAUTHENTICATED" as const;
  readonly code = "UNAUTHENTICATED" as const;
  constructor(message = "sign in or provide an API token") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** One problem with an input field: its dotted path and what is wrong with it. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * An issue as one self-contained sentence: messages that already name their field (they
 * start with it — "name must be at most 60 characters", "Worker queue 2: name …") stand as
 * they are; bare predicates ("is required") get the field in front. The one place the field
 * is joined to a message, so no message ever names its field twice.
 */
export function describeIssue(field: string, message: string): string {
  if (!field) return message;
  const leaf = field.split(".").at(-1) ?? field;
  const namesItself =
    message.startsWith(`${field} `) ||
    message.startsWith(`${field}:`) ||
    message.startsWith(`${leaf} `) ||
    message.startsWith(`${leaf}:`) ||
    // A human label of a list item: "Worker queue 2: …", "Airflow setting 1: …".
    /^[A-Z][a-z]+(?: [a-z]+)* \d+:/.test(message);
  return namesItself ? message : `${field}: ${message}`;
}

/**
 * Bad input, naming the field at fault (dotted path). When several fields are wrong at once
 * (a deployment spec), `issues` lists every one, the first being `field`, so a form can mark
 * each input in a single round trip.
 */
export class ValidationError extends DomainError {
  static override readonly CODE = "VALIDATION" as const;
  readonly code = "VALIDATION" as const;
  readonly issues: readonly FieldIssue[];
  constructor(
    readonly field: string,
    message: string,
    moreIssues: readonly FieldIssue[] = [],
  ) {
    const issues = [{ field, message }, ...moreIssues];
    super(issues.map((issue) => describeIssue(issue.field, issue.message)).join("; "));
    this.name = "ValidationError";
    this.issues = issues;
  }

  /** A ValidationError reporting every issue (there must be at least one). */
  static of(issues: readonly FieldIssue[]): ValidationError {
    const [first, ...rest] = issues;
    if (!first) throw new Error("ValidationError.of needs at least one issue");
    return new ValidationError(first.field, first.message, rest);
  }
}

/** The request conflicts with current state (duplicate name, last owner, ...). */
export class ConflictError extends DomainError {
  static override readonly CODE = "CONFLICT" as const;
  readonly code = "CONFLICT" as const;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}

export class RateLimitedError extends DomainError {
  static override readonly CODE = "RATE_LIMITED" as const;
  readonly code = "RATE_LIMITED" as const;
  constructor(readonly retryAfterSeconds: number) {
    super(`too many attempts; try again in ${retryAfterSeconds} s`);
    this.name = "RateLimitedError";
  }
}

/**
 * The organization's plan does not include this (a limit or a feature), or its payment is past
 * due. Names the limit and the plan that lifts it; nothing was changed.
 */
export class PlanLimitError extends DomainError {
  static override readonly CODE = "PAYMENT_REQUIRED" as const;
  readonly code = "PAYMENT_REQUIRED" as const;
  constructor(
    /** What is limited: "deployments", "scheduler size", "high availability", "sso", ... */
    readonly limit: string,
    message: string,
    /** The plan that lifts the limit, or null when payment (not the plan) is the problem. */
    readonly liftedBy: string | null,
  ) {
    super(message);
    this.name = "PlanLimitError";
  }
}
