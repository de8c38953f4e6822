// Status reporting for one reconcile run. Every write is conditional on the row still wanting
// what this run is working on — the same generation, and not being deleted — so a reconcile that
// an update or a delete overtook never overwrites the newer intent; it learns it was superseded
// and stops. Writes that would change nothing are skipped, so an unchanged reconcile leaves the
// row (and its updatedAt) alone. The writes themselves go through the slice's repository.
import type { DeploymentStatus } from "@skyport/db";
import type { DeploymentRow, ProvisioningRepository } from "./repository.ts";

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

interface ReportedFields {
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
    private readonly repository: ProvisioningRepository,
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

  async finish(fields: ReportedFields): Promise<void> {
    await this.write(fields);
  }

  private async checkCurrent(): Promise<void> {
    if (!(await this.repository.stillWanted(this.row))) throw new SupersededError();
  }

  /** false when there was nothing to write. */
  private async write(fields: ReportedFields): Promise<boolean> {
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
    if (!(await this.repository.writeStatus(this.row, next))) throw new SupersededError();
    this.current = next;
    return true;
  }
}

/** Reports a deployment being deleted: it stays DELETING until DELETED. */
export class DeletionReporter {
  private reason: string;

  constructor(
    private readonly repository: ProvisioningRepository,
    private readonly row: DeploymentRow,
  ) {
    this.reason = row.statusReason;
  }

  async step(reason: string): Promise<void> {
    const statusReason = clip(reason);
    if (statusReason === this.reason) return;
    if (!(await this.repository.writeDeletionReason(this.row.id, statusReason))) {
      throw new SupersededError();
    }
    this.reason = statusReason;
  }

  async deleted(): Promise<void> {
    if (!(await this.repository.markDeleted(this.row))) throw new SupersededError();
  }
}
