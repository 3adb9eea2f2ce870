/**
 * Where a kernel's incoming messages go, whatever carries them (ZeroMQ
 * sockets for a local kernel, a WebSocket for a kernel server's): a reply
 * settles the request whose `msg_id` is its parent; an IOPub message goes to
 * every all-IOPub handler and to the watcher of its parent request. Both
 * channel classes route through this, so they cannot drift apart.
 *
 * @example
 * ```ts
 * const router = new MessageRouter();
 * const reply = router.expectReply(msgId);
 * router.deliver("shell", message, (error) => console.error(error)); // settles `reply`
 * ```
 * @module
 */

import type { JupyterMessage } from "./wire.ts";

/** A handler of IOPub messages. */
export type MessageHandler = (message: JupyterMessage) => void;

interface Waiter {
  resolve: (message: JupyterMessage) => void;
  reject: (error: Error) => void;
}

/** Replies awaited and IOPub handlers of one kernel connection (see the module doc). */
export class MessageRouter {
  #replies = new Map<string, Waiter>();
  #watchers = new Map<string, MessageHandler>();
  #anyIopub = new Set<MessageHandler>();

  /**
   * The reply to the request `msgId`, once it arrives. A caller may stop
   * waiting (a timeout, a dead kernel): its later rejection is then expected.
   */
  expectReply(msgId: string): Promise<JupyterMessage> {
    const reply = new Promise<JupyterMessage>((resolve, reject) => this.#replies.set(msgId, { resolve, reject }));
    reply.catch(() => {});
    return reply;
  }

  /** Fails the awaited reply of `msgId` (its request could not be sent). */
  failReply(msgId: string, error: Error): void {
    this.#replies.get(msgId)?.reject(error);
    this.#replies.delete(msgId);
  }

  /** Delivers every IOPub message whose parent is `msgId` to `handler`, until the returned function is called. */
  watch(msgId: string, handler: MessageHandler): () => void {
    this.#watchers.set(msgId, handler);
    return () => {
      if (this.#watchers.get(msgId) === handler) this.#watchers.delete(msgId);
    };
  }

  /** Delivers every IOPub message to `handler`, until the returned function is called. */
  watchAll(handler: MessageHandler): () => void {
    this.#anyIopub.add(handler);
    return () => this.#anyIopub.delete(handler);
  }

  /**
   * Routes one message that arrived on `channel`. A handler that throws loses
   * that message for its own purpose only (reported to `onHandlerError`): the
   * other handlers, and the channel, go on.
   */
  deliver(channel: string, message: JupyterMessage, onHandlerError: (error: Error) => void): void {
    const parent = message.parent_header?.msg_id;
    if (channel === "iopub") {
      for (const handler of [...this.#anyIopub, ...(parent ? [this.#watchers.get(parent)] : [])]) {
        try {
          handler?.(message);
        } catch (error) {
          onHandlerError(
            new Error(`a ${message.header.msg_type} message could not be recorded: ${(error as Error).message}`),
          );
        }
      }
      return;
    }
    if (!parent) return;
    const waiter = this.#replies.get(parent);
    if (!waiter) return;
    this.#replies.delete(parent);
    waiter.resolve(message);
  }

  /** Rejects every awaited reply with `reason` and forgets every handler (the connection is closed). */
  close(reason: string): void {
    for (const waiter of this.#replies.values()) waiter.reject(new Error(reason));
    this.#replies.clear();
    this.#watchers.clear();
    this.#anyIopub.clear();
  }
}
