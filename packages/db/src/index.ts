export * from "./client.ts";
export * from "./generated/prisma/enums.ts";
