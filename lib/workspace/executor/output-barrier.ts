/**
 * Keeps every cell's printed output on that cell. The Deno kernel (2.9)
 * relays what a cell writes to stdout and stderr asynchronously and stamps
 * each `stream` message with the request that is current when it relays
 * it: a cell that prints 50 MB at once has its output arrive seconds after
 * the cell finished, and the next cell's output is stamped with the cell
 * after it. So after each cell the executor runs a tiny request that writes
 * a unique marker to both streams (`store_history: false`: no execution
 * count is used); streams are relayed in order, so everything before the
 * marker belongs to the cell just run, whatever request it is stamped with.
 * (lib/workspace/kernel/QUIRKS.md, 2 and 3.)
 *
 * @example
 * ```ts
 * const barrier = new OutputBarrier();
 * const deliver = (m: JupyterMessage) => recorder.handle(index, m);
 * await kernel.execute(code, { onIopub: (m) => barrier.filter(m, deliver) });
 * await kernel.execute(barrier.code, { storeHistory: false, onIopub: (m) => barrier.filter(m, deliver) });
 * await barrier.passed(20_000); // true once both markers came through
 * ```
 * @module
 */

import type { KernelSession } from "../kernel/session.ts";
import type { JupyterMessage } from "../kernel/wire.ts";

type StreamName = "stdout" | "stderr";

/**
 * Output filter and completion signal for one cell (see the module doc).
 *
 * @example
 * ```ts
 * const barrier = new OutputBarrier();
 * barrier.code; // 'console.log("\u001b[claimbook-output-barrier:…]");\nconsole.error(…);'
 * ```
 */
export class OutputBarrier {
  /** The marker written to both streams: unlikely in any real output. */
  readonly marker: string;
  /** The code of the marker request. */
  readonly code: string;
  #seen = new Set<StreamName>();
  /** Text held back because it may be the start of a marker split across two messages. */
  #pending: Record<StreamName, { text: string; message?: JupyterMessage }> = {
    stdout: { text: "" },
    stderr: { text: "" },
  };
  #done = Promise.withResolvers<void>();

  constructor(id: string = crypto.randomUUID()) {
    // console.log and console.error: the kernel relays what they print (Deno.stdout.writeSync would go past it).
    this.marker = `\u001b[claimbook-output-barrier:${id}]\n`;
    const literal = JSON.stringify(this.marker.slice(0, -1));
    this.code = `console.log(${literal});\nconsole.error(${literal});`;
  }

  /**
   * Passes a message on to `deliver`, minus the markers (and the marker
   * request's own `execute_input`). Call it for the cell's messages and for
   * the marker request's alike.
   */
  filter(message: JupyterMessage, deliver: (message: JupyterMessage) => void): void {
    const type = message.header.msg_type;
    if (type === "execute_input" && message.content.code === this.code) return;
    if (type !== "stream") return deliver(message);
    const name = message.content.name === "stderr" ? "stderr" : "stdout";
    if (this.#seen.has(name)) return deliver(message);
    const pending = this.#pending[name];
    const text = pending.text + String(message.content.text ?? "");
    pending.text = "";
    const at = text.indexOf(this.marker);
    if (at !== -1) {
      const rest = text.slice(0, at) + text.slice(at + this.marker.length);
      if (rest) deliver(withText(message, rest));
      this.#seen.add(name);
      if (this.#seen.size === 2) this.#done.resolve();
      return;
    }
    // Hold back an ending that could be the first part of the marker.
    let keep = Math.min(this.marker.length - 1, text.length);
    while (keep > 0 && !this.marker.startsWith(text.slice(text.length - keep))) keep--;
    const now = text.slice(0, text.length - keep);
    if (keep > 0) this.#pending[name] = { text: text.slice(text.length - keep), message };
    if (now) deliver(withText(message, now));
  }

  /**
   * Waits until both markers came through (true), or `timeoutMs` passed
   * (false); then delivers any text held back.
   */
  async passed(timeoutMs: number, deliver: (message: JupyterMessage) => void): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const passed = await Promise.race([
      this.#done.promise.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    for (const name of ["stdout", "stderr"] as const) {
      const { text, message } = this.#pending[name];
      if (text && message) deliver(withText(message, text));
      this.#pending[name] = { text: "" };
    }
    return passed;
  }
}

function withText(message: JupyterMessage, text: string): JupyterMessage {
  return { ...message, content: { ...message.content, text } };
}

/**
 * Whether a cell needs the barrier: it kept the kernel busy (more than
 * `QUIET_CELL_TICKS` clock ticks of CPU, 10 ms each: enough to print the
 * megabytes whose relay outlasts the cell), or a message was rejected, or
 * the CPU time cannot be read. A cell below that prints too little for its
 * relay to lag past the next request, and pays nothing.
 *
 * @example
 * ```ts
 * if (needsBarrier(kernel, { rejectedBefore, cpuTicksBefore })) await collectLateOutput(…);
 * ```
 */
export function needsBarrier(
  kernel: Pick<BarrierKernel, "channels" | "process">,
  since: { rejectedBefore: number; cpuTicksBefore: number | undefined },
): boolean {
  const ticks = kernel.process.cpuTicks();
  if (ticks === undefined || since.cpuTicksBefore === undefined) return true;
  return ticks - since.cpuTicksBefore > QUIET_CELL_TICKS || kernel.channels.rejected.length > since.rejectedBefore;
}

/** CPU time (clock ticks) up to which a cell is taken not to have printed enough to delay its output. */
const QUIET_CELL_TICKS = 2;

/**
 * How long (ms) the kernel must use no CPU after a cell before the barrier's
 * request is sent: a kernel still preparing a large message is busy. The
 * load test `bench/output-barrier.ts` (recorded in bench/RESULTS.md) found
 * messages of 6 and 10 MB rejected about as often after a wait of 50, 20 or
 * 0 ms, and every other cell's output in place each time: 20 ms keeps a
 * margin and costs a render about 0.6 s of kernel time less than 50.
 */
export const KERNEL_QUIET_MS = 20;

/** What {@link collectLateOutput} needs of a kernel. */
export type BarrierKernel = Pick<KernelSession, "channels" | "process" | "execute" | "resubscribeIopub">;

/**
 * After a cell: waits until IOPub is quiet (a large message still arriving
 * is not interrupted by a new request, which the Deno kernel would garble),
 * then runs the barrier and waits for its markers. When an IOPub message
 * was rejected (during the cell, since `rejectedBefore`, or meanwhile), the
 * stream may be out of step: it is connected afresh and a new barrier is
 * run (twice at most). Returns whether the markers came through.
 *
 * @example
 * ```ts
 * const complete = await collectLateOutput(kernel, barrier, deliver, { timeoutMs: 20_000, rejectedBefore: 0 });
 * ```
 */
export async function collectLateOutput(
  kernel: BarrierKernel,
  first: OutputBarrier,
  deliver: (message: JupyterMessage) => void,
  options: {
    timeoutMs: number;
    /** Rejected messages counted before the cell started. */
    rejectedBefore: number;
    signal?: AbortSignal;
    /** How long the kernel must use no CPU before the barrier's request (default {@link KERNEL_QUIET_MS}). */
    quietMs?: number;
  },
): Promise<boolean> {
  let barrier = first;
  let outOfStep = kernel.channels.rejected.slice(options.rejectedBefore).some((r) => r.channel === "iopub");
  for (let attempt = 0; attempt < 3 && kernel.process.running; attempt++) {
    if (outOfStep) {
      barrier = new OutputBarrier();
      if (!(await kernel.resubscribeIopub(5000, options.signal))) return false;
    } else {
      // The kernel may still be preparing a large message (it signs and sends it after the cell's "idle"):
      // a request now would make it publish in the middle of that message.
      await kernel.process.cpuQuiet(options.quietMs ?? KERNEL_QUIET_MS, options.timeoutMs);
      await kernel.channels.iopubQuiet(5, options.timeoutMs);
    }
    const rejected = Promise.withResolvers<"rejected">();
    const stop = kernel.channels.watchRejected((_error, channel) => {
      if (channel === "iopub") rejected.resolve("rejected");
    });
    try {
      const current = barrier;
      await kernel.execute(current.code, {
        storeHistory: false,
        stopOnError: false,
        timeoutMs: options.timeoutMs,
        iopubGraceMs: 0,
        signal: options.signal,
        onIopub: (message) => current.filter(message, deliver),
      });
      const outcome = await Promise.race([current.passed(options.timeoutMs, deliver), rejected.promise]);
      if (outcome === true) return true;
      if (outcome === false) return false;
      await current.passed(0, deliver); // a rejection: flush what was held back, then start clean
      outOfStep = true;
    } finally {
      stop();
    }
  }
  return false;
}
