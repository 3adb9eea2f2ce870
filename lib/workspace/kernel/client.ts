/**
 * A client for one Deno kernel: starts `deno jupyter --kernel`, waits until it
 * answers `kernel_info_request`, runs code with `execute_request` (delivering
 * its IOPub messages as they come), bounds each request by a timeout
 * (interrupt, then kill), and shuts the kernel down. Every wait also watches
 * the process, so a kernel that dies is reported at once with its stderr.
 *
 * @example
 * ```ts
 * const kernel = await startKernel({ cwd: "/work/main/notebooks" });
 * const outcome = await kernel.execute("1 + 1", { onIopub: (m) => console.log(m.header.msg_type) });
 * outcome.reply.status; // "ok"
 * await kernel.shutdown();
 * ```
 * @module
 */

import { connectChannels, type KernelChannels } from "./channels.ts";
import { type ConnectionFile, createConnectionFile } from "./connection.ts";
import { ExecutionCancelledError, KernelDiedError, KernelStartError } from "./errors.ts";
import { type KernelProcess, spawnKernelProcess } from "./process.ts";
import type { KernelSession } from "./session.ts";
import { setLongTimeout } from "./timer.ts";
import {
  awaitKernelInfo,
  type ExecuteOptions,
  type ExecuteOutcome,
  executeWithinLimit,
  type KernelInfo,
  nextIopubMessage,
  type RequestHost,
  type Settled,
  settleLateMessages,
  waitWatching,
} from "./requests.ts";
import { LATE_OUTPUT_COLLECTED_ENV } from "../../analysis/kernel/iopub-flush.ts";

/** Options for {@link startKernel}. */
export interface StartKernelOptions {
  /** Working directory of the kernel: the notebook's folder. */
  cwd: string;
  /**
   * Extra environment variables for the kernel; a function receives the
   * kernel's private folder (deleted with the kernel), for files the kernel
   * writes for us.
   */
  env?: Record<string, string> | ((privateDir: string) => Record<string, string>);
  /** How long the kernel may take to answer `kernel_info_request` (default 30 s). */
  startTimeoutMs?: number;
  /** Cancels the start: the kernel is killed and an {@link ExecutionCancelledError} thrown. */
  signal?: AbortSignal;
  /** The deno executable (default: `Deno.execPath()`). */
  denoPath?: string;
}

export type { ExecuteOptions, ExecuteOutcome, ExecuteReply, KernelInfo } from "./requests.ts";

/**
 * A running kernel and the channels to it.
 *
 * @example
 * ```ts
 * const kernel = await startKernel({ cwd: "notebooks" });
 * await kernel.execute("1 + 1");
 * await kernel.shutdown();
 * ```
 */
export class KernelClient implements KernelSession {
  readonly process: KernelProcess;
  readonly connection: ConnectionFile;
  readonly channels: KernelChannels;
  #info: KernelInfo | undefined;
  #stopped: Promise<void> | undefined;
  #lingering: (() => void)[] = [];
  /** This client's channels and wait, for the flows it shares with remote kernels (`requests.ts`). */
  readonly #host: RequestHost;

  constructor(process: KernelProcess, connection: ConnectionFile, channels: KernelChannels) {
    this.process = process;
    this.connection = connection;
    this.channels = channels;
    this.#host = {
      channels,
      until: (promise, timeoutMs, signal, phase) => this.#until(promise, timeoutMs, signal, phase),
    };
  }

  /** The kernel's `kernel_info_reply` content (after {@link startKernel}). */
  get info(): KernelInfo {
    if (!this.#info) throw new Error("the kernel has not answered kernel_info_request yet");
    return this.#info;
  }

  /** Waits for `kernel_info_reply` and for the IOPub subscription to be live. */
  async waitReady(timeoutMs: number, signal?: AbortSignal): Promise<KernelInfo> {
    this.#info = await awaitKernelInfo(this.#host, timeoutMs, signal, {
      unanswered: (ms) => {
        const rejected = this.channels.rejected.length;
        return new KernelStartError(
          `the kernel did not answer kernel_info_request within ${ms / 1000} s` +
            (rejected
              ? ` (${rejected} message(s) from it were rejected: ${this.channels.rejected[0].error.message})`
              : ""),
          this.process.stderrTail(),
        );
      },
      silentIopub: (ms) =>
        new KernelStartError(
          `the kernel answered but its IOPub channel published nothing within ${ms / 1000} s`,
          this.process.stderrTail(),
        ),
    });
    return this.#info;
  }

  /**
   * Connects IOPub afresh (see {@link KernelChannels.resubscribeIopub}) and
   * waits until the new subscription delivers (kernel_info_request until
   * one of its IOPub messages arrives). Returns whether it went live within
   * `timeoutMs`.
   */
  async resubscribeIopub(timeoutMs = 5000, signal?: AbortSignal): Promise<boolean> {
    await this.channels.resubscribeIopub();
    const started = performance.now();
    let live = false;
    const stop = this.channels.watchAll(() => (live = true));
    try {
      for (let attempt = 0; !live && performance.now() - started < timeoutMs; attempt++) {
        this.channels.request("shell", "kernel_info_request", {});
        await this.#until(nextIopubMessage(this.channels), Math.min(50 * (attempt + 1), 500), signal, "execute");
      }
      return live;
    } finally {
      stop();
    }
  }

  /**
   * Runs code. Resolves with the reply (whatever its status); throws
   * `CellTimeoutError` when the time limit passes (after interrupting,
   * and killing the kernel if the interrupt is not answered),
   * {@link KernelDiedError} when the kernel exits, and
   * {@link ExecutionCancelledError} when `signal` aborts.
   */
  execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    return executeWithinLimit(
      this.#host,
      {
        interrupt: () => this.interrupt(),
        end: async () => {
          this.kill();
          await this.process.exited;
        },
      },
      this.#lingering,
      code,
      options,
    );
  }

  /**
   * Waits until every message of earlier requests has arrived: a
   * `kernel_info_request` round trip, up to its own `idle` on IOPub (the
   * kernel publishes late results before it starts the next request), then
   * stops delivering to earlier `onIopub` handlers. It returns as soon as
   * the round trip ends; `timeoutMs` only bounds a kernel that does not
   * answer (a busy machine can take over a second to answer: measured with
   * three test files at once on two cores).
   */
  settle(timeoutMs = 5000): Promise<void> {
    return settleLateMessages(this.#host, this.process.running, this.#lingering, timeoutMs);
  }

  /**
   * Interrupts the running cell with `interrupt_request` on the control
   * channel. (The Deno kernel's spec leaves `interrupt_mode` at "signal", but
   * the kernel does not handle SIGINT: it exits with code 130, measured with
   * Deno 2.9.6. It does answer `interrupt_request` by terminating the running
   * JavaScript.) Use {@link interruptBySignal} for the signal. (QUIRKS.md, 5.)
   */
  interrupt(): void {
    try {
      this.channels.request("control", "interrupt_request", {});
    } catch {
      // Channels closed: the kernel is gone, which the pending wait will report.
    }
  }

  /** Sends SIGINT to the kernel process (Jupyter's "signal" interrupt mode; ends the Deno kernel). */
  interruptBySignal(): void {
    this.process.interrupt();
  }

  /** Kills the kernel process at once. Call {@link shutdown} afterwards to release the channels and files. */
  kill(): void {
    this.process.kill();
  }

  /**
   * Asks the kernel to shut down (`shutdown_request` on control), kills it if
   * it has not exited within `graceMs`, then closes the channels and deletes
   * the connection file. Safe to call more than once.
   */
  shutdown(graceMs = 2000): Promise<void> {
    this.#stopped ??= (async () => {
      if (this.process.running) {
        try {
          this.channels.request("control", "shutdown_request", { restart: false });
        } catch {
          // Channels already closed: fall through to the kill.
        }
        const exited = await settleWithin(this.process.exited, graceMs);
        if (exited.kind === "timeout") {
          this.process.kill();
          await this.process.exited;
        }
      }
      for (const stop of this.#lingering.splice(0)) stop();
      this.channels.close();
      await this.connection.remove();
    })();
    return this.#stopped;
  }

  /** Waits for `promise`, at most `timeoutMs` (undefined: no limit), while watching the process and the abort signal. */
  #until<T>(
    promise: Promise<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    phase: "start" | "execute",
  ): Promise<Settled<T>> {
    return waitWatching(promise, timeoutMs, {
      signal,
      cancel: () => this.#cancel(),
      death: this.process.exited.then((status) =>
        // Killed because the run was cancelled: that is the news, not the exit.
        signal?.aborted ? new ExecutionCancelledError() : phase === "start"
          ? new KernelStartError(
            `the kernel exited (${status.signal ?? `code ${status.code}`}) before it was ready`,
            this.process.stderrTail(),
          )
          : new KernelDiedError(status, this.process.stderrTail())
      ),
    });
  }

  async #cancel(): Promise<never> {
    this.kill();
    await this.shutdown(0);
    throw new ExecutionCancelledError();
  }
}

async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let cancel = () => {};
  try {
    return await Promise.race([
      promise.then((value): Settled<T> => ({ kind: "value", value })),
      new Promise<Settled<T>>((resolve) => (cancel = setLongTimeout(() => resolve({ kind: "timeout" }), ms))),
    ]);
  } finally {
    cancel();
  }
}

/**
 * Starts a Deno kernel in `cwd` and waits until it is ready. On any failure
 * the process is killed and the connection file deleted before the error is
 * thrown.
 *
 * @example
 * ```ts
 * const kernel = await startKernel({ cwd: "notebooks", env: { CLAIMBOOK_READS_FILE: "/tmp/reads.jsonl" } });
 * kernel.info.language_info.name; // "typescript"
 * await kernel.shutdown();
 * ```
 */
export async function startKernel(options: StartKernelOptions): Promise<KernelClient> {
  for (let attempt = 1;; attempt++) {
    try {
      return await startKernelOnce(options);
    } catch (error) {
      // Another process took one of the ports between our check and the kernel's bind (the kernel says so, or
      // whatever listens there drops our handshake): try new ports.
      const portTaken = error instanceof KernelStartError &&
        (/AddrInUse|Address already in use/.test(error.stderr) ||
          /Connection reset by peer|closed during the handshake/.test(error.message));
      if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

/** Kernel starts tried when a port turns out to be taken. */
const PORT_ATTEMPTS = 3;

async function startKernelOnce(options: StartKernelOptions): Promise<KernelClient> {
  if (options.signal?.aborted) throw new ExecutionCancelledError();
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const started = performance.now();
  const connection = await createConnectionFile();
  let process: KernelProcess;
  try {
    process = spawnKernelProcess({
      connectionFile: connection.path,
      cwd: options.cwd,
      env: {
        // This client keeps listening after "idle" (see `settle()`): report() need not wait in this kernel.
        [LATE_OUTPUT_COLLECTED_ENV]: "1",
        ...(typeof options.env === "function" ? options.env(connection.dir) : options.env),
      },
      denoPath: options.denoPath,
    });
  } catch (error) {
    await connection.remove();
    throw new KernelStartError(`cannot start the kernel in ${options.cwd}: ${(error as Error).message}`, "");
  }
  let channels: KernelChannels | undefined;
  try {
    channels = await connectWhileRunning(connection, process, startTimeoutMs, options.signal);
    const client = new KernelClient(process, connection, channels);
    await client.waitReady(Math.max(startTimeoutMs - (performance.now() - started), 0), options.signal);
    return client;
  } catch (error) {
    process.kill();
    await process.exited;
    channels?.close();
    await connection.remove();
    throw error;
  }
}

/** Connects the channels, failing fast (with the kernel's stderr) if the process exits or time runs out. */
async function connectWhileRunning(
  connection: ConnectionFile,
  process: KernelProcess,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<KernelChannels> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const cancelTimer = setLongTimeout(() => stop.abort(), timeoutMs);
  try {
    return await connectChannels(connection.info, { retryWhile: () => process.running, signal: stop.signal });
  } catch (error) {
    if (signal?.aborted) throw new ExecutionCancelledError();
    await settleWithin(process.exited, 100);
    const status = process.status;
    const why = status
      ? `the kernel exited (${status.signal ?? `code ${status.code}`}) before it was ready`
      : stop.signal.aborted
      ? `the kernel did not open its ports within ${timeoutMs / 1000} s`
      : `cannot connect to the kernel: ${(error as Error).message}`;
    throw new KernelStartError(why, process.stderrTail());
  } finally {
    cancelTimer();
    signal?.removeEventListener("abort", onAbort);
  }
}
