/**
 * The client side of ZeroMQ's wire protocol (ZMTP 3.0, RFC 23, NULL
 * security mechanism) over a Deno TCP connection: just enough to be a DEALER
 * or a SUB socket connected to one kernel. It lives under `lib/analysis`
 * because both sides use it: the kernel client (`lib/workspace/kernel`) and,
 * inside the kernel, `report()`, which watches the kernel's own IOPub
 * (`iopub-flush.ts`).
 *
 * Why not `npm:zeromq`: under Deno 2.9 its native poller loses wake-ups — a
 * receive that is pending when the reply arrives (or a request queued before
 * the kernel bound its port) never resolves, measured with the Deno kernel.
 * A kernel client must always have a receive pending on IOPub while it waits
 * on shell, so we speak the (small, stable) protocol directly; every byte
 * then flows through Deno's own event loop.
 *
 * @example
 * ```ts
 * const socket = await connectZmtp({ port: 52011, socketType: "DEALER", onMessage: (frames) => console.log(frames.length) });
 * await socket.send([new TextEncoder().encode("hello")]);
 * socket.close();
 * ```
 * @module
 */

/** The socket types this client can be. */
export type ZmtpSocketType = "DEALER" | "SUB";

/** Options for {@link connectZmtp}. */
export interface ZmtpConnectOptions {
  /** Default 127.0.0.1. */
  host?: string;
  port: number;
  socketType: ZmtpSocketType;
  /** Called with the frames of every complete incoming message. */
  onMessage: (frames: Uint8Array[]) => void;
  /** Called once when the connection ends (with the error, if it ended by one). */
  onClose?: (error?: Error) => void;
  /** Keep retrying a refused connection while this returns true (the kernel may not have bound yet). */
  retryWhile?: () => boolean;
  /** Milliseconds between connection attempts (default 10, as a short ZMQ reconnect interval). */
  retryIntervalMs?: number;
  /** Stops connecting (and the handshake). */
  signal?: AbortSignal;
  /** How long the peer may take, once connected, to complete the handshake (default 10 s). */
  handshakeTimeoutMs?: number;
  /** The largest frame accepted (default {@link DEFAULT_MAX_FRAME_BYTES}); a larger one ends the connection with an error. */
  maxFrameBytes?: number;
  /** Called when `onMessage` throws; the connection goes on (default: the error is ignored). */
  onHandlerError?: (error: Error) => void;
}

/**
 * The largest frame accepted by default: 1 GiB. A Jupyter message that big
 * is not an output anyone can use; an 8-byte length above it means the
 * stream is out of step (or not ZMTP), and waiting for that many bytes
 * would grow the buffer without bound.
 *
 * @example
 * ```ts
 * await connectZmtp({ port, socketType: "SUB", onMessage, maxFrameBytes: DEFAULT_MAX_FRAME_BYTES });
 * ```
 */
export const DEFAULT_MAX_FRAME_BYTES = 1024 ** 3;

/**
 * Raised when the peer breaks the protocol or refuses the handshake.
 *
 * @example
 * ```ts
 * new ZmtpDecoder().push(new Uint8Array(64)); // next() then throws ZmtpError: not a ZeroMQ socket
 * ```
 */
export class ZmtpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZmtpError";
  }
}

const MORE = 0x01;
const LONG = 0x02;
const COMMAND = 0x04;
const GREETING_LENGTH = 64;
const encoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * Our greeting: signature, version 3.0, mechanism NULL, as-server 0, filler.
 *
 * @example
 * ```ts
 * zmtpGreeting().length; // 64
 * ```
 */
export function zmtpGreeting(): Uint8Array {
  const greeting = new Uint8Array(GREETING_LENGTH);
  greeting[0] = 0xff;
  greeting[9] = 0x7f;
  greeting[10] = 3;
  greeting[11] = 0;
  greeting.set(encoder.encode("NULL"), 12);
  return greeting;
}

/**
 * One frame on the wire: flags, 1- or 8-byte length, body.
 *
 * @example
 * ```ts
 * encodeFrame(new Uint8Array([1, 2]), { more: false, command: false }); // Uint8Array [0, 2, 1, 2]
 * ```
 */
export function encodeFrame(body: Uint8Array, options: { more: boolean; command: boolean }): Uint8Array {
  const long = body.length > 255;
  const header = long ? 9 : 2;
  const out = new Uint8Array(header + body.length);
  out[0] = (options.more ? MORE : 0) | (options.command ? COMMAND : 0) | (long ? LONG : 0);
  if (long) new DataView(out.buffer).setBigUint64(1, BigInt(body.length));
  else out[1] = body.length;
  out.set(body, header);
  return out;
}

/**
 * A command body: name, then properties as name/value pairs (RFC 23 metadata).
 *
 * @example
 * ```ts
 * encodeCommand("READY", { "Socket-Type": "DEALER" });
 * ```
 */
export function encodeCommand(name: string, properties: Record<string, string> = {}): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(name.length), encoder.encode(name)];
  for (const [key, value] of Object.entries(properties)) {
    const valueBytes = encoder.encode(value);
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, valueBytes.length);
    parts.push(Uint8Array.of(key.length), encoder.encode(key), size, valueBytes);
  }
  return encodeFrame(concat(parts), { more: false, command: true });
}

/**
 * All frames of one multipart message, ready to write.
 *
 * @example
 * ```ts
 * encodeMessageFrames([a, b]).length === a.length + b.length + 4; // true for short frames
 * ```
 */
export function encodeMessageFrames(frames: readonly Uint8Array[]): Uint8Array {
  if (frames.length === 0) throw new ZmtpError("a message needs at least one frame");
  return concat(frames.map((frame, i) => encodeFrame(frame, { more: i < frames.length - 1, command: false })));
}

/**
 * A connected, handshaken socket.
 *
 * @example
 * ```ts
 * const socket = await connectZmtp({ port, socketType: "DEALER", onMessage });
 * await socket.send([new TextEncoder().encode("frame")]);
 * socket.close();
 * ```
 */
export class ZmtpSocket {
  readonly socketType: ZmtpSocketType;
  #conn: Deno.TcpConn;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  #onClose?: (error?: Error) => void;
  /** When the last bytes arrived (performance.now()). */
  lastReceivedAt = 0;
  /** Bytes received that do not make a complete message yet. */
  pendingBytes = 0;

  constructor(conn: Deno.TcpConn, socketType: ZmtpSocketType, onClose?: (error?: Error) => void) {
    this.#conn = conn;
    this.socketType = socketType;
    this.#onClose = onClose;
  }

  /** Whether the connection has ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends one multipart message. Writes are kept in order. */
  send(frames: readonly Uint8Array[]): Promise<void> {
    if (this.#closed) return Promise.reject(new ZmtpError("the connection is closed"));
    const bytes = encodeMessageFrames(frames);
    this.#writing = this.#writing.then(() => this.#writeAll(bytes));
    return this.#writing;
  }

  /** SUB only: subscribes to messages starting with `prefix` (empty: all), ZMTP 3.0 style. */
  subscribe(prefix: Uint8Array = new Uint8Array(0)): Promise<void> {
    if (this.socketType !== "SUB") throw new ZmtpError("only a SUB socket subscribes");
    return this.send([concat([Uint8Array.of(1), prefix])]);
  }

  /** Closes the connection (idempotent). */
  close(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the peer.
    }
    this.#onClose?.(error);
  }

  /** Sends raw bytes (the greeting, commands). */
  writeRaw(bytes: Uint8Array): Promise<void> {
    this.#writing = this.#writing.then(() => this.#writeAll(bytes));
    return this.#writing;
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) offset += await this.#conn.write(bytes.subarray(offset));
  }
}

/**
 * Connects (retrying while the port is refused and `retryWhile` allows),
 * exchanges greetings and READY commands, then delivers every incoming
 * message to `onMessage` until the connection closes.
 *
 * @example
 * ```ts
 * const iopub = await connectZmtp({ port: info.iopub_port, socketType: "SUB", onMessage });
 * await iopub.subscribe();
 * ```
 */
export async function connectZmtp(options: ZmtpConnectOptions): Promise<ZmtpSocket> {
  const conn = await connectWithRetry(options);
  conn.setNoDelay(true);
  const socket = new ZmtpSocket(conn, options.socketType, options.onClose);
  const properties: Record<string, string> = { "Socket-Type": options.socketType };
  if (options.socketType === "DEALER") properties.Identity = "";
  await socket.writeRaw(concat([zmtpGreeting(), encodeCommand("READY", properties)]));
  const handshaken = Promise.withResolvers<void>();
  readLoop(conn, socket, options, handshaken);
  // A peer that accepts the connection but never completes the handshake must not hang the caller.
  const limitMs = options.handshakeTimeoutMs ?? 10_000;
  const address = `${options.host ?? "127.0.0.1"}:${options.port}`;
  const fail = (reason: string) => {
    const error = new ZmtpError(reason);
    handshaken.reject(error);
    socket.close(error);
  };
  const timer = setTimeout(
    () => fail(`${address} did not complete the ZeroMQ handshake within ${limitMs / 1000} s; is it a Jupyter kernel?`),
    limitMs,
  );
  const onAbort = () => fail(`connection to ${address} was cancelled`);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await handshaken.promise;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  return socket;
}

async function connectWithRetry(options: ZmtpConnectOptions): Promise<Deno.TcpConn> {
  const hostname = options.host ?? "127.0.0.1";
  for (;;) {
    if (options.signal?.aborted) throw new ZmtpError(`connection to ${hostname}:${options.port} was cancelled`);
    try {
      return await Deno.connect({ hostname, port: options.port });
    } catch (error) {
      const refused = error instanceof Deno.errors.ConnectionRefused;
      if (!refused || !(options.retryWhile?.() ?? false)) {
        throw new ZmtpError(`cannot connect to ${hostname}:${options.port}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.retryIntervalMs ?? 10));
    }
  }
}

/** Reads greeting, READY, then messages, from the connection. */
async function readLoop(
  conn: Deno.TcpConn,
  socket: ZmtpSocket,
  options: ZmtpConnectOptions,
  handshaken: PromiseWithResolvers<void>,
): Promise<void> {
  const decoder = new ZmtpDecoder(options.maxFrameBytes);
  let ready = false;
  let message: Uint8Array[] = [];
  let failure: Error | undefined;
  try {
    for await (const chunk of conn.readable) {
      socket.lastReceivedAt = performance.now();
      decoder.push(chunk);
      for (let frame = decoder.next(); frame; frame = decoder.next()) {
        if (frame.command) {
          const { name, body } = parseCommand(frame.body);
          if (!ready) {
            if (name !== "READY") throw new ZmtpError(`expected READY from the peer, got ${name}`);
            ready = true;
            handshaken.resolve();
          } else if (name === "ERROR") {
            throw new ZmtpError(`the peer reported an error: ${textDecoder.decode(body.subarray(1, 1 + body[0]))}`);
          } else if (name === "PING") {
            // ZMTP 3.1 heartbeat: answer with the context that follows the 2-byte TTL.
            const pong = concat([Uint8Array.of(4), encoder.encode("PONG"), body.subarray(2)]);
            await socket.writeRaw(encodeFrame(pong, { more: false, command: true }));
          }
          continue;
        }
        if (!ready) throw new ZmtpError("the peer sent a message before its READY command");
        message.push(frame.body);
        if (!frame.more) {
          const complete = message;
          message = [];
          try {
            options.onMessage(complete);
          } catch (error) {
            // The receiver's fault, not the peer's: that message is lost to it, the connection goes on.
            options.onHandlerError?.(error as Error);
          }
        }
      }
      socket.pendingBytes = decoder.buffered + message.reduce((sum, frame) => sum + frame.length, 0);
    }
  } catch (error) {
    failure = socket.closed ? undefined : (error as Error);
  }

  handshaken.reject(failure ?? new ZmtpError("the connection closed during the handshake"));
  handshaken.promise.catch(() => {});
  socket.close(failure);
}

/** One frame as decoded. */
export interface ZmtpFrame {
  more: boolean;
  command: boolean;
  body: Uint8Array;
}

/**
 * Decodes a ZMTP byte stream: first the peer's 64-byte greeting (checked:
 * ZMTP 3.x, NULL mechanism), then frames. Bytes may arrive in any chunking.
 *
 * @example
 * ```ts
 * const decoder = new ZmtpDecoder();
 * decoder.push(zmtpGreeting());
 * decoder.push(encodeFrame(new Uint8Array([7]), { more: false, command: false }));
 * decoder.next()?.body; // Uint8Array [7]
 * ```
 */
export class ZmtpDecoder {
  #buffer = new ByteQueue();
  #greeted = false;
  #maxFrameBytes: number;

  constructor(maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received and not yet returned as frames. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** Adds received bytes. */
  push(chunk: Uint8Array): void {
    this.#buffer.push(chunk);
  }

  /** The next complete frame, or undefined until more bytes arrive. Throws {@link ZmtpError} on a bad greeting. */
  next(): ZmtpFrame | undefined {
    if (!this.#greeted) {
      if (this.#buffer.length < GREETING_LENGTH) return undefined;
      checkGreeting(this.#buffer.take(GREETING_LENGTH));
      this.#greeted = true;
    }
    return nextFrame(this.#buffer, this.#maxFrameBytes);
  }
}

function checkGreeting(greeting: Uint8Array): void {
  if (greeting[0] !== 0xff || greeting[9] !== 0x7f) throw new ZmtpError("the peer is not a ZeroMQ socket");
  if (greeting[10] < 3) throw new ZmtpError(`the peer speaks ZMTP ${greeting[10]}.${greeting[11]}; 3.x is required`);
  const mechanism = textDecoder.decode(greeting.subarray(12, 32)).replace(/\0+$/, "");
  if (mechanism !== "NULL") {
    throw new ZmtpError(`the peer wants the ${mechanism} security mechanism; only NULL is spoken`);
  }
}

function nextFrame(buffer: ByteQueue, maxFrameBytes: number): ZmtpFrame | undefined {
  if (buffer.length < 2) return undefined;
  const flags = buffer.peek(1)[0];
  const long = (flags & LONG) !== 0;
  const headerLength = long ? 9 : 2;
  if (buffer.length < headerLength) return undefined;
  const header = buffer.peek(headerLength);
  const length = long ? new DataView(header.buffer, header.byteOffset, 9).getBigUint64(1) : BigInt(header[1]);
  if (length > BigInt(maxFrameBytes)) {
    throw new ZmtpError(
      `the peer announced a frame of ${length} bytes, above the limit of ${maxFrameBytes}; ` +
        `the stream is out of step or not ZeroMQ, so the connection is closed`,
    );
  }
  const size = Number(length);
  if (buffer.length < headerLength + size) return undefined;
  buffer.take(headerLength);
  return { more: (flags & MORE) !== 0, command: (flags & COMMAND) !== 0, body: buffer.take(size) };
}

/**
 * A command frame's name and the bytes after it.
 *
 * @example
 * ```ts
 * parseCommand(new Uint8Array([5, 82, 69, 65, 68, 89])).name; // "READY"
 * ```
 */
export function parseCommand(body: Uint8Array): { name: string; body: Uint8Array } {
  const nameLength = body[0];
  return { name: textDecoder.decode(body.subarray(1, 1 + nameLength)), body: body.subarray(1 + nameLength) };
}

/** A FIFO of byte chunks that copies only when a read spans chunks. */
class ByteQueue {
  #chunks: Uint8Array[] = [];
  #offset = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.length += chunk.length;
  }

  peek(n: number): Uint8Array {
    return this.#read(n, false);
  }

  take(n: number): Uint8Array {
    return this.#read(n, true);
  }

  #read(n: number, consume: boolean): Uint8Array {
    const first = this.#chunks[0];
    if (n === 0) return new Uint8Array(0);
    if (first && first.length - this.#offset >= n) {
      const out = first.subarray(this.#offset, this.#offset + n);
      if (consume) this.#advance(n);
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    let offset = this.#offset;
    while (filled < n) {
      const chunk = this.#chunks[index];
      const piece = chunk.subarray(offset, Math.min(chunk.length, offset + (n - filled)));
      out.set(piece, filled);
      filled += piece.length;
      index++;
      offset = 0;
    }
    if (consume) this.#advance(n);
    return out;
  }

  #advance(n: number): void {
    this.length -= n;
    while (n > 0) {
      const left = this.#chunks[0].length - this.#offset;
      if (n < left) {
        this.#offset += n;
        return;
      }
      n -= left;
      this.#chunks.shift();
      this.#offset = 0;
    }
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
