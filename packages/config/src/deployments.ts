import { z } from "zod";

/** Lowercase DNS labels joined by dots: "skyport.example.com", "skyport.localhost". */
const DOMAIN_NAME =
  /^(?=.{1,200}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/**
 * Deployments: each Airflow UI is served at `https://<namespace>.<SKYPORT_BASE_DOMAIN>`. The
 * console shows that URL and the worker renders the Ingress host from it, so both read it.
 */
export const deploymentEnvShape = {
  SKYPORT_BASE_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(DOMAIN_NAME, "must be a domain name like airflow.example.com (no scheme, no path)")
    .default("skyport.localhost"),
};
