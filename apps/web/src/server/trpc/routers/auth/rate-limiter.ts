import { type AuthRateLimiter, createAuthRateLimiter } from "@skyport/domain";
import type { WebServices } from "../../../services.ts";

// One limiter per services object, built by the module graph that uses it. The services live
// on globalThis and are shared by Next's separately bundled graphs (route handlers, server
// components); a limiter built by another graph would throw that graph's copy of the domain
// errors, which this graph's error mapping would not recognise.
const limiters = new WeakMap<WebServices, AuthRateLimiter>();

export function authRateLimiter(services: WebServices): AuthRateLimiter {
  let limiter = limiters.get(services);
  if (!limiter) {
    limiter = createAuthRateLimiter(services.redis, { prefix: services.redisPrefix });
    limiters.set(services, limiter);
  }
  return limiter;
}
