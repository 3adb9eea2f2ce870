/**
 * A kernel's channels over a kernel server's WebSocket
 * (`/api/kernels/{id}/channels`): the same surface as the ZeroMQ
 * {@link KernelChannels} the executor uses (requests matched to replies on
 * the parent `msg_id`, IOPub delivered to the watcher of the request that
 * caused it, rejected frames counted), plus what only a server tells: a
 * kernel `dead` or `restarting`, and a connection that closed.
 *
 * The binary subprotocol `v1.kernel.websocket.jupyter.org` is asked for;
 * a server that does not offer it gets the JSON format.
 *
 * @example
 * ```ts
 * const channels = await openWebSocketChannels(server.channelsUrl(id, session), { headers: server.authHeaders });
 * const { reply } = channels.request("shell", "kernel_info_request", {});
 * (await reply).content.protocol_version; // "5.3"
 * channels.close();
 * ```
 * @module
 */

import type { KernelChannels, RequestChannel, SentRequest } from "../channels.ts";
import { createMessage, type JupyterMessage } from "../wire.ts";
import { decodeFrame, encodeFrame, V1_SUBPROTOCOL } from "./ws-codec.ts";
import { MessageRouter } from "../router.ts";

/** Which WebSocket format to ask for. */
export type WebSocketFormat = "auto" | "json";

/** Options for {@link openWebSocketChannels}. */
export interface WebSocketChannelsOptions {
  /** Session id of this client (default: random). */
  session?: string;
  /** Headers of the upgrade request (the token). */
  headers?: Record<string, string>;
  /** `"auto"` (default) asks for the binary v1 subprotocol; `"json"` asks for none. */
  format?: WebSocketFormat;
  /** Limit for the connection to open, in milliseconds (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Why the channels can no longer reach the kernel. */
export type ChannelsLoss =
  | { kind: "status"; state: "dead" | "restarting" }
  | { kind: "closed"; code: number; reason: string };

/**
 * Open WebSocket channels to one kernel (see the module doc).
 *
 * @example
 * ```ts
 * channels.onLoss((loss) => console.error(loss.kind));
 * ```
 */
export class WebSocketChannels implements Pick<KernelChannels, "request" | "watch" | "watchAll" | "close"> {
  readonly session: string;
  readonly #socket: WebSocket;
  #router = new MessageRouter();
  #rejected: { error: Error; channel: string }[] = [];
  #rejectionWatchers = new Set<(error: Error, channel: string) => void>();
  #lossWatchers = new Set<(loss: ChannelsLoss) => void>();
  #loss: ChannelsLoss | undefined;
  #closed = false;
  #lastIopubAt = performance.now();

  constructor(socket: WebSocket, session: string) {
    this.#socket = socket;
    this.session = session;
    socket.binaryType = "arraybuffer";
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onclose = (event) => this.#lose({ kind: "closed", code: event.code, reason: event.reason });
  }

  /** The format agreed with the server: {@link V1_SUBPROTOCOL}, or `""` for JSON. */
  get protocol(): string {
    return this.#socket.protocol;
  }

  /** Frames that could not be read, with their channel. */
  get rejected(): readonly { error: Error; channel: string }[] {
    return this.#rejected;
  }

  /** Why the kernel can no longer be reached, once it cannot. */
  get loss(): ChannelsLoss | undefined {
    return this.#loss;
  }

  /** Calls `handler` once when the kernel is reported dead or restarting, or the connection closes. */
  onLoss(handler: (loss: ChannelsLoss) => void): () => void {
    if (this.#loss) {
      handler(this.#loss);
      return () => {};
    }
    this.#lossWatchers.add(handler);
    return () => this.#lossWatchers.delete(handler);
  }

  /** Sends a request; the reply is matched on its parent `msg_id`. */
  request(channel: RequestChannel, msgType: string, content: object, msgId?: string): SentRequest {
    if (this.#closed || this.#loss) throw new Error(`cannot send ${msgType}: the kernel's WebSocket is closed`);
    const message = createMessage(msgType, content, { session: this.session });
    if (msgId) message.header.msg_id = msgId;
    const reply = this.#router.expectReply(message.header.msg_id);
    try {
      this.#socket.send(encodeFrame(message, channel, this.protocol));
    } catch (error) {
      this.#router.failReply(message.header.msg_id, error as Error);
    }
    return { msgId: message.header.msg_id, reply };
  }

  /** Delivers every IOPub message whose parent is `msgId` to `handler`, until the returned function is called. */
  watch(msgId: string, handler: (message: JupyterMessage) => void): () => void {
    return this.#router.watch(msgId, handler);
  }

  /** Delivers every IOPub message to `handler`. */
  watchAll(handler: (message: JupyterMessage) => void): () => void {
    return this.#router.watchAll(handler);
  }

  /** Calls `handler` for every frame rejected from now on, until the returned function is called. */
  watchRejected(handler: (error: Error, channel: string) => void): () => void {
    this.#rejectionWatchers.add(handler);
    return () => this.#rejectionWatchers.delete(handler);
  }

  /**
   * Waits until no IOPub message has arrived for `quietMs` (at most `maxMs`).
   * A WebSocket delivers whole messages: none is ever partly received.
   */
  async iopubQuiet(quietMs: number, maxMs: number): Promise<boolean> {
    const deadline = performance.now() + maxMs;
    for (;;) {
      const silentFor = performance.now() - this.#lastIopubAt;
      if (this.#closed || this.#loss || silentFor >= quietMs) return true;
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, quietMs - silentFor)));
    }
  }

  /** Closes the connection; pending replies are rejected. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#router.close("the kernel's WebSocket was closed");
    this.#lossWatchers.clear();
    try {
      this.#socket.close(1000);
    } catch {
      // already closing
    }
  }

  #receive(data: unknown): void {
    let channel = "?";
    let message: JupyterMessage;
    try {
      ({ channel, message } = decodeFrame(data as string | ArrayBuffer, this.protocol));
    } catch (error) {
      this.#reject(error as Error, channel);
      return;
    }
    if (channel === "iopub") {
      this.#lastIopubAt = performance.now();
      const state = message.header.msg_type === "status" ? message.content.execution_state : undefined;
      // The server's own news: the kernel process exited (it is being restarted, or could not be).
      if (state === "dead" || state === "restarting") this.#lose({ kind: "status", state });
    }
    this.#router.deliver(channel, message, (error) => this.#reject(error, channel));
  }

  #reject(error: Error, channel: string): void {
    this.#rejected.push({ error, channel });
    for (const watcher of this.#rejectionWatchers) watcher(error, channel);
  }

  #lose(loss: ChannelsLoss): void {
    if (this.#loss || this.#closed) return;
    this.#loss = loss;
    for (const watcher of [...this.#lossWatchers]) watcher(loss);
    this.#lossWatchers.clear();
  }
}

/**
 * Opens the WebSocket of a kernel's channels (see the module doc); throws
 * when the server refuses the upgrade or time runs out.
 *
 * @example
 * ```ts
 * const channels = await openWebSocketChannels(url, { headers: { Authorization: `token ${token}` } });
 * channels.protocol; // "v1.kernel.websocket.jupyter.org" on Jupyter Server ≥ 1.17
 * ```
 */
export async function openWebSocketChannels(
  url: string,
  options: WebSocketChannelsOptions = {},
): Promise<WebSocketChannels> {
  const session = options.session ?? new URL(url).searchParams.get("session_id") ?? crypto.randomUUID();
  const protocols = options.format === "json" ? [] : [V1_SUBPROTOCOL];
  // Deno's WebSocket takes headers: the token travels in the upgrade request, not in the address. (Typed as the
  // DOM's constructor wherever a module of the check references the DOM library, which knows only protocols.)
  const init = { protocols, headers: options.headers ?? {} };
  const socket = new WebSocket(url, init as unknown as string[]);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => socket.close();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = (event) => reject(new Error((event as ErrorEvent).message || "the WebSocket failed"));
      socket.onclose = (event) => reject(new Error(`the WebSocket closed (code ${event.code}) before it opened`));
      timer = setTimeout(() => {
        reject(new Error(`the WebSocket did not open within ${timeoutMs / 1000} s`));
        socket.close();
      }, timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    socket.onopen = socket.onerror = null;
  }
  return new WebSocketChannels(socket, session);
}
