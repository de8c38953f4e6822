import { clerkSettings } from "@skyport/config";
import { getServices } from "./services.ts";

/**
 * Hosted mode's public settings for the browser, or null with local accounts. Read at
 * request time from the validated configuration (the publishable key is not secret).
 */
export function hostedClerk(): { publishableKey: string } | null {
  const clerk = clerkSettings(getServices().config);
  return clerk ? { publishableKey: clerk.publishableKey } : null;
}
