// The deployment row as the reconciler reads and reports on it. Every write is conditional on the
// row still wanting what this run is working on — the same generation, and not being deleted —
// so a reconcile that an update or a delete overtook never overwrites the newer intent; it
// learns it was superseded and stops. Writes that would change nothing are skipped, so an
// unchanged reconcile leaves the row (and its updatedAt) alone.
import type { DeploymentStatus, PrismaClient } from "@skyport/db";

export interface DeploymentRow {
  readonly id: string;
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly spec: unknown;
  readonly generation: number;
  readonly observedGeneration: number;
  readonly status: DeploymentStatus;
  readonly statusReason: string;
  readonly namespace: string;
}

export function loadDeployment(db: PrismaClient, id: string): Promise<DeploymentRow | null> {
  return db.deployment.findUnique({
    where: { id },
    select: {
      id: true,
      organizationId: true,
      workspaceId: true,
      name: true,
      spec: true,
      generation: true,
      observedGeneration: true,
      status: true,
      statusReason: true,
      namespace: true,
    },
  });
}

/** The row changed under this run (a newer generation, or deletion was requested). */
export class SupersededError extends Error {
  constructor() {
    super("the deployment changed while it was being reconciled");
    this.name = "SupersededError";
  }
}

const MAX_REASON = 1_000;

function clip(reason: string): string {
  return reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 3)}...` : reason;
}

interface StatusFields {
  status: DeploymentStatus;
  statusReason: string;
  observedGeneration?: number;
}

/** Reports a converging (not deleting) deployment's status. */
export class StatusReporter {
  private current: { status: DeploymentStatus; statusReason: string; observedGeneration: number };

  /** `progress`: the status to show while working (DEPLOYING, UPDATING), or null for a quiet
   * check that only reports its outcome. */
  constructor(
    private readonly db: PrismaClient,
    private readonly row: DeploymentRow,
    readonly progress: DeploymentStatus | null,
  ) {
    this.current = {
      status: row.status,
      statusReason: row.statusReason,
      observedGeneration: row.observedGeneration,
    };
  }

  /** Says what the run is doing now (progress runs only). Also when the reason is unchanged it
   * checks the row still wants this run, so a long wait stops as soon as it is overtaken. */
  async step(reason: string): Promise<void> {
    if (!this.progress) return;
    if (!(await this.write({ status: this.progress, statusReason: reason }))) await this.checkCurrent();
  }

  /** A note that keeps the status (e.g. "retrying after: ..."); progress runs only. */
  async note(reason: string): Promise<void> {
    if (this.progress) await this.write({ status: this.current.status, statusReason: reason });
  }

  async finish(fields: StatusFields): Promise<void> {
    await this.write(fields);
  }

  private async checkCurrent(): Promise<void> {
    const current = await this.db.deployment.count({ where: this.stillWanted() });
    if (current === 0) throw new SupersededError();
  }

  private stillWanted() {
    return {
      id: this.row.id,
      generation: this.row.generation,
      status: { notIn: ["DELETING", "DELETED"] as DeploymentStatus[] },
    };
  }

  /** false when there was nothing to write. */
  private async write(fields: StatusFields): Promise<boolean> {
    const next = {
      status: fields.status,
      statusReason: clip(fields.statusReason),
      observedGeneration: fields.observedGeneration ?? this.current.observedGeneration,
    };
    if (
      next.status === this.current.status &&
      next.statusReason === this.current.statusReason &&
      next.observedGeneration === this.current.observedGeneration
    ) {
      return false;
    }
    const { count } = await this.db.deployment.updateMany({ where: this.stillWanted(), data: next });
    if (count === 0) throw new SupersededError();
    this.current = next;
    return true;
  }
}

/** Reports a deployment being deleted: it stays DELETING until DELETED. */
export class DeletionReporter {
  private reason: string;

  constructor(
    private readonly db: PrismaClient,
    private readonly row: DeploymentRow,
  ) {
    this.reason = row.statusReason;
  }

  async step(reason: string): Promise<void> {
    const statusReason = clip(reason);
    if (statusReason === this.reason) return;
    const { count } = await this.db.deployment.updateMany({
      where: { id: this.row.id, status: "DELETING" },
      data: { statusReason },
    });
    if (count === 0) throw new SupersededError();
    this.reason = statusReason;
  }

  async deleted(): Promise<void> {
    const { count } = await this.db.deployment.updateMany({
      where: { id: this.row.id, status: "DELETING" },
      data: {
        status: "DELETED",
        statusReason: "Deleted",
        deletedAt: new Date(),
        observedGeneration: this.row.generation,
      },
    });
    if (count === 0) throw new SupersededError();
  }
}
