/**
 * The kernel client's wire protocol under a hostile or broken peer: a frame
 * length beyond the limit is refused at once (it used to grow the buffer
 * without bound), a peer that accepts the connection but never completes
 * the handshake is given up on within the deadline (it used to hang past
 * the kernel's start timeout), and a message handler that throws loses that
 * message only — the IOPub connection and the messages after it go on (it
 * used to close the socket).
 */
import assert from "node:assert/strict";
import { connectChannels } from "../../lib/workspace/kernel/channels.ts";
import { createMessage, decodeMessage, encodeMessage, MessageSigner } from "../../lib/workspace/kernel/wire.ts";
import {
  connectZmtp,
  DEFAULT_MAX_FRAME_BYTES,
  ZmtpDecoder,
  ZmtpError,
  zmtpGreeting,
} from "../../lib/analysis/kernel/zmtp.ts";
import { startFakeKernel } from "../executor/fake_kernel.ts";

function longFrameHeader(length: bigint): Uint8Array {
  const header = new Uint8Array(9);
  header[0] = 0x02; // LONG
  new DataView(header.buffer).setBigUint64(1, length);
  return header;
}

Deno.test("a frame announced above the limit is refused with a clear error, before any byte of it is kept", () => {
  for (const [limit, length] of [[1000, 1001n], [DEFAULT_MAX_FRAME_BYTES, 2n ** 63n]] as const) {
    const decoder = new ZmtpDecoder(limit);
    decoder.push(zmtpGreeting());
    decoder.push(longFrameHeader(length));
    assert.throws(
      () => decoder.next(),
      (error: unknown) =>
        error instanceof ZmtpError &&
        error.message.includes(`a frame of ${length} bytes, above the limit of ${limit}`),
    );
  }
  const fine = new ZmtpDecoder(1000);
  fine.push(zmtpGreeting());
  fine.push(new Uint8Array([...longFrameHeader(1000n), ...new Uint8Array(1000)]));
  assert.equal(fine.next()?.body.length, 1000, "a frame at the limit is accepted");
});

Deno.test("a peer that accepts TCP but never sends its greeting is given up on at the handshake deadline", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: Deno.Conn[] = [];
  const serving = (async () => {
    for await (const conn of listener) accepted.push(conn); // and never write a byte
  })().catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const started = performance.now();
    const hang = new Promise((
      _,
      reject,
    ) => (timer = setTimeout(() => reject(new Error("still waiting after 10 s")), 10_000)));
    const port = (listener.addr as Deno.NetAddr).port;
    await assert.rejects(
      () =>
        Promise.race([connectZmtp({ port, socketType: "DEALER", onMessage: () => {}, handshakeTimeoutMs: 300 }), hang]),
      (error: unknown) =>
        error instanceof ZmtpError && /did not complete the ZeroMQ handshake within 0\.3 s/.test(error.message),
    );
    assert.ok(performance.now() - started < 5000);
  } finally {
    clearTimeout(timer);
    listener.close();
    for (const conn of accepted) conn.close();
    await serving;
  }
});

Deno.test("a message handler that throws loses only that message: IOPub stays open and delivers the next", async () => {
  const key = "test-key";
  const signer = new MessageSigner(key);
  const kernel = await startFakeKernel(async (_channel, frames, send) => {
    const request = decodeMessage(frames, signer);
    const publish = (type: string, content: object) =>
      kernel.publish(encodeMessage(createMessage(type, content, { session: "fake", parent: request.header }), signer));
    await publish("stream", { name: "stdout", text: "first\n" });
    await publish("stream", { name: "stdout", text: "second\n" });
    await send(
      encodeMessage(
        createMessage("execute_reply", { status: "ok" }, { session: "fake", parent: request.header }),
        signer,
      ),
    );
  }, { key });
  const channels = await connectChannels(kernel.info);
  try {
    // IOPub is PUB/SUB: ask until the subscription has reached the fake kernel (a message arrives).
    const live = Promise.withResolvers<void>();
    const stopLive = channels.watchAll(() => live.resolve());
    for (let i = 0; i < 100; i++) {
      await channels.request("shell", "execute_request", { code: "" }).reply;
      if (await Promise.race([live.promise.then(() => true), new Promise((r) => setTimeout(() => r(false), 20))])) {
        break;
      }
    }
    stopLive();

    const msgId = crypto.randomUUID();
    const seen: string[] = [];
    const second = Promise.withResolvers<void>();
    channels.watch(msgId, (message) => {
      const text = String(message.content.text);
      if (text === "first\n") throw new Error("the recorder broke on this one");
      seen.push(text);
      second.resolve();
    });
    await channels.request("shell", "execute_request", { code: "" }, msgId).reply;
    await second.promise;
    assert.deepEqual(seen, ["second\n"]);
    assert.equal(channels.lostChannels.size, 0, "no channel was closed");
    assert.ok(
      channels.rejected.some((r) =>
        r.channel === "iopub" && /could not be recorded: the recorder broke/.test(r.error.message)
      ),
      "the lost message is counted, so the cell can say its output may be incomplete",
    );
  } finally {
    channels.close();
    await kernel.close();
  }
});
