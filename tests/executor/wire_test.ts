import assert from "node:assert/strict";
import {
  createMessage,
  decodeMessage,
  DELIMITER,
  encodeMessage,
  MessageSigner,
  SignatureError,
  WireFormatError,
} from "../../lib/workspace/kernel/wire.ts";

const encoder = new TextEncoder();
const signer = new MessageSigner("a-secret-key");

function reply(): Uint8Array[] {
  const message = createMessage("kernel_info_reply", { status: "ok", protocol_version: "5.3" }, {
    session: "kernel",
    parent: { msg_id: "request-1" },
  });
  return encodeMessage(message, signer);
}

Deno.test("a signed message decodes to what was sent", () => {
  const decoded = decodeMessage(reply(), signer);
  assert.equal(decoded.header.msg_type, "kernel_info_reply");
  assert.equal(decoded.header.version, "5.3");
  assert.equal(decoded.parent_header.msg_id, "request-1");
  assert.deepEqual(decoded.content, { status: "ok", protocol_version: "5.3" });
});

Deno.test("the signature is HMAC-SHA256 over header, parent, metadata and content", async () => {
  const frames = reply();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode("a-secret-key"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const joined = new Uint8Array(frames.slice(2, 6).reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const frame of frames.slice(2, 6)) {
    joined.set(frame, offset);
    offset += frame.length;
  }
  const expected = Array.from(
    new Uint8Array(await crypto.subtle.sign("HMAC", key, joined)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  assert.equal(new TextDecoder().decode(frames[1]), expected);
});

Deno.test("routing identities before the delimiter are skipped", () => {
  const decoded = decodeMessage([encoder.encode("identity-1"), ...reply()], signer);
  assert.equal(decoded.header.msg_type, "kernel_info_reply");
});

Deno.test("a message signed with another key is rejected", () => {
  const forged = encodeMessage(createMessage("kernel_info_reply", {}, { session: "s" }), new MessageSigner("wrong"));
  assert.throws(() => decodeMessage(forged, signer), SignatureError);
});

Deno.test("an unsigned message is rejected", () => {
  const frames = reply();
  frames[1] = new Uint8Array(0);
  assert.throws(() => decodeMessage(frames, signer), (error: Error) => {
    assert.ok(error instanceof SignatureError);
    assert.match(error.message, /unsigned/);
    return true;
  });
});

Deno.test("a tampered message is rejected (content changed after signing)", () => {
  const frames = reply();
  frames[5] = encoder.encode(JSON.stringify({ status: "ok", protocol_version: "9.9" }));
  assert.throws(() => decodeMessage(frames, signer), SignatureError);
});

Deno.test("a signature of the wrong length is rejected without throwing anything else", () => {
  const frames = reply();
  frames[1] = encoder.encode("abc");
  assert.throws(() => decodeMessage(frames, signer), SignatureError);
});

Deno.test("frames without a delimiter or with too few parts are not messages", () => {
  assert.throws(() => decodeMessage([encoder.encode("x")], signer), WireFormatError);
  assert.throws(() => decodeMessage([encoder.encode(DELIMITER), encoder.encode("sig")], signer), WireFormatError);
});

Deno.test("an empty key is refused: it would turn signing off", () => {
  assert.throws(() => new MessageSigner(""), SignatureError);
});

Deno.test("buffers after the content are kept", () => {
  const message = createMessage("comm_msg", {}, { session: "s" });
  message.buffers = [new Uint8Array([1, 2, 3])];
  const decoded = decodeMessage(encodeMessage(message, signer), signer);
  assert.deepEqual([...decoded.buffers[0]], [1, 2, 3]);
});
