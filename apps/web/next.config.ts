import type { NextConfig } from "next";
import rootPackage from "../../package.json" with { type: "json" };

const isDevelopment = process.env.NODE_ENV === "development";

/**
 * The version shown in the console and reported by /api/health. A release build sets
 * SKYPORT_VERSION; otherwise it is the monorepo's version. Inlined at build time so the
 * running server does not depend on the source tree being present.
 */
const skyportVersion = process.env.SKYPORT_VERSION || rootPackage.version;

// Next.js injects inline scripts and styles for hydration, so 'unsafe-inline' is needed
// until nonces are introduced; React's development build additionally needs eval.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDevelopment ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Browsers ignore this over plain HTTP, so it is safe for local and internal installs.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A separate build directory lets a second build run beside the default one (e.g. a
  // developer checking a branch while `npm start` serves .next).
  ...(process.env.SKYPORT_NEXT_DIST_DIR ? { distDir: process.env.SKYPORT_NEXT_DIST_DIR } : {}),
  reactStrictMode: true,
  // forbidden() and forbidden.tsx: a refused page answers 403 with the console's "no access"
  // page instead of failing as a 500 (see loadForPage).
  experimental: { authInterrupts: true },
  // Internal packages ship TypeScript source and import each other with `.ts` extensions.
  transpilePackages: [
    "@skyport/auth",
    "@skyport/config",
    "@skyport/logger",
    "@skyport/db",
    "@skyport/domain",
    "@skyport/queue",
    "@skyport/mail",
    "@skyport/deployment-spec",
    "@skyport/provisioning",
    "@skyport/metrics",
    "@skyport/local-runtime",
    "@skyport/ui",
  ],
  // Native and Node-only libraries are loaded with Node's require instead of being bundled.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@prisma/client",
    "ioredis",
    "bullmq",
    "pino",
    "nodemailer",
    // Reached through @skyport/provisioning's index; the console only uses its spec and catalog.
    "@kubernetes/client-node",
    "kubernetes-models",
    "@kubernetes-models/keda",
  ],
  env: {
    SKYPORT_VERSION: skyportVersion,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
