import { createCallerFactory, router } from "./init.ts";
import { airflowConnectionRouter } from "./routers/airflow-connection/index.ts";
import { airflowVariableRouter } from "./routers/airflow-variable/index.ts";
import { alertRouter } from "./routers/alert/index.ts";
import { apiTokenRouter } from "./routers/api-token/index.ts";
import { auditRouter } from "./routers/audit/index.ts";
import { authRouter } from "./routers/auth/index.ts";
import { billingRouter } from "./routers/billing/index.ts";
import { deployRouter } from "./routers/deploy/index.ts";
import { deploymentRouter } from "./routers/deployment/index.ts";
import { deploymentEnvironmentRouter } from "./routers/deployment-environment/index.ts";
import { deploymentMemberRouter } from "./routers/deployment-member/index.ts";
import { environmentVariableRouter } from "./routers/environment-variable/index.ts";
import { invitationRouter } from "./routers/invitation/index.ts";
import { memberRouter } from "./routers/member/index.ts";
import { notificationChannelRouter } from "./routers/notification-channel/index.ts";
import { organizationRouter } from "./routers/organization/index.ts";
import { recommendationRouter } from "./routers/recommendation/index.ts";
import { reportRouter } from "./routers/report/index.ts";
import { systemRouter } from "./routers/system/index.ts";
import { teamRouter } from "./routers/team/index.ts";
import { telemetryRouter } from "./routers/telemetry/index.ts";
import { workerQueueRouter } from "./routers/worker-queue/index.ts";
import { workspaceRouter } from "./routers/workspace/index.ts";
import { workspaceMemberRouter } from "./routers/workspace-member/index.ts";

export const appRouter = router({
  system: systemRouter,
  apiToken: apiTokenRouter,
  audit: auditRouter,
  auth: authRouter,
  organization: organizationRouter,
  member: memberRouter,
  invitation: invitationRouter,
  workspace: workspaceRouter,
  workspaceMember: workspaceMemberRouter,
  team: teamRouter,
  deployment: deploymentRouter,
  deploymentMember: deploymentMemberRouter,
  environmentVariable: environmentVariableRouter,
  airflowConnection: airflowConnectionRouter,
  airflowVariable: airflowVariableRouter,
  deploymentEnvironment: deploymentEnvironmentRouter,
  workerQueue: workerQueueRouter,
  telemetry: telemetryRouter,
  deploy: deployRouter,
  alert: alertRouter,
  notificationChannel: notificationChannelRouter,
  recommendation: recommendationRouter,
  report: reportRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;

export { createCallerFactory };

/** Server-side calls (tests, server components): `createCaller(context).system.health()`. */
export const createCaller = createCallerFactory(appRouter);
