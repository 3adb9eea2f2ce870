/**
 * A kernel on a kernel server, with the semantics of a local one: started
 * with `POST /api/kernels`, driven over its WebSocket, each request bounded
 * by a time limit (interrupt, then shut down), a kernel that dies reported
 * at once, and shut down with `DELETE /api/kernels/{id}`.
 *
 * It dies, for this client, when the server reports it `dead` or
 * `restarting` on IOPub (its process exited; the server may start a new
 * one, which no longer holds the notebook's state), when the server no
 * longer knows it (HTTP 404, checked every few seconds while a request
 * waits: a kernel shut down by someone else keeps its WebSocket open), or
 * when the connection is lost (the server went away).
 *
 * Interrupts: a kernelspec with `interrupt_mode: "message"` is interrupted
 * through the REST API (`POST /api/kernels/{id}/interrupt`, which the
 * server turns into an `interrupt_request`). With the default `"signal"`
 * the server would send SIGINT, which the Deno kernel (2.9) does not act on
 * while a cell runs (measured: the cell runs on to its end); the
 * `interrupt_request` then goes on the control channel of the WebSocket,
 * as the local client sends it.
 *
 * @example
 * ```ts
 * const server = await KernelServer.open({ url: "http://127.0.0.1:8888", token });
 * const kernel = await startRemoteKernel({ server, name: "deno", path: "notebooks" });
 * await kernel.execute("1 + 1", { timeoutMs: 60_000 });
 * await kernel.shutdown();
 * ```
 * @module
 */

import { ExecutionCancelledError, KernelStartError } from "../errors.ts";
import type { KernelSession } from "../session.ts";
import {
  awaitKernelInfo,
  type ExecuteOptions,
  type ExecuteOutcome,
  executeWithinLimit,
  type KernelInfo,
  type RequestHost,
  type Settled,
  settleLateMessages,
  waitWatching,
} from "../requests.ts";
import { type ChannelsLoss, openWebSocketChannels, type WebSocketChannels, type WebSocketFormat } from "./channels.ts";
import { KernelServerError, RemoteKernelDiedError } from "./errors.ts";
import type { KernelServer, RemoteKernelspec } from "./server.ts";

/** Options for {@link startRemoteKernel}. */
export interface StartRemoteKernelOptions {
  server: KernelServer;
  /** Kernelspec name on the server (default `deno`). */
  name?: string;
  /** The kernel's folder relative to the server's root (Jupyter Server's `path`). */
  path?: string;
  /** Variables sent with the start request (Enterprise Gateway reads `KERNEL_*` ones, e.g. `KERNEL_WORKING_DIR`). */
  env?: Record<string, string>;
  /** WebSocket format (default `"auto"`: the binary v1 subprotocol when the server offers it). */
  format?: WebSocketFormat;
  /** Limit for the kernel to be started and answer `kernel_info_request`, in milliseconds (default 120 s). */
  startTimeoutMs?: number;
  /** How often, while a request waits, the server is asked whether the kernel still exists (default 3 s). */
  pollMs?: number;
  /** Cancels the start: the kernel is shut down and an {@link ExecutionCancelledError} thrown. */
  signal?: AbortSignal;
}

const live = new Set<RemoteKernel>();

/**
 * A kernel on a kernel server (see the module doc).
 *
 * @example
 * ```ts
 * const kernel = await startRemoteKernel({ server });
 * kernel.id; // the server's kernel id
 * ```
 */
export class RemoteKernel implements KernelSession {
  readonly server: KernelServer;
  readonly id: string;
  readonly spec: RemoteKernelspec;
  readonly channels: WebSocketChannels;
  #info: KernelInfo | undefined;
  #died: RemoteKernelDiedError | undefined;
  readonly #gone: Promise<never>;
  #markGone!: (error: RemoteKernelDiedError) => void;
  #stopped: Promise<void> | undefined;
  #lingering: (() => void)[] = [];
  readonly #pollMs: number;
  #polling = false;
  /** This kernel's channels and wait, for the flows it shares with local kernels (`requests.ts`). */
  readonly #host: RequestHost;

  constructor(server: KernelServer, id: string, spec: RemoteKernelspec, channels: WebSocketChannels, pollMs = 3000) {
    this.server = server;
    this.id = id;
    this.spec = spec;
    this.channels = channels;
    this.#pollMs = pollMs;
    this.#host = {
      channels,
      until: (promise, timeoutMs, signal, phase) => this.#until(promise, timeoutMs, signal, phase),
    };
    this.#gone = new Promise<never>((_resolve, reject) => (this.#markGone = reject));
    this.#gone.catch(() => {});
    channels.onLoss((loss) => void this.#onLoss(loss));
    live.add(this);
  }

  /** The kernel's `kernel_info_reply` content. */
  get info(): KernelInfo {
    if (!this.#info) throw new Error("the kernel has not answered kernel_info_request yet");
    return this.#info;
  }

  /** Liveness as the server reports it; a kernel elsewhere has no CPU figures here. */
  get process(): KernelSession["process"] {
    const running = !this.#died && !this.#stopped;
    return { running, cpuTicks: () => undefined, cpuQuiet: () => Promise.resolve(true) };
  }

  /** Why the kernel died, once it did. */
  get death(): RemoteKernelDiedError | undefined {
    return this.#died;
  }

  /** Waits for `kernel_info_reply` and for IOPub to deliver. */
  async waitReady(timeoutMs: number, signal?: AbortSignal): Promise<KernelInfo> {
    this.#info = await awaitKernelInfo(this.#host, timeoutMs, signal, {
      unanswered: (ms) =>
        new KernelStartError(
          `the kernel on ${this.server.address} did not answer kernel_info_request within ${ms / 1000} s`,
          "",
        ),
      silentIopub: (ms) =>
        new KernelStartError(`the kernel's IOPub channel published nothing within ${ms / 1000} s`, ""),
    });
    return this.#info;
  }

  /**
   * Runs code. Resolves with the reply; throws `CellTimeoutError`
   * (after interrupting, and shutting the kernel down when the interrupt is
   * not answered), a `KernelDiedError` when the kernel dies, and
   * {@link ExecutionCancelledError} when `signal` aborts.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    if (this.#died) throw this.#died;
    const outcome = await executeWithinLimit(
      this.#host,
      { interrupt: () => this.interrupt(), end: () => this.#stop() },
      this.#lingering,
      code,
      options,
    );
    if (outcome.reply.status === "error" && endsAsInterrupted(outcome.reply.evalue)) {
      // A server that shuts a kernel down (DELETE, culling) first interrupts it: with interrupt_mode "message"
      // the running cell ends in the kernel's bare "Execution failed" (QUIRKS.md), or now and then in an
      // "Uncaught null" thrown from Deno's timers, a moment before the kernel goes. Watch the server for that
      // moment, so that the failure says what happened.
      for (const wait of [0, 250, 500, 1000]) {
        if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
        await this.#poll();
        if (this.#died) throw this.#died;
      }
    }
    return outcome;
  }

  /**
   * Waits for a `kernel_info_request` round trip and its `idle`, then stops delivering to earlier handlers.
   * As with a local kernel, `timeoutMs` only bounds a kernel that does not answer: it returns when the round trip
   * ends (a busy machine can take over a second).
   */
  settle(timeoutMs = 5000): Promise<void> {
    return settleLateMessages(this.#host, this.process.running, this.#lingering, timeoutMs);
  }

  /** Interrupts the running cell (see the module doc for how). */
  interrupt(): void {
    if (this.spec.spec.interrupt_mode === "message") {
      this.server.interrupt(this.id).catch(() => {
        // The server is gone or the kernel with it: the pending wait reports that.
      });
      return;
    }
    try {
      this.channels.request("control", "interrupt_request", {});
    } catch {
      // The WebSocket is closed: the pending wait reports it.
    }
  }

  /** A WebSocket delivers whole messages: there is no garbled stream to start afresh. */
  resubscribeIopub(): Promise<boolean> {
    return Promise.resolve(this.process.running);
  }

  /**
   * Shuts the kernel down on the server (`DELETE /api/kernels/{id}`: the
   * server asks it, then kills it) and closes the WebSocket. A kernel the
   * server restarted after it died is shut down too. Safe to call more than
   * once. (The server decides how long the kernel gets; `graceMs` is for
   * the local kernel's sake.)
   */
  shutdown(_graceMs?: number): Promise<void> {
    return this.#stop();
  }

  #stop(): Promise<void> {
    this.#stopped ??= (async () => {
      for (const stop of this.#lingering.splice(0)) stop();
      // A kernel the server is restarting (it died) cannot be shut down until it is up again: Jupyter Server
      // 1.23 answers 500 meanwhile. Try again a few times, a little later each.
      for (const wait of [0, 500, 1000, 2000, 4000]) {
        if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
        try {
          await this.server.deleteKernel(this.id, 15_000);
          break;
        } catch (error) {
          if (!(error instanceof KernelServerError) || !(error.status && error.status >= 500)) break;
        }
      }
      this.channels.close();
      live.delete(this);
    })();
    return this.#stopped;
  }

  async #onLoss(loss: ChannelsLoss): Promise<void> {
    if (this.#stopped || this.#died) return;
    if (loss.kind === "status") {
      return this.#die(
        `the kernel died: the kernel server reported it ${loss.state} (its process exited — a cell called ` +
          `Deno.exit() or the kernel crashed)`,
      );
    }
    this.#die(
      await this.#whyUnreachable(`its WebSocket closed (code ${loss.code}${loss.reason ? `: ${loss.reason}` : ""})`),
    );
  }

  /** Asks the server about the kernel after its connection closed: gone (404), server unreachable, or only the socket. */
  async #whyUnreachable(fallback: string): Promise<string> {
    try {
      const model = await this.server.kernel(this.id, AbortSignal.timeout(5000));
      if (!model) return this.#notFound();
      return `the connection to the kernel was lost: ${fallback}`;
    } catch (error) {
      return `the connection to the kernel server was lost: ${(error as Error).message}`;
    }
  }

  #notFound(): string {
    return `the kernel is gone from the kernel server at ${this.server.address} (HTTP 404: it was shut down or culled there)`;
  }

  #die(why: string): void {
    if (this.#died || this.#stopped) return;
    this.#died = new RemoteKernelDiedError(why);
    this.#markGone(this.#died);
  }

  /** While a request waits: does the server still know the kernel? */
  async #poll(): Promise<void> {
    if (this.#polling || this.#died || this.#stopped) return;
    this.#polling = true;
    try {
      const model = await this.server.kernel(this.id);
      if (!model) this.#die(this.#notFound());
      else if (model.execution_state === "dead") this.#die("the kernel died: the kernel server reports it dead");
    } catch (error) {
      if (error instanceof KernelServerError && error.sticky) {
        this.#die(`the connection to the kernel server was lost: ${error.message}`);
      }
      // Otherwise a slow answer: ask again at the next tick.
    } finally {
      this.#polling = false;
    }
  }

  /** Waits for `promise`, at most `timeoutMs`, while watching the kernel's death and the abort signal. */
  #until<T>(
    promise: Promise<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    phase: "start" | "execute",
  ): Promise<Settled<T>> {
    return waitWatching(promise, timeoutMs, {
      signal,
      cancel: () => this.#cancel(),
      death: this.#gone.catch((error: RemoteKernelDiedError) =>
        signal?.aborted
          ? new ExecutionCancelledError()
          : phase === "start"
          ? new KernelStartError(error.message, "")
          : error
      ),
      alongside: () => {
        const timer = setInterval(() => void this.#poll(), this.#pollMs);
        return () => clearInterval(timer);
      },
    });
  }

  async #cancel(): Promise<never> {
    await this.#stop();
    throw new ExecutionCancelledError();
  }
}

/**
 * Starts a kernel on the server and waits until it answers. On any failure
 * the kernel is shut down on the server before the error is thrown.
 *
 * @example
 * ```ts
 * const kernel = await startRemoteKernel({ server, name: "deno", path: "notebooks" });
 * kernel.info.language_info.name; // "typescript"
 * await kernel.shutdown();
 * ```
 */
export async function startRemoteKernel(options: StartRemoteKernelOptions): Promise<RemoteKernel> {
  const { server, signal } = options;
  if (signal?.aborted) throw new ExecutionCancelledError();
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const started = performance.now();
  const left = () => Math.max(timeoutMs - (performance.now() - started), 1);
  const name = options.name ?? "deno";
  const spec = await server.kernelspec(name);
  // Not cancelled half-way: a kernel the server started must be known here to be shut down.
  const model = await server.startKernel({ name, path: options.path, env: options.env, timeoutMs });
  if (!model?.id) throw new KernelServerError(`the kernel server at ${server.address} started a kernel but gave no id`);
  if (signal?.aborted) {
    await server.deleteKernel(model.id).catch(() => {});
    throw new ExecutionCancelledError();
  }
  let channels: WebSocketChannels | undefined;
  let kernel: RemoteKernel | undefined;
  try {
    const session = crypto.randomUUID();
    try {
      channels = await openWebSocketChannels(server.channelsUrl(model.id, session), {
        session,
        headers: server.authHeaders,
        format: options.format,
        timeoutMs: left(),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw new ExecutionCancelledError();
      throw new KernelStartError(
        `cannot open the kernel's WebSocket on ${server.address}: ${server.redact((error as Error).message)}`,
        "",
      );
    }
    kernel = new RemoteKernel(server, model.id, spec, channels, options.pollMs);
    await kernel.waitReady(left(), signal);
    return kernel;
  } catch (error) {
    if (kernel) await kernel.shutdown();
    else {
      channels?.close();
      await server.deleteKernel(model.id).catch(() => {});
    }
    throw error;
  }
}

/**
 * Remote kernels started and not yet shut down.
 *
 * @example
 * ```ts
 * liveRemoteKernels().length; // 0 after a run
 * ```
 */
export function liveRemoteKernels(): readonly RemoteKernel[] {
  return [...live];
}

/**
 * Shuts down every remote kernel still running, waiting at most
 * `timeoutMs` (a second Ctrl-C does not wait longer); returns how many
 * were asked to stop.
 *
 * @example
 * ```ts
 * await stopAllRemoteKernels(1000);
 * ```
 */
export async function stopAllRemoteKernels(timeoutMs = 1000): Promise<number> {
  const kernels = [...live];
  if (kernels.length === 0) return 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(kernels.map((kernel) => kernel.shutdown(0))),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  return kernels.length;
}

/**
 * Whether an error reply's `evalue` is one the Deno kernel gives a cell
 * stopped by an interrupt rather than by its own code: the bare "Execution
 * failed", or an "Uncaught null" (seen when the interrupt lands while the cell
 * awaits a timer).
 */
function endsAsInterrupted(evalue: string | undefined): boolean {
  return evalue === "Execution failed" || /\bUncaught null\b/.test(evalue ?? "");
}
