import { defineConfig } from "prisma/config";

// The Prisma CLI reads its connection from here. Skyport applies migrations with its own
// offline runner (packages/db/src/migrations), which reads the same folder; this file
// keeps `prisma generate` and, on machines with network, the stock Prisma CLI working.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/skyport" },
});
