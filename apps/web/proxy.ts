import { clerkMiddleware } from "@clerk/nextjs/server";
import { type NextFetchEvent, type NextMiddleware, type NextRequest, NextResponse } from "next/server";
import { REQUEST_ID_HEADER, resolveRequestId } from "./src/server/request-id.ts";

/** Gives every request an id, visible to route handlers and returned to the caller. */
function withRequestId(request: NextRequest) {
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  // Lets server components send a signed-out visitor to sign in and back (?next=).
  requestHeaders.set("x-skyport-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

// Hosted mode (all Clerk keys set; the server validates the group at start-up): Clerk's
// middleware refreshes its session token on page loads. It protects no route by itself —
// Skyport authorizes every action in the domain layer — and the webhook stays public.
let clerkProxy: NextMiddleware | undefined;
function hostedMode(): boolean {
  return Boolean(process.env.CLERK_SECRET_KEY && process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
}

export function proxy(request: NextRequest, event: NextFetchEvent) {
  if (!hostedMode() || request.nextUrl.pathname.startsWith("/api/webhooks/")) return withRequestId(request);
  // Clerk reads its keys from the environment itself (passing the secret key as an option
  // would require CLERK_ENCRYPTION_KEY).
  clerkProxy ??= clerkMiddleware((_auth, req) => withRequestId(req));
  return clerkProxy(request, event);
}

export const config = {
  // Static assets need no id.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
