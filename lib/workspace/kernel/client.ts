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
import { CellTimeoutError, ExecutionCancelledError, KernelDiedError, KernelStartError } from "./errors.ts";
import { type KernelProcess, spawnKernelProcess } from "./process.ts";
import type { KernelSession } from "./session.ts";
import { setLongTimeout } from "./timer.ts";
import { executeContent, watchRequest } from "./requests.ts";
import type { JupyterMessage } from "./wire.ts";
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

/** The content of `kernel_info_reply` (the parts we use). */
export interface KernelInfo {
  protocol_version: string;
  implementation: string;
  implementation_version?: string;
  language_info: { name: string; version?: string; mimetype?: string; file_extension?: string; [k: string]: unknown };
  [key: string]: unknown;
}

/** The content of `execute_reply`. */
export interface ExecuteReply {
  status: "ok" | "error" | "aborted";
  execution_count: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

/** Options for {@link KernelClient.execute}. */
export interface ExecuteOptions {
  /** Every IOPub message caused by this request, except `status`, in arrival order. */
  onIopub?: (message: JupyterMessage) => void;
  /** Time limit for the reply (default: none). */
  timeoutMs?: number;
  /** After an interrupt on timeout, how long to wait for the reply before killing the kernel (default 3 s). */
  interruptGraceMs?: number;
  /** After the reply, how long to wait for the kernel's `idle` on IOPub (default 4 s, as nbclient). */
  iopubGraceMs?: number;
  /** Cancels the request: the kernel is killed and an {@link ExecutionCancelledError} thrown. */
  signal?: AbortSignal;
  /** Ask the kernel to abort queued requests after an error (default true; nbclient sends false for cells allowed to fail). */
  stopOnError?: boolean;
  /** Count the request in the kernel's history and execution count (default true; false for requests of our own). */
  storeHistory?: boolean;
}

/** The outcome of an `execute_request` that got its reply. */
export interface ExecuteOutcome {
  reply: ExecuteReply;
  /** Whether the kernel's `idle` status arrived (all outputs seen) within the IOPub grace period. */
  complete: boolean;
  /** Milliseconds from sending the request to the reply. */
  elapsedMs: number;
}

type Settled<T> = { kind: "value"; value: T } | { kind: "timeout" };

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

  constructor(process: KernelProcess, connection: ConnectionFile, channels: KernelChannels) {
    this.process = process;
    this.connection = connection;
    this.channels = channels;
  }

  /** The kernel's `kernel_info_reply` content (after {@link startKernel}). */
  get info(): KernelInfo {
    if (!this.#info) throw new Error("the kernel has not answered kernel_info_request yet");
    return this.#info;
  }

  /** Waits for `kernel_info_reply` and for the IOPub subscription to be live. */
  async waitReady(timeoutMs: number, signal?: AbortSignal): Promise<KernelInfo> {
    const started = performance.now();
    let iopubLive = false;
    const stopWatching = this.channels.watchAll(() => (iopubLive = true));
    try {
      // IOPub is PUB/SUB: messages published before our subscription reaches the
      // kernel are lost. Repeat kernel_info_request (it makes the kernel publish a
      // status) until one of its IOPub messages arrives, as Jupyter's own clients do.
      for (let attempt = 0;; attempt++) {
        const left = timeoutMs - (performance.now() - started);
        const { reply } = this.channels.request("shell", "kernel_info_request", {});
        const settled = await this.#until(reply, Math.max(left, 0), signal, "start");
        if (settled.kind === "timeout") {
          const rejected = this.channels.rejected.length;
          throw new KernelStartError(
            `the kernel did not answer kernel_info_request within ${timeoutMs / 1000} s` +
              (rejected
                ? ` (${rejected} message(s) from it were rejected: ${this.channels.rejected[0].error.message})`
                : ""),
            this.process.stderrTail(),
          );
        }
        this.#info = settled.value.content as unknown as KernelInfo;
        if (!iopubLive) {
          const live = new Promise<void>((resolve) => {
            const stop = this.channels.watchAll(() => {
              stop();
              resolve();
            });
          });
          await this.#until(live, Math.min(50 * (attempt + 1), 500), signal, "start");
        }
        if (iopubLive) return this.#info;
        if (performance.now() - started > timeoutMs) {
          throw new KernelStartError(
            `the kernel answered but its IOPub channel published nothing within ${timeoutMs / 1000} s`,
            this.process.stderrTail(),
          );
        }
      }
    } finally {
      stopWatching();
    }
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
        const wait = new Promise<void>((resolve) => {
          const stopOne = this.channels.watchAll(() => {
            stopOne();
            resolve();
          });
        });
        await this.#until(wait, Math.min(50 * (attempt + 1), 500), signal, "execute");
      }
      return live;
    } finally {
      stop();
    }
  }

  /**
   * Runs code. Resolves with the reply (whatever its status); throws
   * {@link CellTimeoutError} when the time limit passes (after interrupting,
   * and killing the kernel if the interrupt is not answered),
   * {@link KernelDiedError} when the kernel exits, and
   * {@link ExecutionCancelledError} when `signal` aborts.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    const msgId = crypto.randomUUID();
    const { idle, stop: stopWatching } = watchRequest(this.channels, msgId, options.onIopub);
    const started = performance.now();
    try {
      const { reply } = this.channels.request("shell", "execute_request", executeContent(code, options), msgId);
      let settled = await this.#until(reply, options.timeoutMs, options.signal, "execute");
      if (settled.kind === "timeout") {
        const timeoutMs = options.timeoutMs ?? 0;
        this.interrupt();
        settled = await this.#until(reply, options.interruptGraceMs ?? 3000, options.signal, "execute");
        if (settled.kind === "timeout") {
          this.kill();
          await this.process.exited;
          throw new CellTimeoutError(timeoutMs, { interrupted: true, killed: true });
        }
        // Collect what the interrupted cell printed before reporting the timeout.
        await this.#until(idle, options.iopubGraceMs ?? 4000, options.signal, "execute");
        throw new CellTimeoutError(timeoutMs, { interrupted: true, killed: false });
      }
      const elapsedMs = performance.now() - started;
      const drained = await this.#until(idle, options.iopubGraceMs ?? 4000, options.signal, "execute");
      return {
        reply: settled.value.content as unknown as ExecuteReply,
        complete: drained.kind === "value",
        elapsedMs,
      };
    } finally {
      // The Deno kernel (2.9) sometimes publishes a cell's result just after its
      // "idle" (measured: under 1 ms later, before the next request starts), so
      // the watcher stays until settle() or shutdown. (QUIRKS.md, 1; the quirks test says when it may go.)
      this.#lingering.push(stopWatching);
    }
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
  async settle(timeoutMs = 5000): Promise<void> {
    if (this.process.running) {
      const msgId = crypto.randomUUID();
      const { idle, stop } = watchRequest(this.channels, msgId);
      try {
        const { reply } = this.channels.request("shell", "kernel_info_request", {}, msgId);
        await settleWithin(Promise.all([reply, idle]), timeoutMs);
      } catch {
        // Channels closed: nothing more can arrive.
      } finally {
        stop();
      }
    }
    for (const stop of this.#lingering.splice(0)) stop();
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

  /**
   * Waits for `promise`, at most `timeoutMs` (undefined: no limit), while
   * watching the process and the abort signal.
   */
  async #until<T>(
    promise: Promise<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    phase: "start" | "execute",
  ): Promise<Settled<T>> {
    if (signal?.aborted) return this.#cancel();
    const cleanups: (() => void)[] = [];
    try {
      return await new Promise<Settled<T>>((resolve, reject) => {
        promise.then((value) => resolve({ kind: "value", value }), reject);
        this.process.exited.then((status) => {
          // Killed because the run was cancelled: that is the news, not the exit.
          if (signal?.aborted) return reject(new ExecutionCancelledError());
          const stderr = this.process.stderrTail();
          reject(
            phase === "start"
              ? new KernelStartError(
                `the kernel exited (${status.signal ?? `code ${status.code}`}) before it was ready`,
                stderr,
              )
              : new KernelDiedError(status, stderr),
          );
        });
        if (timeoutMs !== undefined) cleanups.push(setLongTimeout(() => resolve({ kind: "timeout" }), timeoutMs));
        if (signal) {
          const onAbort = () => this.#cancel().catch(reject);
          signal.addEventListener("abort", onAbort, { once: true });
          cleanups.push(() => signal.removeEventListener("abort", onAbort));
        }
      });
    } finally {
      for (const cleanup of cleanups) cleanup();
    }
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
