export * from "./invitation-email.ts";
export * from "./mailbox.ts";
export * from "./mailer.ts";
export * from "./report-email.ts";
