// An error from a runtime target other than Kubernetes (a local runtime): its message is written
// for the deployment's status reason (cause and fix, never a secret), and it says whether a retry
// can help.
export class RuntimeTargetError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "RuntimeTargetError";
  }
}
