/**
 * Jupyter messages on a kernel server's WebSocket (`/api/kernels/{id}/channels`),
 * in the two formats Jupyter Server speaks:
 *
 * - the binary subprotocol `v1.kernel.websocket.jupyter.org`: one binary
 *   frame per message, `offset count (u64 LE) · offsets (u64 LE each) ·
 *   channel · header · parent header · metadata · content · buffers…`, the
 *   parts JSON as the kernel sent them (the server does not parse them);
 * - the default ("legacy") format, when no subprotocol was agreed: a JSON
 *   text frame holding the whole message with a `channel` field, or, for a
 *   message with binary buffers, a binary frame `part count (u32 BE) ·
 *   offsets (u32 BE each) · JSON · buffers…`.
 *
 * The server signs and verifies messages with the kernel's key itself: no
 * HMAC here.
 *
 * @example
 * ```ts
 * const message = createMessage("kernel_info_request", {}, { session: "s" });
 * const frame = encodeFrame(message, "shell", V1_SUBPROTOCOL);
 * decodeFrame(frame, V1_SUBPROTOCOL).channel; // "shell"
 * ```
 * @module
 */

import { type JupyterMessage, WireFormatError } from "../wire.ts";

/**
 * The binary WebSocket subprotocol of Jupyter Server (1.17 and later).
 *
 * @example
 * ```ts
 * new WebSocket(url, { protocols: [V1_SUBPROTOCOL] });
 * ```
 */
export const V1_SUBPROTOCOL = "v1.kernel.websocket.jupyter.org";

/** A message with the channel it travels on. */
export interface ChannelMessage {
  channel: string;
  message: JupyterMessage;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The frame for `message` on `channel` in the agreed format (`protocol` is
 * the WebSocket's `protocol`: {@link V1_SUBPROTOCOL}, or `""` for the
 * default JSON format).
 *
 * @example
 * ```ts
 * typeof encodeFrame(message, "shell", ""); // "string"
 * ```
 */
export function encodeFrame(message: JupyterMessage<object>, channel: string, protocol: string): string | Uint8Array {
  if (protocol === V1_SUBPROTOCOL) {
    const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
      encoder.encode(JSON.stringify(part))
    );
    return joinV1(encoder.encode(channel), [...parts, ...message.buffers]);
  }
  const { buffers, ...rest } = message;
  const json = JSON.stringify({ ...rest, channel, buffers: [] });
  if (buffers.length === 0) return json;
  return joinLegacy([encoder.encode(json), ...buffers]);
}

/**
 * The channel and message of a frame received in the agreed format. Throws
 * {@link WireFormatError} for a frame that is not a message.
 *
 * @example
 * ```ts
 * decodeFrame('{"channel":"iopub","header":{…},…}', "").channel; // "iopub"
 * ```
 */
export function decodeFrame(frame: string | ArrayBuffer | Uint8Array, protocol: string): ChannelMessage {
  if (typeof frame === "string") return fromJson(parseJson(frame, "the text frame"), []);
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  if (protocol === V1_SUBPROTOCOL) {
    const [channel, ...parts] = splitV1(bytes);
    if (parts.length < 4) throw new WireFormatError(`a v1 frame needs 5 parts; got ${parts.length + 1}`);
    const [header, parent, metadata, content] = parts.slice(0, 4).map((part, i) =>
      parseJson(decoder.decode(part), `part ${i + 1} of the v1 frame`)
    );
    return {
      channel: decoder.decode(channel),
      message: checked({
        header,
        parent_header: parent ?? {},
        metadata: metadata ?? {},
        content: content ?? {},
        buffers: parts.slice(4),
      }),
    };
  }
  const [json, ...buffers] = splitLegacy(bytes);
  return fromJson(parseJson(decoder.decode(json), "the binary frame's JSON"), buffers);
}

function fromJson(value: unknown, buffers: Uint8Array[]): ChannelMessage {
  const object = (value ?? {}) as Record<string, unknown>;
  const channel = typeof object.channel === "string" ? object.channel : "";
  if (!channel) throw new WireFormatError("the frame names no channel");
  return {
    channel,
    message: checked({
      header: object.header,
      parent_header: object.parent_header ?? {},
      metadata: object.metadata ?? {},
      content: object.content ?? {},
      buffers,
    }),
  };
}

function checked(message: Record<string, unknown>): JupyterMessage {
  const header = message.header as { msg_type?: unknown; msg_id?: unknown } | undefined;
  if (!header || typeof header.msg_type !== "string" || typeof header.msg_id !== "string") {
    throw new WireFormatError("message header lacks msg_type or msg_id");
  }
  return message as unknown as JupyterMessage;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WireFormatError(`${what} is not JSON (${(error as Error).message})`);
  }
}

/** v1: `count · offsets · channel · parts…`, the offsets from the frame's start, each part's start, then the end. */
function joinV1(channel: Uint8Array, parts: Uint8Array[]): Uint8Array {
  const count = parts.length + 2;
  const offsets = [8 * (1 + count)];
  for (const part of [channel, ...parts]) offsets.push(offsets[offsets.length - 1] + part.length);
  const frame = new Uint8Array(offsets[offsets.length - 1]);
  const view = new DataView(frame.buffer);
  view.setBigUint64(0, BigInt(count), true);
  offsets.forEach((offset, i) => view.setBigUint64(8 * (i + 1), BigInt(offset), true));
  let at = offsets[0];
  for (const part of [channel, ...parts]) {
    frame.set(part, at);
    at += part.length;
  }
  return frame;
}

function splitV1(frame: Uint8Array): Uint8Array[] {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 8) throw new WireFormatError(`a v1 frame of ${frame.length} bytes`);
  const count = Number(view.getBigUint64(0, true));
  if (count < 2 || 8 * (count + 1) > frame.length) throw new WireFormatError(`a v1 frame with ${count} offsets`);
  const offsets = Array.from({ length: count }, (_, i) => Number(view.getBigUint64(8 * (i + 1), true)));
  return slices(frame, offsets, "v1");
}

/** Legacy binary: `count (u32 BE) · offsets (u32 BE) · JSON · buffers…`, each offset a part's start. */
function joinLegacy(parts: Uint8Array[]): Uint8Array {
  const header = 4 * (parts.length + 1);
  const total = header + parts.reduce((sum, part) => sum + part.length, 0);
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, parts.length);
  let at = header;
  parts.forEach((part, i) => {
    view.setUint32(4 * (i + 1), at);
    frame.set(part, at);
    at += part.length;
  });
  return frame;
}

function splitLegacy(frame: Uint8Array): Uint8Array[] {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 4) throw new WireFormatError(`a binary frame of ${frame.length} bytes`);
  const count = view.getUint32(0);
  if (count < 1 || 4 * (count + 1) > frame.length) throw new WireFormatError(`a binary frame with ${count} parts`);
  const offsets = Array.from({ length: count }, (_, i) => view.getUint32(4 * (i + 1)));
  return slices(frame, [...offsets, frame.length], "binary");
}

function slices(frame: Uint8Array, offsets: number[], what: string): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const [start, end] = [offsets[i], offsets[i + 1]];
    if (start > end || end > frame.length) throw new WireFormatError(`a ${what} frame with offsets out of order`);
    parts.push(frame.slice(start, end));
  }
  return parts;
}
