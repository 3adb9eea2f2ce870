/**
 * What the executor needs of a kernel, whatever carries its messages: the
 * local Deno kernel over ZeroMQ ({@link KernelClient}) or a kernel on a
 * kernel server over its WebSocket (`RemoteKernel`). The executor talks to
 * this interface only.
 *
 * @example
 * ```ts
 * const session: KernelSession = await startKernel({ cwd: "notebooks" });
 * await session.execute("1 + 1", { timeoutMs: 60_000 });
 * await session.shutdown();
 * ```
 * @module
 */

import type { ExecuteOptions, ExecuteOutcome, KernelInfo } from "./requests.ts";

/**
 * A ready kernel (see the module doc).
 *
 * @example
 * ```ts
 * function languageOf(kernel: KernelSession): string {
 *   return kernel.info.language_info.name;
 * }
 * ```
 */
export interface KernelSession {
  /** The kernel's `kernel_info_reply` content. */
  readonly info: KernelInfo;
  readonly channels: {
    /** Messages that failed verification or could not be read, with their channel. */
    readonly rejected: readonly { error: Error; channel: string }[];
    /** Waits until IOPub has been quiet for `quietMs` (at most `maxMs`); whether it became quiet. */
    iopubQuiet(quietMs: number, maxMs: number): Promise<boolean>;
    /** Calls `handler` for every message rejected from now on, until the returned function is called. */
    watchRejected(handler: (error: Error, channel: string) => void): () => void;
  };
  /** The kernel's liveness and, where it runs here, its CPU time. */
  readonly process: {
    /** Whether the kernel is alive as far as this client knows. */
    readonly running: boolean;
    /** CPU time used so far in clock ticks; undefined when it cannot be read (a kernel elsewhere). */
    cpuTicks(): number | undefined;
    /** Waits until the kernel has used no CPU for `quietMs` (at most `maxMs`); true when it cannot tell. */
    cpuQuiet(quietMs: number, maxMs: number): Promise<boolean>;
  };
  /**
   * Runs code; resolves with the reply, throws `CellTimeoutError` (after
   * interrupting), `KernelDiedError` or `ExecutionCancelledError`.
   */
  execute(code: string, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** Waits until every message of earlier requests has arrived, then stops delivering them. */
  settle(timeoutMs?: number): Promise<void>;
  /** Interrupts the running cell. */
  interrupt(): void;
  /** Starts IOPub afresh after garbled messages; whether it delivers again within `timeoutMs`. */
  resubscribeIopub(timeoutMs?: number, signal?: AbortSignal): Promise<boolean>;
  /** Stops the kernel (asking first, forcing after `graceMs`) and releases what it held. Safe to repeat. */
  shutdown(graceMs?: number): Promise<void>;
}
