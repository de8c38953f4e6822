// `skyport deployment worker-queue …`: a Celery deployment's worker queues. Each change is a
// new generation of the deployment for the worker to roll out.
import type { Command } from "commander";
import { type ApiClient, idempotent, ok } from "../../api/client.ts";
import type { BodyOf, DeploymentChange, WorkerQueue } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import { Session } from "../../session.ts";
import { choiceOption, given, note, print, wholeNumber, withSession } from "../shared.ts";
import { deploymentPath, resolveDeployment } from "./resolve.ts";
import { SIZES } from "./spec-options.ts";

type QueueView = Omit<WorkerQueue, "workerConcurrency"> & {
  workerConcurrency: number | null;
  organizationId: string;
  deploymentId: string;
  deployment: string;
};

const columns: Column<QueueView>[] = [
  { header: "Name", value: (q) => q.name },
  { header: "Deployment", value: (q) => q.deployment },
  { header: "Worker size", value: (q) => q.workerSize },
  { header: "Min workers", value: (q) => q.minWorkers },
  { header: "Max workers", value: (q) => q.maxWorkers },
  { header: "Concurrency", value: (q) => q.workerConcurrency ?? "default" },
];

interface QueueOptions {
  deploymentId: string;
  workerSize?: WorkerQueue["workerSize"];
  minWorkers?: number;
  maxWorkers?: number;
  concurrency?: number;
}

function addQueueSettings(command: Command): Command {
  return command
    .addOption(choiceOption("--worker-size <size>", "size of each worker", SIZES))
    .option("--min-workers <n>", "workers kept running when idle", wholeNumber)
    .option("--max-workers <n>", "most workers autoscaling may start", wholeNumber)
    .option("--concurrency <n>", "tasks each worker runs at once", wholeNumber);
}

function settingsOf(options: QueueOptions): Omit<BodyOf<"createWorkerQueue">, "name"> {
  return given({
    workerSize: options.workerSize,
    minWorkers: options.minWorkers,
    maxWorkers: options.maxWorkers,
    workerConcurrency: options.concurrency,
  });
}

function view(
  queue: Omit<WorkerQueue, "workerConcurrency"> & { workerConcurrency?: number | null },
  deployment: { id: string; name: string; organizationId: string },
): QueueView {
  return {
    ...queue,
    workerConcurrency: queue.workerConcurrency ?? null,
    organizationId: deployment.organizationId,
    deploymentId: deployment.id,
    deployment: deployment.name,
  };
}

function queueFrom(change: DeploymentChange, name: string): QueueView {
  const queue = change.deployment.spec.workerQueues.find((q) => q.name === name);
  if (!queue) throw new CliError(`the server's answer has no worker queue “${name}”`);
  return view(queue, change.deployment);
}

function deploymentOption(command: Command): Command {
  return command
    .requiredOption("--deployment-id <ID|NAME>", "the deployment")
    .addOption(workspaceOption("workspace to look the deployment's name up in"));
}

/** `worker-queue create|update NAME`: the settings flags, and the queue printed from the deployment's change. */
function defineQueueChange(
  queues: Command,
  context: CliContext,
  nameAndArgs: string,
  description: string,
  change: (
    client: ApiClient,
    deployment: { organizationId: string; deploymentId: string },
    name: string,
    settings: ReturnType<typeof settingsOf>,
  ) => Promise<DeploymentChange>,
  shape: { settingsRequired?: boolean } = {},
): void {
  addQueueSettings(
    deploymentOption(defineCommand(queues, nameAndArgs, description, { prints: true })),
  ).action(async (name: string, options: QueueOptions, command: Command) => {
    if (shape.settingsRequired && Object.keys(settingsOf(options)).length === 0) {
      throw new CliError(
        "nothing to change: give --worker-size, --min-workers, --max-workers or --concurrency",
        ExitCode.Usage,
      );
    }
    const session = await Session.open(context, command);
    const target = await resolveDeployment(session, options.deploymentId);
    const deployment = deploymentPath(target);
    const queue = queueFrom(
      await change(session.authenticated(), deployment, name, settingsOf(options)),
      name,
    );
    print(session, { data: queue, columns, rows: [queue] });
  });
}

export function registerWorkerQueueCommands(deployment: Command, context: CliContext): void {
  const queues = defineGroup(deployment, "worker-queue", "a Celery deployment's worker queues");

  deploymentOption(
    defineCommand(queues, "list", "list a deployment's worker queues", { prints: true }),
  ).action(
    withSession(context, async (session, options: QueueOptions) => {
      const target = await resolveDeployment(session, options.deploymentId);
      const client = session.authenticated();
      const path = deploymentPath(target);
      const list = await client.all((query) =>
        client.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/worker-queues", {
          params: { path, query },
        }),
      );
      const rows = list.map((queue) => view(queue, target));
      print(session, { data: rows, columns, rows });
    }),
  );

  defineQueueChange(queues, context, "create <NAME>", "add a worker queue", (client, path, name, settings) =>
    ok(
      client.api.POST("/organizations/{organizationId}/deployments/{deploymentId}/worker-queues", {
        params: { path, header: idempotent() },
        body: { name, ...settings },
      }),
    ),
  );

  defineQueueChange(
    queues,
    context,
    "update <NAME>",
    "change a worker queue's settings (others keep theirs)",
    (client, path, name, settings) =>
      ok(
        client.api.PATCH("/organizations/{organizationId}/deployments/{deploymentId}/worker-queues/{name}", {
          params: { path: { ...path, name } },
          body: settings,
        }),
      ),
    { settingsRequired: true },
  );

  deploymentOption(defineCommand(queues, "delete <NAME>", "remove a worker queue (not default)")).action(
    withSession(context, async (session, name: string, options: QueueOptions) => {
      const target = await resolveDeployment(session, options.deploymentId);
      await ok(
        session.api.DELETE(
          "/organizations/{organizationId}/deployments/{deploymentId}/worker-queues/{name}",
          {
            params: { path: { ...deploymentPath(target), name } },
          },
        ),
      );
      note(session, `Removed worker queue “${name}” from deployment “${target.name}”.`);
    }),
  );
}
