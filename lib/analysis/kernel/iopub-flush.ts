/**
 * From inside the Deno kernel: wait until everything the running cell has
 * displayed has been sent to the kernel's clients.
 *
 * Why: the Deno kernel (2.9) publishes displays from a queue of its own,
 * while the "idle" that ends a cell is sent directly. When the queue is
 * behind (large outputs, a client that reads slowly, a busy machine), "idle"
 * overtakes a display, and Jupyter front ends and `nbconvert --execute`,
 * which stop listening at "idle", drop it (QUIRKS.md 1). Sleeping a few
 * milliseconds after displaying is not enough under load.
 *
 * How: the kernel publishes each queued message to every subscriber, one
 * message after the other. This module subscribes to the kernel's own IOPub
 * (its address is in the connection file named by `--conn` on the kernel's
 * command line), queues a marker — a `status: busy` message, which the cell
 * is anyway, with a unique id in its metadata — and waits until the marker
 * comes back. Everything queued before it has then been written to every
 * client, before the cell can end.
 *
 * Where the address cannot be found (not Linux, another kernel) or the
 * subscription does not work, {@link flushDisplays} says so and the caller
 * falls back to a short sleep.
 *
 * @example
 * ```ts
 * await Deno.jupyter.display(verdict);
 * await flushDisplays(); // true: the display reached the clients
 * ```
 * @module
 */

import { connectZmtp, type ZmtpSocket } from "./zmtp.ts";

/** The part of `Deno.jupyter` used here. */
export interface Broadcaster {
  broadcast(
    msgType: string,
    content: Record<string, unknown>,
    extra?: { metadata?: Record<string, unknown> },
  ): Promise<void>;
}

/** Where a kernel publishes IOPub. */
export interface IopubAddress {
  host: string;
  port: number;
}

/**
 * Set to "1" in a kernel's environment by a client that keeps listening
 * after a cell's "idle" and so gets late displays anyway (claimbook's own
 * `KernelClient`, until `settle()`): `report()` then neither waits nor
 * subscribes.
 */
export const LATE_OUTPUT_COLLECTED_ENV = "CLAIMBOOK_LATE_OUTPUT_COLLECTED";

/**
 * Whether this kernel's client collects late displays itself (see
 * {@link LATE_OUTPUT_COLLECTED_ENV}).
 *
 * @example
 * ```ts
 * if (!lateOutputCollected()) await flushDisplays(Deno.jupyter);
 * ```
 */
export function lateOutputCollected(): boolean {
  try {
    return Deno.env.get(LATE_OUTPUT_COLLECTED_ENV) === "1";
  } catch {
    return false; // no permission to read the environment
  }
}

/** The metadata key that carries a marker's id. */
export const MARKER_KEY = "claimbook_flush";

/** How long {@link flushDisplays} waits for its marker before giving up (a client that reads very slowly). */
export const FLUSH_TIMEOUT_MS = 10_000;

/** While subscribing: the first wait before sending another marker, doubled each time up to the second. */
const FIRST_RESEND_MS = 5;
const MAX_RESEND_MS = 250;

/** The frame between routing frames and the signature of a Jupyter message. */
const DELIMITER = new TextEncoder().encode("<IDS|MSG>");
/** A marker's metadata is small; larger frames are not looked at. */
const MAX_MARKER_METADATA_BYTES = 256;

/**
 * The IOPub address of the kernel this code runs in: `--conn FILE` (or
 * `--conn=FILE`) on the process's command line, and the `ip` and
 * `iopub_port` of that connection file. Undefined when there is none, the
 * transport is not TCP, or either file cannot be read.
 *
 * @example
 * ```ts
 * kernelIopubAddress(); // { host: "127.0.0.1", port: 52011 } inside `deno jupyter --kernel --conn …`
 * ```
 */
export function kernelIopubAddress(
  readText: (path: string) => string = Deno.readTextFileSync,
): IopubAddress | undefined {
  try {
    const argv = readText("/proc/self/cmdline").split("\0");
    const at = argv.indexOf("--conn");
    const file = at >= 0 ? argv[at + 1] : argv.find((arg) => arg.startsWith("--conn="))?.slice("--conn=".length);
    if (!file) return undefined;
    const info = JSON.parse(readText(file));
    if ((info.transport ?? "tcp") !== "tcp" || !Number.isInteger(info.iopub_port)) return undefined;
    return { host: typeof info.ip === "string" && info.ip !== "" ? info.ip : "127.0.0.1", port: info.iopub_port };
  } catch {
    return undefined;
  }
}

/** The id in a message's metadata frame, if it is one of our markers. */
function markerOf(frames: Uint8Array[]): string | undefined {
  const delimiter = frames.findIndex((frame) =>
    frame.length === DELIMITER.length && frame.every((byte, i) => byte === DELIMITER[i])
  );
  // <IDS|MSG>, signature, header, parent header, metadata, content
  const metadata = delimiter >= 0 ? frames[delimiter + 4] : undefined;
  if (!metadata || metadata.length > MAX_MARKER_METADATA_BYTES) return undefined;
  try {
    const id = JSON.parse(new TextDecoder().decode(metadata))?.[MARKER_KEY];
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A subscription to a kernel's IOPub that sees markers come back.
 *
 * @example
 * ```ts
 * const watch = await IopubWatch.open({ host: "127.0.0.1", port }, Deno.jupyter);
 * await watch?.flush(); // true
 * ```
 */
export class IopubWatch {
  #socket?: ZmtpSocket;
  #jupyter: Broadcaster;
  #waiting = new Map<string, () => void>();
  #gaveUp = false;

  private constructor(jupyter: Broadcaster) {
    this.#jupyter = jupyter;
  }

  /**
   * Subscribes and waits until a marker comes back (the kernel starts
   * publishing to a subscriber once it has read its subscription).
   * Undefined when that fails within `subscribeTimeoutMs`: the connection
   * or handshake failed, or no marker came back.
   */
  static async open(
    address: IopubAddress,
    jupyter: Broadcaster,
    subscribeTimeoutMs: number = FLUSH_TIMEOUT_MS,
  ): Promise<IopubWatch | undefined> {
    const watch = new IopubWatch(jupyter);
    try {
      watch.#socket = await connectZmtp({
        host: address.host,
        port: address.port,
        socketType: "SUB",
        handshakeTimeoutMs: subscribeTimeoutMs,
        onMessage: (frames) => watch.#seen(frames),
      });
      await watch.#socket.subscribe();
    } catch {
      watch.close();
      return undefined;
    }
    if (await watch.#roundTrip(subscribeTimeoutMs, true)) return watch;
    watch.close();
    return undefined;
  }

  /** Whether the subscription has ended (the kernel closed it, or a marker never came back). */
  get closed(): boolean {
    return this.#socket?.closed ?? true;
  }

  /**
   * Whether a marker once failed to come back in time. Some client then
   * holds every message up (a stuck socket): rather than stall each later
   * `report()` as long, the watch closes and flushes nothing more.
   */
  get gaveUp(): boolean {
    return this.#gaveUp;
  }

  /**
   * Queues a marker behind everything displayed so far and waits (up to
   * `timeoutMs`) until it comes back. Whether it did.
   */
  async flush(timeoutMs: number = FLUSH_TIMEOUT_MS): Promise<boolean> {
    const back = await this.#roundTrip(timeoutMs, false);
    if (!back && !this.closed) {
      this.#gaveUp = true;
      this.close();
    }
    return back;
  }

  /** Ends the subscription. */
  close(): void {
    this.#socket?.close();
  }

  /**
   * Sends a marker and waits for it. While subscribing (`resend`), sends
   * more, further apart each time, and any of them coming back will do: the
   * kernel ignores a subscriber until it has read its subscription, and a
   * slow client can hold every marker up.
   */
  async #roundTrip(timeoutMs: number, resend: boolean): Promise<boolean> {
    if (this.closed) return false;
    const back = Promise.withResolvers<boolean>();
    const ids: string[] = [];
    const deadline = setTimeout(() => back.resolve(false), timeoutMs);
    try {
      for (let wait = FIRST_RESEND_MS;; wait = Math.min(2 * wait, MAX_RESEND_MS)) {
        const id = crypto.randomUUID();
        ids.push(id);
        this.#waiting.set(id, () => back.resolve(true));
        try {
          await this.#jupyter.broadcast("status", { execution_state: "busy" }, { metadata: { [MARKER_KEY]: id } });
        } catch {
          return false; // the kernel would not send it: no marker will come
        }
        if (!resend) return await back.promise;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const settled = await Promise.race([
          back.promise,
          new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), wait))),
        ]);
        clearTimeout(timer);
        if (settled !== undefined) return settled;
      }
    } finally {
      clearTimeout(deadline);
      for (const id of ids) this.#waiting.delete(id);
    }
  }

  #seen(frames: Uint8Array[]): void {
    const id = markerOf(frames);
    if (id !== undefined) this.#waiting.get(id)?.();
  }
}

let watching: Promise<IopubWatch | undefined> | undefined;

/**
 * Waits until everything displayed so far has been sent to the kernel's
 * clients (see the module doc). The subscription is made once per kernel
 * and kept. Returns false when that cannot be known (no address, no
 * subscription, or no marker back within `timeoutMs` — after which this
 * kernel's flushes stop, see {@link IopubWatch.gaveUp}): the caller should
 * then wait a little instead.
 *
 * @example
 * ```ts
 * for (const item of items) await Deno.jupyter.display(item);
 * if (!(await flushDisplays(Deno.jupyter))) await new Promise((r) => setTimeout(r, 10));
 * ```
 */
export async function flushDisplays(jupyter: Broadcaster, timeoutMs = FLUSH_TIMEOUT_MS): Promise<boolean> {
  try {
    watching ??= (async () => {
      const address = kernelIopubAddress();
      return address ? await IopubWatch.open(address, jupyter) : undefined;
    })();
    let watch = await watching;
    if (watch?.closed && !watch.gaveUp) {
      // The kernel dropped the subscription: make a new one next time.
      watching = undefined;
      watch = undefined;
    }
    return watch && !watch.closed ? await watch.flush(timeoutMs) : false;
  } catch {
    return false; // never fail a report() for this: the caller waits a little instead
  }
}
