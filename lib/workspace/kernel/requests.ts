/**
 * The parts of a request that local and remote kernels share: the protocol's
 * types, the content of an `execute_request`, watching a request's IOPub
 * messages until its `idle`, and the three flows both clients run the same
 * way over their own channels (waiting until a new kernel is ready, a cell
 * bounded by a time limit, settling late messages). Each client brings its
 * own wait ({@link RequestHost.until}), which knows how its kernel dies.
 *
 * @example
 * ```ts
 * const watched = watchRequest(channels, msgId, onIopub);
 * channels.request("shell", "execute_request", executeContent("1 + 1"), msgId);
 * await watched.idle;
 * watched.stop();
 * ```
 * @module
 */

import type { KernelChannels } from "./channels.ts";
import { CellTimeoutError, ExecutionCancelledError } from "./errors.ts";
import { setLongTimeout } from "./timer.ts";
import type { JupyterMessage } from "./wire.ts";

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

/** Options for a kernel's `execute`. */
export interface ExecuteOptions {
  /** Every IOPub message caused by this request, except `status`, in arrival order. */
  onIopub?: (message: JupyterMessage) => void;
  /** Time limit for the reply (default: none). */
  timeoutMs?: number;
  /** After an interrupt on timeout, how long to wait for the reply before killing the kernel (default 3 s). */
  interruptGraceMs?: number;
  /** After the reply, how long to wait for the kernel's `idle` on IOPub (default 4 s, as nbclient). */
  iopubGraceMs?: number;
  /** Cancels the request: the kernel is killed and an `ExecutionCancelledError` thrown. */
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

/** How a bounded wait ended: with the awaited value, or at its time limit. */
export type Settled<T> = { kind: "value"; value: T } | { kind: "timeout" };

/**
 * What the shared flows need of a kernel client: its channels and its wait,
 * which settles with the value or at the time limit (`undefined`: none) and
 * throws when the kernel dies (a start error in the `"start"` phase) or when
 * `signal` aborts (after stopping the kernel).
 */
export interface RequestHost {
  readonly channels: Pick<KernelChannels, "request" | "watch" | "watchAll">;
  until<T>(
    promise: Promise<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    phase: "start" | "execute",
  ): Promise<Settled<T>>;
}

/** A request's IOPub messages being watched. */
export interface WatchedRequest {
  /** Resolves when the kernel publishes `idle` for the request. */
  idle: Promise<void>;
  /** Stops delivering the request's messages. */
  stop: () => void;
}

/**
 * Watches the IOPub messages whose parent is `msgId`: `status` messages
 * settle {@link WatchedRequest.idle}; every other message goes to `onIopub`.
 *
 * @example
 * ```ts
 * const { idle, stop } = watchRequest(channels, msgId, (m) => outputs.push(m));
 * ```
 */
export function watchRequest(
  channels: Pick<KernelChannels, "watch">,
  msgId: string,
  onIopub?: (message: JupyterMessage) => void,
): WatchedRequest {
  const { promise: idle, resolve: markIdle } = Promise.withResolvers<void>();
  const stop = channels.watch(msgId, (message) => {
    if (message.header.msg_type === "status") {
      if (message.content.execution_state === "idle") markIdle();
      return;
    }
    onIopub?.(message);
  });
  return { idle, stop };
}

/**
 * The content of an `execute_request` as claimbook sends it (no stdin, no
 * user expressions).
 *
 * @example
 * ```ts
 * executeContent("1 + 1").silent; // false
 * ```
 */
export function executeContent(
  code: string,
  options: { storeHistory?: boolean; stopOnError?: boolean } = {},
): Record<string, unknown> {
  return {
    code,
    silent: false,
    store_history: options.storeHistory ?? true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: options.stopOnError ?? true,
  };
}

/** What a client's wait watches besides the awaited promise ({@link waitWatching}). */
export interface WaitWatch {
  /** Resolves, once the kernel is found gone, with the error the wait throws (worded by the client). */
  death: Promise<Error>;
  /** Aborts the wait, through `cancel`. */
  signal?: AbortSignal;
  /** Stops the kernel and throws `ExecutionCancelledError`. */
  cancel(): Promise<never>;
  /** Started with the wait (the remote client polls its server meanwhile); returns how to stop it. */
  alongside?: () => () => void;
}

/**
 * Waits for `promise`, at most `timeoutMs` (undefined: no limit), while
 * watching the kernel's death and the abort signal: settles with the value
 * or at the limit; throws the error `death` brings, or what `cancel` throws
 * when `signal` aborts. Once cancelled, a rejection of `promise` (stopping
 * the kernel closes its channels) is reported as the cancellation.
 *
 * @example
 * ```ts
 * const settled = await waitWatching(reply, 60_000, { death, signal, cancel });
 * if (settled.kind === "timeout") kernel.interrupt();
 * ```
 */
export async function waitWatching<T>(
  promise: Promise<T>,
  timeoutMs: number | undefined,
  watch: WaitWatch,
): Promise<Settled<T>> {
  const { signal } = watch;
  if (signal?.aborted) return watch.cancel();
  const cleanups: (() => void)[] = [];
  try {
    return await new Promise<Settled<T>>((resolve, reject) => {
      promise.then(
        (value) => resolve({ kind: "value", value }),
        (error) => reject(signal?.aborted ? new ExecutionCancelledError() : error),
      );
      watch.death.then(reject);
      if (timeoutMs !== undefined) cleanups.push(setLongTimeout(() => resolve({ kind: "timeout" }), timeoutMs));
      if (watch.alongside) cleanups.push(watch.alongside());
      if (signal) {
        const onAbort = () => watch.cancel().catch(reject);
        signal.addEventListener("abort", onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener("abort", onAbort));
      }
    });
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

/** The errors {@link awaitKernelInfo} throws, worded by each client (which kernel, what it printed). */
export interface ReadinessErrors {
  /** No `kernel_info_reply` within `timeoutMs`. */
  unanswered(timeoutMs: number): Error;
  /** Replies, but nothing on IOPub within `timeoutMs`. */
  silentIopub(timeoutMs: number): Error;
}

/**
 * Waits until a new kernel answers `kernel_info_request` and its IOPub
 * delivers. IOPub is PUB/SUB: what the kernel publishes before the
 * subscription reaches it is lost, so the request is repeated (it makes the
 * kernel publish a status) until one of its IOPub messages arrives, as
 * Jupyter's own clients do.
 *
 * @example
 * ```ts
 * const info = await awaitKernelInfo(host, 30_000, signal, errors);
 * info.language_info.name; // "typescript"
 * ```
 */
export async function awaitKernelInfo(
  host: RequestHost,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  errors: ReadinessErrors,
): Promise<KernelInfo> {
  const { channels } = host;
  const started = performance.now();
  let iopubLive = false;
  const stopWatching = channels.watchAll(() => (iopubLive = true));
  try {
    for (let attempt = 0;; attempt++) {
      const left = Math.max(timeoutMs - (performance.now() - started), 0);
      const { reply } = channels.request("shell", "kernel_info_request", {});
      const settled = await host.until(reply, left, signal, "start");
      if (settled.kind === "timeout") throw errors.unanswered(timeoutMs);
      const info = settled.value.content as unknown as KernelInfo;
      if (!iopubLive) await host.until(nextIopubMessage(channels), Math.min(50 * (attempt + 1), 500), signal, "start");
      if (iopubLive) return info;
      if (performance.now() - started > timeoutMs) throw errors.silentIopub(timeoutMs);
    }
  } finally {
    stopWatching();
  }
}

/**
 * Resolves when the next message of any request arrives on IOPub.
 *
 * @example
 * ```ts
 * channels.request("shell", "kernel_info_request", {});
 * await nextIopubMessage(channels);
 * ```
 */
export function nextIopubMessage(channels: Pick<KernelChannels, "watchAll">): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = channels.watchAll(() => {
      stop();
      resolve();
    });
  });
}

/** How a client stops a cell that has run out of time ({@link executeWithinLimit}). */
export interface CellStopper {
  /** Asks the kernel to stop the running cell. */
  interrupt(): void;
  /** Ends the kernel when the interrupt is not answered in time; resolves once it is gone. */
  end(): Promise<void>;
}

/**
 * Runs `code` with `execute_request`, delivering its IOPub messages to
 * `options.onIopub`, bounded by `options.timeoutMs`: at the limit the cell
 * is interrupted, and the kernel ended when the interrupt is not answered
 * within `interruptGraceMs` ({@link CellTimeoutError} either way, after
 * collecting what an interrupted cell printed). After the reply it waits up
 * to `iopubGraceMs` for the request's `idle`. The request's IOPub watcher
 * is not stopped: it goes into `lingering`, because the Deno kernel (2.9)
 * sometimes publishes a cell's result just after its "idle" (QUIRKS.md, 1;
 * the quirks test says when it may go), and the client's `settle()` stops it.
 *
 * @example
 * ```ts
 * const outcome = await executeWithinLimit(host, stopper, lingering, "1 + 1", { timeoutMs: 60_000 });
 * outcome.reply.status; // "ok"
 * ```
 */
export async function executeWithinLimit(
  host: RequestHost,
  stopper: CellStopper,
  lingering: (() => void)[],
  code: string,
  options: ExecuteOptions,
): Promise<ExecuteOutcome> {
  const msgId = crypto.randomUUID();
  const { idle, stop: stopWatching } = watchRequest(host.channels, msgId, options.onIopub);
  const started = performance.now();
  try {
    const { reply } = host.channels.request("shell", "execute_request", executeContent(code, options), msgId);
    let settled = await host.until(reply, options.timeoutMs, options.signal, "execute");
    if (settled.kind === "timeout") {
      const timeoutMs = options.timeoutMs ?? 0;
      stopper.interrupt();
      settled = await host.until(reply, options.interruptGraceMs ?? 3000, options.signal, "execute");
      if (settled.kind === "timeout") {
        await stopper.end();
        throw new CellTimeoutError(timeoutMs, { interrupted: true, killed: true });
      }
      // Collect what the interrupted cell printed before reporting the timeout.
      await host.until(idle, options.iopubGraceMs ?? 4000, options.signal, "execute");
      throw new CellTimeoutError(timeoutMs, { interrupted: true, killed: false });
    }
    const elapsedMs = performance.now() - started;
    const drained = await host.until(idle, options.iopubGraceMs ?? 4000, options.signal, "execute");
    return {
      reply: settled.value.content as unknown as ExecuteReply,
      complete: drained.kind === "value",
      elapsedMs,
    };
  } finally {
    lingering.push(stopWatching);
  }
}

/**
 * Waits until every message of earlier requests has arrived (a
 * `kernel_info_request` round trip, up to its own `idle` on IOPub: the
 * kernel publishes late results before it starts the next request), then
 * stops the watchers in `lingering`. It returns as soon as the round trip
 * ends; `timeoutMs` only bounds a kernel that does not answer (a busy
 * machine can take over a second: measured with three test files at once on
 * two cores). A kernel that is not `running`, or dies meanwhile, has nothing
 * more to send.
 *
 * @example
 * ```ts
 * await settleLateMessages(host, kernel.process.running, lingering, 5000);
 * ```
 */
export async function settleLateMessages(
  host: RequestHost,
  running: boolean,
  lingering: (() => void)[],
  timeoutMs: number,
): Promise<void> {
  if (running) {
    const msgId = crypto.randomUUID();
    const { idle, stop } = watchRequest(host.channels, msgId);
    try {
      const { reply } = host.channels.request("shell", "kernel_info_request", {}, msgId);
      await host.until(Promise.all([reply, idle]), timeoutMs, undefined, "execute");
    } catch {
      // The kernel or its channels are gone: nothing more can arrive.
    } finally {
      stop();
    }
  }
  for (const stop of lingering.splice(0)) stop();
}
