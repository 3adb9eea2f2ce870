import assert from "node:assert/strict";
import { connectChannels } from "../../lib/workspace/kernel/channels.ts";
import { KernelClient } from "../../lib/workspace/kernel/client.ts";
import type { ConnectionFile } from "../../lib/workspace/kernel/connection.ts";
import { freeLoopbackPorts } from "../../lib/workspace/kernel/connection.ts";
import { KernelStartError } from "../../lib/workspace/kernel/errors.ts";
import type { KernelProcess } from "../../lib/workspace/kernel/process.ts";
import {
  createMessage,
  decodeMessage,
  encodeMessage,
  type JupyterMessage,
  MessageSigner,
  SignatureError,
} from "../../lib/workspace/kernel/wire.ts";
import { encodeFrame, ZmtpDecoder, zmtpGreeting } from "../../lib/analysis/kernel/zmtp.ts";
import { startFakeKernel } from "./fake_kernel.ts";

const KEY = "test-key-for-the-fake-kernel";

function answer(request: JupyterMessage, content: object, signer: MessageSigner): Uint8Array[] {
  return encodeMessage(
    createMessage(request.header.msg_type.replace("_request", "_reply"), content, {
      session: "fake",
      parent: request.header,
    }),
    signer,
  );
}

Deno.test("forged and unsigned replies are rejected; the genuine one is delivered", async () => {
  const genuine = new MessageSigner(KEY);
  const forger = new MessageSigner("not-the-key");
  const kernel = await startFakeKernel(async (_channel, frames, send) => {
    const request = decodeMessage(frames, genuine);
    await send(answer(request, { forged: true }, forger));
    const unsigned = answer(request, { unsigned: true }, genuine);
    unsigned[1] = new Uint8Array(0);
    await send(unsigned);
    await send(answer(request, { genuine: true }, genuine));
  }, { key: KEY });
  const rejected: Error[] = [];
  const channels = await connectChannels(kernel.info, { onRejected: (error) => rejected.push(error) });
  try {
    const reply = await channels.request("shell", "kernel_info_request", {}).reply;
    assert.deepEqual(reply.content, { genuine: true });
    assert.equal(rejected.length, 2);
    assert.ok(rejected.every((e) => e instanceof SignatureError), rejected.map((e) => e.message).join("; "));
    assert.equal(channels.rejected.length, 2);
  } finally {
    channels.close();
    await kernel.close();
  }
});

Deno.test("a kernel whose every reply is forged never becomes ready, and the error says why", async () => {
  const forger = new MessageSigner("not-the-key");
  const kernel = await startFakeKernel(async (_channel, frames, send) => {
    const request = decodeMessage(frames, new MessageSigner(KEY));
    await send(answer(request, { status: "ok" }, forger));
  }, { key: KEY });
  const channels = await connectChannels(kernel.info);
  const neverExits = new Promise<Deno.CommandStatus>(() => {});
  const process = { running: true, exited: neverExits, stderrTail: () => "", kill() {} } as unknown as KernelProcess;
  const connection = { path: "", dir: "", info: kernel.info, remove: () => Promise.resolve() } as ConnectionFile;
  const client = new KernelClient(process, connection, channels);
  try {
    await assert.rejects(client.waitReady(300), (error: Error) => {
      assert.ok(error instanceof KernelStartError);
      assert.match(error.message, /rejected/);
      assert.match(error.message, /wrong signature/);
      return true;
    });
  } finally {
    channels.close();
    await kernel.close();
  }
});

Deno.test("a 1 MB reply crosses in long ZMTP frames", async () => {
  const signer = new MessageSigner(KEY);
  const big = "é".repeat(512 * 1024);
  const kernel = await startFakeKernel(async (_channel, frames, send) => {
    await send(answer(decodeMessage(frames, signer), { text: big }, signer));
  }, { key: KEY });
  const channels = await connectChannels(kernel.info);
  try {
    const reply = await channels.request("control", "big_request", {}).reply;
    assert.equal((reply.content as { text: string }).text, big);
  } finally {
    channels.close();
    await kernel.close();
  }
});

Deno.test("connecting before the kernel listens retries until it does", async () => {
  const [shell, control, iopub] = freeLoopbackPorts(3);
  const signer = new MessageSigner(KEY);
  const info = {
    ip: "127.0.0.1",
    transport: "tcp" as const,
    shell_port: shell,
    control_port: control,
    iopub_port: iopub,
    stdin_port: 0,
    hb_port: 0,
    key: KEY,
    signature_scheme: "hmac-sha256" as const,
    kernel_name: "fake",
  };
  const connecting = connectChannels(info);
  await new Promise((resolve) => setTimeout(resolve, 150));
  const kernel = await startFakeKernel(async (_channel, frames, send) => {
    await send(answer(decodeMessage(frames, signer), { late: true }, signer));
  }, { key: KEY, ports: { shell, control, iopub } });
  const channels = await connecting;
  try {
    const reply = await channels.request("shell", "kernel_info_request", {}).reply;
    assert.deepEqual(reply.content, { late: true });
  } finally {
    channels.close();
    await kernel.close();
  }
});

Deno.test("IOPub messages reach the watcher of the request that caused them", async () => {
  const signer = new MessageSigner(KEY);
  const kernel = await startFakeKernel(async (_channel, frames, send) => {
    const request = decodeMessage(frames, signer);
    const publish = (type: string, content: object) =>
      kernel.publish([
        new TextEncoder().encode("topic"),
        ...encodeMessage(createMessage(type, content, { session: "fake", parent: request.header }), signer),
      ]);
    await publish("stream", { name: "stdout", text: "hi\n" });
    await publish("status", { execution_state: "idle" });
    await send(answer(request, { status: "ok" }, signer));
  }, { key: KEY });
  const channels = await connectChannels(kernel.info);
  try {
    // Messages published before the subscription reaches the fake kernel are dropped: wait for it.
    await kernel.subscribed();
    const seen: string[] = [];
    const msgId = crypto.randomUUID();
    const done = Promise.withResolvers<void>();
    channels.watch(msgId, (m) => {
      seen.push(m.header.msg_type);
      if (m.header.msg_type === "status") done.resolve();
    });
    await channels.request("shell", "execute_request", { code: "" }, msgId).reply;
    await done.promise;
    assert.deepEqual(seen, ["stream", "status"]);
  } finally {
    channels.close();
    await kernel.close();
  }
});

Deno.test("the ZMTP decoder accepts bytes one at a time and refuses a non-ZMTP peer", () => {
  const bytes = new Uint8Array([
    ...zmtpGreeting(),
    ...encodeFrame(new Uint8Array([1, 2]), { more: true, command: false }),
    ...encodeFrame(new Uint8Array(300).fill(9), { more: false, command: false }),
  ]);
  const decoder = new ZmtpDecoder();
  const frames = [];
  for (const byte of bytes) {
    decoder.push(Uint8Array.of(byte));
    for (let frame = decoder.next(); frame; frame = decoder.next()) frames.push(frame);
  }
  assert.equal(frames.length, 2);
  assert.equal(frames[0].more, true);
  assert.equal(frames[1].body.length, 300);
  const http = new ZmtpDecoder();
  http.push(new TextEncoder().encode("GET / HTTP/1.1\r\n".padEnd(64, " ")));
  assert.throws(() => http.next(), /not a ZeroMQ socket/);
});
