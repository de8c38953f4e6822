// Errors from the Kubernetes API, reduced to what callers act on: HTTP status, the Status
// `reason` (NotFound, Invalid, Forbidden, Conflict, ...) and the server's message.

export class KubernetesApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly reason: string,
    readonly serverMessage: string,
  ) {
    super(`${operation}: ${status} ${reason}: ${serverMessage}`);
    this.name = "KubernetesApiError";
  }
}

interface ApiExceptionLike {
  readonly code: number;
  readonly body: unknown;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "number" &&
    "body" in error
  );
}

export function statusOf(error: unknown): number | undefined {
  return isApiException(error) ? error.code : undefined;
}

export function toApiError(operation: string, error: unknown): Error {
  if (!isApiException(error)) return error instanceof Error ? error : new Error(String(error));
  let status: { reason?: string; message?: string } = {};
  try {
    status = typeof error.body === "string" ? JSON.parse(error.body) : ((error.body ?? {}) as typeof status);
  } catch {
    status = { message: String(error.body).slice(0, 500) };
  }
  return new KubernetesApiError(operation, error.code, status.reason ?? "Unknown", status.message ?? "");
}
