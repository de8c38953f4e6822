export const REQUEST_ID_HEADER = "x-request-id";

// An incoming id is reused (so a request can be followed through a load balancer) only if
// it is plain and bounded; anything else could smuggle content into logs.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** The caller's request id when it is acceptable, otherwise a fresh UUID. */
export function resolveRequestId(incoming: string | null | undefined): string {
  return incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
