import type { RestRoute } from "../define.ts";
import { createMatcher } from "../match.ts";
import { alertRoutes } from "./alerts.ts";
import { apiTokenRoutes } from "./api-tokens.ts";
import { auditRoutes } from "./audit.ts";
import { authRoutes } from "./auth.ts";
import { billingRoutes } from "./billing.ts";
import { deploymentRoutes } from "./deployments.ts";
import { deployRoutes } from "./deploys.ts";
import { environmentRoutes } from "./environment.ts";
import { organizationRoutes } from "./organizations.ts";
import { recommendationRoutes } from "./recommendations.ts";
import { reportRoutes } from "./reports.ts";
import { teamRoutes } from "./teams.ts";
import { telemetryRoutes } from "./telemetry.ts";
import { workspaceRoutes } from "./workspaces.ts";

/** Every operation of /api/v1; the OpenAPI document and the router are built from this list. */
export const REST_ROUTES: readonly RestRoute[] = [
  ...authRoutes,
  ...organizationRoutes,
  ...workspaceRoutes,
  ...deploymentRoutes,
  ...deployRoutes,
  ...environmentRoutes,
  ...teamRoutes,
  ...apiTokenRoutes,
  ...auditRoutes,
  ...telemetryRoutes,
  ...alertRoutes,
  ...recommendationRoutes,
  ...reportRoutes,
  ...billingRoutes,
];

export const restMatcher = createMatcher(REST_ROUTES);
