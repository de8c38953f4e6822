import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_ID_HEADER, resolveRequestId } from "./src/server/request-id.ts";

/** Gives every request an id, visible to route handlers and returned to the caller. */
export function proxy(request: NextRequest) {
  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  // Lets server components send a signed-out visitor to sign in and back (?next=).
  requestHeaders.set("x-skyport-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Static assets need no id.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
