/**
 * The parts of a request that local and remote kernels share: the content of
 * an `execute_request`, and watching a request's IOPub messages until its
 * `idle`.
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
import type { JupyterMessage } from "./wire.ts";

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
