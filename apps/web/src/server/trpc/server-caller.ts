import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { REQUEST_ID_HEADER, resolveRequestId } from "../request-id.ts";
import { getServices } from "../services.ts";
import { createTRPCContext } from "./context.ts";
import { createCaller } from "./router.ts";

/** Request header the proxy sets to the requested path (and query), for sign-in redirects. */
export const PATH_HEADER = "x-skyport-path";

/**
 * A tRPC caller for server components, built from the incoming request's headers exactly
 * as the HTTP route builds its context (same actor resolution, same authorization, same
 * output checks). Cached per request, so a layout and its page share one actor lookup.
 */
export const getServerCaller = cache(async () => {
  const incoming = await headers();
  const requestHeaders = new Headers(incoming);
  const services = getServices();
  const requestId = resolveRequestId(requestHeaders.get(REQUEST_ID_HEADER));
  const ctx = await createTRPCContext({
    requestId,
    logger: services.logger.child({ requestId }),
    services,
    headers: requestHeaders,
  });
  return createCaller(ctx);
});

/** The path being rendered (set by the proxy), for `?next=` after signing in. */
export async function currentPath(): Promise<string> {
  return (await headers()).get(PATH_HEADER) ?? "/";
}

export function signInUrl(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

/**
 * Runs a server-side call for a page: NOT_FOUND (including another tenant's ids) renders
 * the 404 page, FORBIDDEN the console's "no access" page (forbidden.tsx, HTTP 403) — a
 * refusal is an answer, not a crash, so it is neither a 500 nor logged as an error —
 * and UNAUTHORIZED sends the visitor to sign in and back. Other errors propagate to the
 * error boundary.
 */
export async function loadForPage<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "FORBIDDEN") forbidden();
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect(signInUrl(await currentPath()));
    throw error;
  }
}

/** The caller may not do this; the page says why in its own words. */
export const REFUSED = Symbol("refused");

/**
 * Like loadForPage, for pages that explain a refusal themselves (the audit log, API tokens):
 * FORBIDDEN comes back as REFUSED instead of the generic "no access" page.
 */
export async function loadUnlessRefused<T>(call: Promise<T>): Promise<T | typeof REFUSED> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return REFUSED;
    return loadForPage(Promise.reject(error));
  }
}
