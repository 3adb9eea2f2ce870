/**
 * Jupyter messages on the wire (messaging protocol v5.3): building headers,
 * HMAC-SHA256 signing, and turning ZeroMQ multipart frames into messages and
 * back. Every incoming message is verified; an unsigned or wrongly signed one
 * is rejected with a {@link SignatureError}, never delivered.
 *
 * @example
 * ```ts
 * const signer = new MessageSigner("secret");
 * const message = createMessage("kernel_info_request", {}, { session: "s1" });
 * const frames = encodeMessage(message, signer);
 * decodeMessage(frames, signer).header.msg_type; // "kernel_info_request"
 * ```
 * @module
 */

import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Version of the messaging protocol spoken by this client.
 *
 * @example
 * ```ts
 * createMessage("kernel_info_request", {}, { session: "s" }).header.version === PROTOCOL_VERSION; // true
 * ```
 */
export const PROTOCOL_VERSION = "5.3";

/**
 * Frame separating ZeroMQ routing identities from the message proper.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(encodeMessage(message, signer)[0]) === DELIMITER; // true
 * ```
 */
export const DELIMITER = "<IDS|MSG>";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A message header. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A whole message (the parent header is `{}` when there is no parent). */
export interface JupyterMessage<Content = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Uint8Array[];
}

/**
 * Raised for a message whose signature is missing or does not match the key.
 *
 * @example
 * ```ts
 * try {
 *   decodeMessage(frames, signer);
 * } catch (error) {
 *   if (error instanceof SignatureError) console.error("forged message dropped");
 * }
 * ```
 */
export class SignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SignatureError";
  }
}

/**
 * Raised for frames that do not form a Jupyter message.
 *
 * @example
 * ```ts
 * decodeMessage([new Uint8Array([1])], signer); // throws WireFormatError
 * ```
 */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireFormatError";
  }
}

/**
 * Signs and verifies messages with HMAC-SHA256 over the four JSON parts
 * (header, parent header, metadata, content), as the connection file's key
 * and `signature_scheme: "hmac-sha256"` require.
 *
 * @example
 * ```ts
 * const signer = new MessageSigner("secret");
 * const parts = ["{}", "{}", "{}", "{}"].map((s) => new TextEncoder().encode(s));
 * signer.verify(parts, signer.sign(parts)); // no error
 * ```
 */
export class MessageSigner {
  readonly #key: string;

  /** `key` is the connection file's key; an empty key is refused (it would disable signing). */
  constructor(key: string) {
    if (!key) throw new SignatureError("refusing an empty signing key: every message must be signed");
    this.#key = key;
  }

  /** The hex HMAC-SHA256 of the four parts. */
  sign(parts: readonly Uint8Array[]): string {
    const hmac = createHmac("sha256", this.#key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  /** Throws a {@link SignatureError} unless `signature` is the parts' signature. */
  verify(parts: readonly Uint8Array[], signature: string): void {
    if (!signature) throw new SignatureError("unsigned message rejected");
    const expected = encoder.encode(this.sign(parts));
    const given = encoder.encode(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new SignatureError("message with a wrong signature rejected");
    }
  }
}

/** Options for {@link createMessage}. */
export interface CreateMessageOptions {
  session: string;
  username?: string;
  parent?: Partial<MessageHeader>;
  metadata?: Record<string, unknown>;
}

/**
 * A new message with a fresh id and the current time.
 *
 * @example
 * ```ts
 * createMessage("execute_request", { code: "1 + 1" }, { session: "s1" }).header.version; // "5.3"
 * ```
 */
export function createMessage<Content extends object>(
  msgType: string,
  content: Content,
  options: CreateMessageOptions,
): JupyterMessage<Content> {
  return {
    header: {
      msg_id: crypto.randomUUID(),
      session: options.session,
      username: options.username ?? "claimbook",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: options.parent ?? {},
    metadata: options.metadata ?? {},
    content,
    buffers: [],
  };
}

/**
 * The signed frames of a message: `[DELIMITER, signature, header, parent, metadata, content, ...buffers]`.
 * (A DEALER socket needs no routing identity in front.)
 *
 * @example
 * ```ts
 * encodeMessage(createMessage("shutdown_request", { restart: false }, { session: "s" }), signer).length; // 6
 * ```
 */
export function encodeMessage(message: JupyterMessage<object>, signer: MessageSigner): Uint8Array[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    encoder.encode(JSON.stringify(part))
  );
  return [encoder.encode(DELIMITER), encoder.encode(signer.sign(parts)), ...parts, ...message.buffers];
}

/**
 * Verifies and parses the frames of an incoming message (routing identities
 * or an IOPub topic before the delimiter are skipped). Throws
 * {@link SignatureError} for an unsigned or forged message and
 * {@link WireFormatError} for frames that are not a message.
 *
 * @example
 * ```ts
 * decodeMessage(encodeMessage(message, signer), signer).content;
 * ```
 */
export function decodeMessage(frames: readonly Uint8Array[], signer: MessageSigner): JupyterMessage {
  const delimiterAt = frames.findIndex((frame) => isDelimiter(frame));
  if (delimiterAt < 0) throw new WireFormatError(`no ${DELIMITER} frame among ${frames.length} frame(s)`);
  if (frames.length < delimiterAt + 6) {
    throw new WireFormatError(`a message needs 6 frames from the delimiter on; got ${frames.length - delimiterAt}`);
  }
  const signature = decoder.decode(frames[delimiterAt + 1]);
  const parts = frames.slice(delimiterAt + 2, delimiterAt + 6);
  signer.verify(parts, signature);
  const [header, parent, metadata, content] = parts.map((part, i) => {
    try {
      return JSON.parse(decoder.decode(part));
    } catch (error) {
      throw new WireFormatError(`message part ${i} is not JSON (${(error as Error).message})`);
    }
  });
  if (!header || typeof header.msg_type !== "string" || typeof header.msg_id !== "string") {
    throw new WireFormatError("message header lacks msg_type or msg_id");
  }
  return {
    header,
    parent_header: parent ?? {},
    metadata: metadata ?? {},
    content: content ?? {},
    buffers: frames.slice(delimiterAt + 6).map((b) => new Uint8Array(b)),
  };
}

const DELIMITER_BYTES = encoder.encode(DELIMITER);

function isDelimiter(frame: Uint8Array): boolean {
  if (frame.length !== DELIMITER_BYTES.length) return false;
  for (let i = 0; i < frame.length; i++) if (frame[i] !== DELIMITER_BYTES[i]) return false;
  return true;
}
