import type { Redis } from "@skyport/queue";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "../shared/errors.ts";

/** Attempts allowed per window. */
export interface AuthRateLimits {
  /** Failed sign-ins per (email, ip). */
  signInFailuresPerEmailAndIp: { points: number; durationSeconds: number };
  /** Sign-in attempts per ip, whatever the email. */
  signInAttemptsPerIp: { points: number; durationSeconds: number };
  /**
   * Failures per account from any address. Client addresses can be spoofed where no trusted
   * proxy sets them, so this bound on guessing one account's password must not depend on them.
   */
  signInFailuresPerEmail: { points: number; durationSeconds: number };
  /** Sign-up attempts per ip. */
  signUpAttemptsPerIp: { points: number; durationSeconds: number };
}

export const DEFAULT_AUTH_RATE_LIMITS: AuthRateLimits = {
  signInFailuresPerEmailAndIp: { points: 5, durationSeconds: 15 * 60 },
  signInAttemptsPerIp: { points: 30, durationSeconds: 15 * 60 },
  signInFailuresPerEmail: { points: 20, durationSeconds: 60 * 60 },
  signUpAttemptsPerIp: { points: 10, durationSeconds: 60 * 60 },
};

/**
 * Limits sign-in and sign-up attempts, counted in Redis so every web process shares them.
 * While Redis is unreachable each process falls back to counting in memory, so an outage
 * neither blocks signing in nor lifts the limits.
 */
export interface AuthRateLimiter {
  /** Counts a sign-in attempt; refuses when the ip or the (email, ip) pair is over its limit. */
  beginSignIn(email: string, ip: string | null): Promise<void>;
  /** A wrong password: counts against the (email, ip) pair. */
  signInFailed(email: string, ip: string | null): Promise<void>;
  /** A successful sign-in clears the pair's failures. */
  signInSucceeded(email: string, ip: string | null): Promise<void>;
  /** Counts a sign-up attempt; refuses when the ip is over its limit. */
  beginSignUp(ip: string | null): Promise<void>;
}

function limiter(
  redis: Redis,
  keyPrefix: string,
  limit: { points: number; durationSeconds: number },
): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points: limit.points,
    duration: limit.durationSeconds,
    insuranceLimiter: new RateLimiterMemory({
      keyPrefix: `${keyPrefix}:memory`,
      points: limit.points,
      duration: limit.durationSeconds,
    }),
  });
}

function refuse(res: RateLimiterRes): RateLimitedError {
  return new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
}

/** consume() rejects with a RateLimiterRes when over the limit, or an Error when the store fails. */
async function consume(target: RateLimiterRedis, key: string): Promise<void> {
  try {
    await target.consume(key);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw refuse(error);
    throw error;
  }
}

export function createAuthRateLimiter(
  redis: Redis,
  options: { prefix?: string; limits?: Partial<AuthRateLimits> } = {},
): AuthRateLimiter {
  const limits = { ...DEFAULT_AUTH_RATE_LIMITS, ...options.limits };
  const prefix = options.prefix ?? "skyport";
  const pairFailures = limiter(
    redis,
    `${prefix}:ratelimit:sign-in:email-ip`,
    limits.signInFailuresPerEmailAndIp,
  );
  const ipSignIns = limiter(redis, `${prefix}:ratelimit:sign-in:ip`, limits.signInAttemptsPerIp);
  const emailFailures = limiter(redis, `${prefix}:ratelimit:sign-in:email`, limits.signInFailuresPerEmail);
  const emailKey = (email: string) => email.trim().toLowerCase();
  const ipSignUps = limiter(redis, `${prefix}:ratelimit:sign-up:ip`, limits.signUpAttemptsPerIp);
  const ipKey = (ip: string | null) => ip ?? "unknown";
  const pairKey = (email: string, ip: string | null) => `${email.trim().toLowerCase()}|${ipKey(ip)}`;

  return {
    async beginSignIn(email, ip) {
      const failures = await pairFailures.get(pairKey(email, ip));
      if (failures && failures.consumedPoints >= limits.signInFailuresPerEmailAndIp.points)
        throw refuse(failures);
      const accountFailures = await emailFailures.get(emailKey(email));
      if (accountFailures && accountFailures.consumedPoints >= limits.signInFailuresPerEmail.points)
        throw refuse(accountFailures);
      await consume(ipSignIns, ipKey(ip));
    },
    async signInFailed(email, ip) {
      for (const [target, key] of [
        [pairFailures, pairKey(email, ip)],
        [emailFailures, emailKey(email)],
      ] as const) {
        try {
          await target.consume(key);
        } catch (error) {
          // Over the limit already: the next attempt is refused by beginSignIn.
          if (!(error instanceof RateLimiterRes)) throw error;
        }
      }
    },
    async signInSucceeded(email, ip) {
      await pairFailures.delete(pairKey(email, ip));
    },
    async beginSignUp(ip) {
      await consume(ipSignUps, ipKey(ip));
    },
  };
}

/** A limit on one kind of request per key (e.g. public status page reads per client address). */
export interface KeyedRateLimiter {
  /** Counts one request; refuses (RateLimitedError) when the key is over its limit. */
  consume(key: string): Promise<void>;
}

export function createKeyedRateLimiter(
  redis: Redis,
  name: string,
  limit: { points: number; durationSeconds: number },
  options: { prefix?: string } = {},
): KeyedRateLimiter {
  const target = limiter(redis, `${options.prefix ?? "skyport"}:ratelimit:${name}`, limit);
  return { consume: (key) => consume(target, key) };
}
