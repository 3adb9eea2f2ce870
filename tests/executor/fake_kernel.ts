/**
 * A fake kernel for the channel tests: ZMTP listeners on 127.0.0.1 for shell,
 * control and IOPub that hand each request to a test-supplied handler, which
 * answers with whatever frames it likes (forged ones included).
 *
 * @module
 */

import type { ConnectionInfo } from "../../lib/workspace/kernel/connection.ts";
import { randomKey } from "../../lib/workspace/kernel/connection.ts";
import {
  encodeCommand,
  encodeMessageFrames,
  parseCommand,
  ZmtpDecoder,
  zmtpGreeting,
} from "../../lib/analysis/kernel/zmtp.ts";

/** Answers one request: `send` writes a message (its frames) back to the client. */
export type RequestHandler = (
  channel: "shell" | "control",
  frames: Uint8Array[],
  send: (frames: Uint8Array[]) => Promise<void>,
) => void | Promise<void>;

/** A running fake kernel. */
export interface FakeKernel {
  info: ConnectionInfo;
  /** Messages published to every IOPub subscriber. */
  publish(frames: Uint8Array[]): Promise<void>;
  /** Resolves once an IOPub subscription has arrived (messages published before it are dropped, as ZeroMQ does). */
  subscribed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a fake kernel; with `ports`, listens on those (to test connecting before the kernel is up).
 *
 * @example
 * ```ts
 * const kernel = await startFakeKernel((channel, frames, send) => send(frames));
 * ```
 */
export function startFakeKernel(
  handler: RequestHandler,
  options: { key?: string; ports?: { shell: number; control: number; iopub: number } } = {},
): Promise<FakeKernel> {
  const listeners = {
    shell: Deno.listen({ hostname: "127.0.0.1", port: options.ports?.shell ?? 0 }),
    control: Deno.listen({ hostname: "127.0.0.1", port: options.ports?.control ?? 0 }),
    iopub: Deno.listen({ hostname: "127.0.0.1", port: options.ports?.iopub ?? 0 }),
  };
  const conns = new Set<Deno.Conn>();
  const subscribers = new Set<Deno.Conn>();
  const firstSubscriber = Promise.withResolvers<void>();
  const tasks: Promise<void>[] = [];
  const write = async (conn: Deno.Conn, bytes: Uint8Array) => {
    let offset = 0;
    while (offset < bytes.length) offset += await conn.write(bytes.subarray(offset));
  };
  const serve = (name: "shell" | "control" | "iopub", listener: Deno.Listener) => {
    tasks.push(
      (async () => {
        for await (const conn of listener) {
          conns.add(conn);
          tasks.push((async () => {
            const socketType = name === "iopub" ? "PUB" : "ROUTER";
            await write(
              conn,
              new Uint8Array([...zmtpGreeting(), ...encodeCommand("READY", { "Socket-Type": socketType })]),
            );
            const decoder = new ZmtpDecoder();
            let message: Uint8Array[] = [];
            try {
              for await (const chunk of conn.readable) {
                decoder.push(chunk);
                for (let frame = decoder.next(); frame; frame = decoder.next()) {
                  if (frame.command) {
                    parseCommand(frame.body);
                    continue;
                  }
                  message.push(frame.body);
                  if (frame.more) continue;
                  const complete = message;
                  message = [];
                  if (name === "iopub") {
                    if (complete[0]?.[0] === 1) {
                      subscribers.add(conn);
                      firstSubscriber.resolve();
                    }
                  } else {
                    await handler(name, complete, (frames) => write(conn, encodeMessageFrames(frames)));
                  }
                }
              }
            } catch {
              // The client went away.
            } finally {
              conns.delete(conn);
              subscribers.delete(conn);
            }
          })());
        }
      })().catch(() => {}),
    );
  };
  serve("shell", listeners.shell);
  serve("control", listeners.control);
  serve("iopub", listeners.iopub);
  const port = (l: Deno.Listener) => (l.addr as Deno.NetAddr).port;
  return Promise.resolve({
    info: {
      ip: "127.0.0.1",
      transport: "tcp",
      shell_port: port(listeners.shell),
      control_port: port(listeners.control),
      iopub_port: port(listeners.iopub),
      stdin_port: 0,
      hb_port: 0,
      key: options.key ?? randomKey(),
      signature_scheme: "hmac-sha256",
      kernel_name: "fake",
    },
    publish: async (frames) => {
      for (const conn of subscribers) await write(conn, encodeMessageFrames(frames));
    },
    subscribed: () => firstSubscriber.promise,
    close: async () => {
      for (const listener of Object.values(listeners)) listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // Already closed.
        }
      }
      await Promise.allSettled(tasks);
    },
  });
}
