/**
 * The two WebSocket formats of a kernel server, checked against Jupyter
 * Server's own Python functions (`serialize_msg_to_ws_v1`,
 * `deserialize_msg_from_ws_v1`, `serialize_binary_message`,
 * `deserialize_binary_message`): byte for byte both ways. The cross-checks
 * are skipped, with a message, where Jupyter Server is not installed.
 */

import assert from "node:assert/strict";
import { decodeFrame, encodeFrame, V1_SUBPROTOCOL } from "../../lib/workspace/kernel/remote/ws-codec.ts";
import { createMessage, type JupyterMessage, WireFormatError } from "../../lib/workspace/kernel/wire.ts";

const python = await jupyterServerPython();
if (!python) {
  console.log("ws_codec_test: Jupyter Server (python3-jupyter-server) not installed; skipping the cross-checks");
}

/** The Python that runs `jupyter-server` (its shebang), when it imports jupyter_server. */
async function jupyterServerPython(): Promise<string | undefined> {
  try {
    const found = await new Deno.Command("sh", {
      args: ["-c", 'head -1 "$(command -v jupyter-server)"'],
      stdout: "piped",
      stderr: "null",
    }).output();
    const interpreter = new TextDecoder().decode(found.stdout).replace(/^#!\s*/, "").trim().split(/\s+/)[0];
    if (!interpreter) return undefined;
    const check = await new Deno.Command(interpreter, {
      args: ["-c", "import jupyter_server.base.zmqhandlers"],
      stdout: "null",
      stderr: "null",
    }).output();
    return check.success ? interpreter : undefined;
  } catch {
    return undefined;
  }
}

/** Runs Python with the given script, bytes in on stdin, bytes out on stdout. */
async function runPython(script: string, input: Uint8Array): Promise<Uint8Array> {
  const child = new Deno.Command(python!, { args: ["-c", script], stdin: "piped", stdout: "piped", stderr: "piped" })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(input);
  await writer.close();
  const output = await child.output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  return output.stdout;
}

const PRELUDE = "import sys, json\nfrom jupyter_server.base.zmqhandlers import *\n" +
  "data = sys.stdin.buffer.read()\nout = sys.stdout.buffer\n";

function sample(buffers: Uint8Array[] = []): JupyterMessage {
  const message = createMessage("execute_request", { code: "console.log('한국 ✔')", silent: false }, {
    session: "s-1",
  }) as JupyterMessage;
  message.parent_header = { msg_id: "parent-1" };
  message.metadata = { tag: [1, 2] };
  message.buffers = buffers;
  return message;
}

Deno.test("v1 subprotocol: a frame round-trips, and is byte for byte what Jupyter Server writes and reads", async (t) => {
  const message = sample([new Uint8Array([0, 1, 2, 255])]);
  const frame = encodeFrame(message, "shell", V1_SUBPROTOCOL) as Uint8Array;
  assert.ok(frame instanceof Uint8Array);
  const back = decodeFrame(frame, V1_SUBPROTOCOL);
  assert.equal(back.channel, "shell");
  assert.deepEqual(back.message.header, message.header);
  assert.deepEqual(back.message.parent_header, message.parent_header);
  assert.deepEqual(back.message.content, message.content);
  assert.deepEqual(back.message.buffers, message.buffers);
  // Offsets: count (6 = channel start, 5 part ends), then 8 bytes each, then the channel name.
  const view = new DataView(frame.buffer);
  assert.equal(Number(view.getBigUint64(0, true)), 7);
  assert.equal(Number(view.getBigUint64(8, true)), 8 * 8);
  assert.equal(new TextDecoder().decode(frame.slice(64, 69)), "shell");

  await t.step({
    name: "against jupyter_server.base.zmqhandlers",
    ignore: !python,
    fn: async () => {
      // Python splits our frame, and builds the same frame from the parts it found.
      const rebuilt = await runPython(
        PRELUDE + "channel, parts = deserialize_msg_from_ws_v1(data)\n" +
          "assert channel == 'shell', channel\nassert json.loads(parts[3])['code'] == \"console.log('한국 ✔')\"\n" +
          "out.write(serialize_msg_to_ws_v1(parts, channel))",
        frame,
      );
      assert.deepEqual(rebuilt, frame);
      // A frame Python builds from a message dict (as the server does for its own status messages) reads back here.
      const built = await runPython(
        PRELUDE + "import json as j\nmsg = j.loads(data)\n" +
          "out.write(serialize_msg_to_ws_v1(msg, 'iopub', lambda o: j.dumps(o).encode()))",
        new TextEncoder().encode(JSON.stringify({ ...message, buffers: undefined })),
      );
      const read = decodeFrame(built, V1_SUBPROTOCOL);
      assert.equal(read.channel, "iopub");
      assert.deepEqual(read.message.content, message.content);
      assert.equal(read.message.header.msg_id, message.header.msg_id);
    },
  });
});

Deno.test("JSON format: text frames, and binary frames for messages with buffers, as Jupyter Server reads and writes them", async (t) => {
  const plain = sample();
  const text = encodeFrame(plain, "control", "");
  assert.equal(typeof text, "string");
  assert.equal(JSON.parse(text as string).channel, "control");
  const back = decodeFrame(text, "");
  assert.equal(back.channel, "control");
  assert.deepEqual(back.message.content, plain.content);
  assert.deepEqual(back.message.buffers, []);

  const withBuffers = sample([new Uint8Array([9, 8, 7]), new Uint8Array([])]);
  const binary = encodeFrame(withBuffers, "shell", "") as Uint8Array;
  assert.ok(binary instanceof Uint8Array);
  const read = decodeFrame(binary.buffer as ArrayBuffer, "");
  assert.equal(read.channel, "shell");
  assert.deepEqual(read.message.buffers, withBuffers.buffers);

  await t.step({
    name: "against jupyter_server.base.zmqhandlers",
    ignore: !python,
    fn: async () => {
      const rebuilt = await runPython(
        PRELUDE + "msg = deserialize_binary_message(data)\nassert msg['channel'] == 'shell'\n" +
          "assert [bytes(b) for b in msg['buffers']] == [bytes([9, 8, 7]), b''], msg['buffers']\n" +
          "out.write(serialize_binary_message(msg))",
        binary,
      );
      const again = decodeFrame(rebuilt, "");
      assert.equal(again.channel, "shell");
      assert.deepEqual(again.message.content, withBuffers.content);
      assert.deepEqual(again.message.buffers, withBuffers.buffers);
    },
  });
});

Deno.test("a frame that is not a message is refused with WireFormatError, never half-read", () => {
  assert.throws(() => decodeFrame("not json", ""), WireFormatError);
  assert.throws(() => decodeFrame(JSON.stringify({ header: { msg_type: "x", msg_id: "1" } }), ""), /names no channel/);
  assert.throws(() => decodeFrame(JSON.stringify({ channel: "iopub", header: {} }), ""), /lacks msg_type/);
  assert.throws(() => decodeFrame(new Uint8Array([1, 0, 0]), V1_SUBPROTOCOL), WireFormatError);
  const frame = encodeFrame(sample(), "shell", V1_SUBPROTOCOL) as Uint8Array;
  assert.throws(() => decodeFrame(frame.slice(0, frame.length - 10), V1_SUBPROTOCOL), /offsets out of order/);
  assert.throws(() => decodeFrame(new Uint8Array([0, 0, 0, 9, 0, 0, 0, 8]), ""), WireFormatError);
});
