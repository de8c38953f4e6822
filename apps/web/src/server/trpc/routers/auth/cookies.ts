/** Hands session cookies to the browser through the response (never into logs or bodies). */
export function setCookies(resHeaders: Headers, cookies: readonly string[]): void {
  for (const cookie of cookies) resHeaders.append("set-cookie", cookie);
}
