// Kubernetes `Status` error bodies, shaped like the API server's so clients parse them the same.

export interface StatusCause {
  readonly field?: string;
  readonly message: string;
  readonly reason?: string;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details: { name?: string; kind?: string; group?: string; causes?: StatusCause[] } = {},
  ) {
    super(message);
  }

  body(): object {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      details: this.details,
      code: this.code,
    };
  }
}

export function notFound(resource: string, name: string): StatusError {
  return new StatusError(404, "NotFound", `${resource} "${name}" not found`, { name, kind: resource });
}
