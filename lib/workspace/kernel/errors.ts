/**
 * What can go wrong while talking to a kernel, as distinct error classes so
 * that the executor can say precisely what happened.
 *
 * @module
 */

/**
 * The kernel did not become ready: it exited during start-up, or did not
 * answer `kernel_info_request` in time. The message carries its stderr tail.
 *
 * @example
 * ```ts
 * throw new KernelStartError("kernel exited with code 1 before it was ready", "error: …");
 * ```
 */
export class KernelStartError extends Error {
  /** The last lines the kernel wrote to stderr. */
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(stderr ? `${message}\n--- kernel stderr (last lines) ---\n${stderr}` : message);
    this.name = "KernelStartError";
    this.stderr = stderr;
  }
}

/**
 * The kernel process exited while a request was pending (for example a cell
 * called `Deno.exit(1)`, or the kernel crashed).
 *
 * @example
 * ```ts
 * throw new KernelDiedError({ code: 1, signal: null, success: false }, "");
 * ```
 */
export class KernelDiedError extends Error {
  readonly status: Deno.CommandStatus;
  readonly stderr: string;
  constructor(status: Deno.CommandStatus, stderr: string) {
    const how = status.signal ? `was killed by ${status.signal}` : `exited with code ${status.code}`;
    super(
      `the kernel ${how} while running the cell` +
        (stderr ? `\n--- kernel stderr (last lines) ---\n${stderr}` : ""),
    );
    this.name = "KernelDiedError";
    this.status = status;
    this.stderr = stderr;
  }
}

/**
 * A cell ran longer than its timeout. The kernel was interrupted; when it did
 * not answer the interrupt within the grace period it was killed.
 *
 * @example
 * ```ts
 * throw new CellTimeoutError(60_000, { interrupted: true, killed: false });
 * ```
 */
export class CellTimeoutError extends Error {
  readonly timeoutMs: number;
  readonly interrupted: boolean;
  readonly killed: boolean;
  constructor(timeoutMs: number, outcome: { interrupted: boolean; killed: boolean }) {
    const seconds = timeoutMs / 1000;
    const after = outcome.killed
      ? "the kernel did not answer the interrupt and was killed"
      : "the kernel was interrupted";
    super(
      `the cell did not finish within ${seconds} s (${after}); ` +
        `raise the limit with metadata.claimbook.timeout in the notebook or --timeout on the command line`,
    );
    this.name = "CellTimeoutError";
    this.timeoutMs = timeoutMs;
    this.interrupted = outcome.interrupted;
    this.killed = outcome.killed;
  }
}

/**
 * The run was cancelled (Ctrl-C, SIGTERM, or an aborted signal) and the
 * kernel was stopped.
 *
 * @example
 * ```ts
 * throw new ExecutionCancelledError();
 * ```
 */
export class ExecutionCancelledError extends Error {
  constructor(message = "execution was cancelled") {
    super(message);
    this.name = "ExecutionCancelledError";
  }
}
