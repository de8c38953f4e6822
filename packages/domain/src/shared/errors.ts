/**
 * Domain errors. Entry points map them once to transport codes (tRPC codes, HTTP statuses,
 * CLI exit codes); domain code never knows about transports.
 */
export abstract class DomainError extends Error {
  abstract readonly code:
    | "NOT_FOUND"
    | "FORBIDDEN"
    | "UNAUTHENTICATED"
    | "VALIDATION"
    | "CONFLICT"
    | "RATE_LIMITED";
}

/** The resource does not exist, or belongs to another tenant: the two are indistinguishable. */
export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND" as const;
  constructor(readonly resource: string) {
    super(`${resource} not found`);
    this.name = "NotFoundError";
  }
}

/** The caller is known, belongs to the tenant, but their role does not allow the action. */
export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN" as const;
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = "UNAUTHENTICATED" as const;
  constructor(message = "sign in or provide an API token") {
    super(message);
    this.name = "UnauthenticatedError";
  }
}

/** Bad input, naming the field at fault (dotted path). */
export class ValidationError extends DomainError {
  readonly code = "VALIDATION" as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ValidationError";
  }
}

/** The request conflicts with current state (duplicate name, last owner, ...). */
export class ConflictError extends DomainError {
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
  readonly code = "RATE_LIMITED" as const;
  constructor(readonly retryAfterSeconds: number) {
    super(`too many attempts; try again in ${retryAfterSeconds} s`);
    this.name = "RateLimitedError";
  }
}
