/**
 * The client ends of a kernel's channels: shell and control (DEALER,
 * request/reply matched on the parent `msg_id`) and IOPub (SUB, delivered to
 * the watcher of the request that caused it). Every incoming message is
 * verified with the connection key; rejected messages are counted and
 * reported, never delivered.
 *
 * @example
 * ```ts
 * const channels = await connectChannels(info);
 * const { reply } = channels.request("shell", "kernel_info_request", {});
 * (await reply).content.protocol_version; // "5.3"
 * channels.close();
 * ```
 * @module
 */

import type { ConnectionInfo } from "./connection.ts";
import { createMessage, decodeMessage, encodeMessage, type JupyterMessage, MessageSigner } from "./wire.ts";
import { connectZmtp, type ZmtpSocket } from "../../analysis/kernel/zmtp.ts";
import { MessageRouter } from "./router.ts";

/** The request channels. */
export type RequestChannel = "shell" | "control";

/** A request that was sent, and its reply to come. */
export interface SentRequest {
  msgId: string;
  /** Resolves with the reply; rejects if the channels close first. */
  reply: Promise<JupyterMessage>;
}

/** Options for {@link connectChannels}. */
export interface ChannelsOptions {
  /** Session id of this client (default: random). */
  session?: string;
  /** Called for every message that failed verification (bad signature, bad frames). */
  onRejected?: (error: Error, channel: string) => void;
  /** Keep retrying refused connections while this returns true (e.g. while the kernel process runs). */
  retryWhile?: () => boolean;
  /** Stops connecting. */
  signal?: AbortSignal;
}

/**
 * Open channels to one kernel.
 *
 * @example
 * ```ts
 * const channels = await connectChannels(info);
 * channels.request("shell", "kernel_info_request", {});
 * ```
 */
export class KernelChannels {
  readonly session: string;
  #signer: MessageSigner;
  #sockets: { shell?: ZmtpSocket; control?: ZmtpSocket; iopub?: ZmtpSocket } = {};
  #router = new MessageRouter();
  #rejected: { error: Error; channel: string }[] = [];
  #onRejected?: (error: Error, channel: string) => void;
  #closed = false;
  #lostChannels = new Set<string>();
  #rejectionWatchers = new Set<(error: Error, channel: string) => void>();
  #info: ConnectionInfo | undefined;
  #options: ChannelsOptions = {};

  constructor(key: string, options: ChannelsOptions = {}) {
    this.session = options.session ?? crypto.randomUUID();
    this.#signer = new MessageSigner(key);
    this.#onRejected = options.onRejected;
  }

  /** Messages rejected so far (bad signature or bad frames), with their channel. */
  get rejected(): readonly { error: Error; channel: string }[] {
    return this.#rejected;
  }

  /** Connects the three sockets and subscribes to all of IOPub. */
  async open(info: ConnectionInfo, options: ChannelsOptions = {}): Promise<void> {
    this.#info = info;
    this.#options = options;
    const connect = (port: number, socketType: "DEALER" | "SUB", channel: "shell" | "control" | "iopub") =>
      this.#connect(port, socketType, channel, options.signal);
    // While the kernel boots every attempt is refused; only the shell socket waits for it (each refusal costs
    // this process CPU), then the others, whose ports the kernel has bound by then, connect at once.
    const first = await Promise.allSettled([connect(info.shell_port, "DEALER", "shell")]);
    const results = first[0].status === "rejected" ? first : await Promise.allSettled([
      Promise.resolve(first[0].value),
      connect(info.control_port, "DEALER", "control"),
      connect(info.iopub_port, "SUB", "iopub"),
    ]);
    const [shell, control, iopub] = results.map((r) => (r.status === "fulfilled" ? r.value : undefined));
    this.#sockets = { shell, control, iopub };
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    if (this.#closed || !iopub) {
      this.close();
      throw new Error("the kernel channels were closed while connecting");
    }
    await iopub.subscribe();
  }

  #connect(
    port: number,
    socketType: "DEALER" | "SUB",
    channel: "shell" | "control" | "iopub",
    signal?: AbortSignal,
  ): Promise<ZmtpSocket> {
    let socket: ZmtpSocket | undefined;
    const connecting = connectZmtp({
      host: this.#info!.ip,
      port,
      socketType,
      retryWhile: () => !this.#closed && (this.#options.retryWhile?.() ?? true),
      signal,
      onMessage: (frames) => this.#receive(frames, channel),
      onHandlerError: (error) => this.#reject(new Error(`a message could not be handled: ${error.message}`), channel),
      // Only the socket in use counts: an IOPub connection replaced by resubscribeIopub() is not a lost channel.
      onClose: () => {
        if (!socket || this.#sockets[channel] === socket) this.#lost(channel);
      },
    });
    return connecting.then((connected) => (socket = connected));
  }

  /**
   * Replaces the IOPub connection with a fresh one and subscribes again.
   * The Deno kernel can garble its IOPub stream (a very large message
   * published while another is being sent; QUIRKS.md, 3); a new connection starts clean.
   * Messages published while no connection is subscribed are lost.
   */
  async resubscribeIopub(): Promise<void> {
    if (this.#closed || !this.#info) throw new Error("the kernel channels are not open");
    const old = this.#sockets.iopub;
    const fresh = await this.#connect(this.#info.iopub_port, "SUB", "iopub");
    this.#sockets.iopub = fresh;
    old?.close();
    if (this.#closed) {
      fresh.close();
      throw new Error("the kernel channels were closed while connecting");
    }
    await fresh.subscribe();
  }

  /**
   * Waits until IOPub is quiet: no partly received message, and no bytes for
   * `quietMs` (at most `maxMs` in all). Returns whether it became quiet.
   */
  async iopubQuiet(quietMs: number, maxMs: number): Promise<boolean> {
    const deadline = performance.now() + maxMs;
    for (;;) {
      const socket = this.#sockets.iopub;
      if (!socket || socket.closed) return true;
      const silentFor = performance.now() - socket.lastReceivedAt;
      if (socket.pendingBytes === 0 && silentFor >= quietMs) return true;
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.max(5, quietMs - silentFor)));
    }
  }

  /** Calls `handler` for every message rejected from now on, until the returned function is called. */
  watchRejected(handler: (error: Error, channel: string) => void): () => void {
    this.#rejectionWatchers.add(handler);
    return () => this.#rejectionWatchers.delete(handler);
  }

  /**
   * Sends a request; the reply is matched on its parent `msg_id`. Register
   * IOPub watchers with {@link watch} before sending, with the id passed here.
   */
  request(channel: RequestChannel, msgType: string, content: object, msgId?: string): SentRequest {
    const socket = this.#sockets[channel];
    if (this.#closed || !socket) throw new Error(`cannot send ${msgType}: the kernel channels are not open`);
    const message = createMessage(msgType, content, { session: this.session });
    if (msgId) message.header.msg_id = msgId;
    const reply = this.#router.expectReply(message.header.msg_id);
    socket.send(encodeMessage(message, this.#signer)).catch((error) => {
      this.#router.failReply(message.header.msg_id, error as Error);
    });
    return { msgId: message.header.msg_id, reply };
  }

  /** Delivers every IOPub message whose parent is `msgId` to `handler`, until the returned function is called. */
  watch(msgId: string, handler: (message: JupyterMessage) => void): () => void {
    return this.#router.watch(msgId, handler);
  }

  /** Delivers every IOPub message to `handler` (used to learn that the subscription is live). */
  watchAll(handler: (message: JupyterMessage) => void): () => void {
    return this.#router.watchAll(handler);
  }

  /** Closes the connections; pending replies are rejected. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#router.close("the kernel channels were closed");
    for (const socket of Object.values(this.#sockets)) socket?.close();
  }

  #receive(frames: Uint8Array[], channel: "shell" | "control" | "iopub"): void {
    let message: JupyterMessage;
    try {
      message = decodeMessage(frames, this.#signer);
    } catch (error) {
      this.#reject(error as Error, channel);
      return;
    }
    this.#router.deliver(channel, message, (error) => this.#reject(error, channel));
  }

  #reject(error: Error, channel: string): void {
    this.#rejected.push({ error, channel });
    this.#onRejected?.(error, channel);
    for (const watcher of this.#rejectionWatchers) watcher(error, channel);
  }

  #lost(channel: string): void {
    // The kernel went away. Pending replies are not rejected here: whoever
    // waits learns it from the process exit, with the exit status and stderr.
    if (!this.#closed) this.#lostChannels.add(channel);
  }

  /** Channels the kernel has closed (a sign that it is exiting). */
  get lostChannels(): ReadonlySet<string> {
    return this.#lostChannels;
  }
}

/**
 * Connects to a kernel's shell, control and IOPub channels. The kernel may
 * not have bound its ports yet: refused connections are retried every 10 ms
 * while `retryWhile` (e.g. "the kernel process is running") holds.
 *
 * @example
 * ```ts
 * const channels = await connectChannels(file.info, { retryWhile: () => kernel.running });
 * ```
 */
export async function connectChannels(info: ConnectionInfo, options: ChannelsOptions = {}): Promise<KernelChannels> {
  const channels = new KernelChannels(info.key, options);
  try {
    await channels.open(info, options);
  } catch (error) {
    channels.close();
    throw error;
  }
  return channels;
}
