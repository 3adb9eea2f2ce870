/**
 * The two WebSocket formats of a kernel server, checked against Jupyter
 * Server's own Python functions (`serialize_msg_to_ws_v1`,
 * `deserialize_msg_from_ws_v1`, `serialize_binary_message`,
 * `deserialize_binary_message`): byte for byte both ways. The cross-checks
 * are skipped, with a message, where Jupyter Server is not installed. They
 * run in one Python process (importing Jupyter Server costs a third of a
 * second of CPU each time), every script with its own input and output.
 */

import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { decodeFrame, encodeFrame, V1_SUBPROTOCOL } from "../../lib/workspace/kernel/remote/ws-codec.ts";
import { createMessage, type JupyterMessage, WireFormatError } from "../../lib/workspace/kernel/wire.ts";

/** Exit status of the Python run when jupyter_server cannot be imported. */
const NO_JUPYTER_SERVER = 3;

/**
 * Runs each named Python script (with `data`, its input bytes, and `out`, its output) in one process started with
 * the interpreter of `jupyter-server` (its shebang): the outputs by name, or undefined when Jupyter Server is not
 * installed. A failing script (an assertion in Python) fails the test with its traceback.
 */
async function runPythonScripts(
  scripts: Record<string, { script: string; input: Uint8Array }>,
): Promise<Record<string, Uint8Array> | undefined> {
  let interpreter: string | undefined;
  try {
    const found = await new Deno.Command("sh", {
      args: ["-c", 'head -1 "$(command -v jupyter-server)"'],
      stdout: "piped",
      stderr: "null",
    }).output();
    interpreter = new TextDecoder().decode(found.stdout).replace(/^#!\s*/, "").trim().split(/\s+/)[0];
  } catch {
    return undefined;
  }
  if (!interpreter) return undefined;
  const driver = [
    "import sys, json, base64, io",
    "try:",
    "    import jupyter_server.base.zmqhandlers",
    "except ImportError:",
    `    sys.exit(${NO_JUPYTER_SERVER})`,
    "jobs = json.load(sys.stdin)",
    "results = {}",
    "for name, job in jobs.items():",
    "    out = io.BytesIO()",
    "    scope = {'data': base64.b64decode(job['input']), 'out': out}",
    "    exec(job['script'], scope)",
    "    results[name] = base64.b64encode(out.getvalue()).decode()",
    "json.dump(results, sys.stdout)",
  ].join("\n");
  let child;
  try {
    child = new Deno.Command(interpreter, { args: ["-c", driver], stdin: "piped", stdout: "piped", stderr: "piped" })
      .spawn();
  } catch {
    return undefined;
  }
  const jobs = Object.fromEntries(
    Object.entries(scripts).map((
      [name, { script, input }],
    ) => [name, { script, input: Buffer.from(input).toString("base64") }]),
  );
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(jobs)));
  await writer.close();
  const output = await child.output();
  if (output.code === NO_JUPYTER_SERVER) return undefined;
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const results = JSON.parse(new TextDecoder().decode(output.stdout)) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(results).map(([name, text]) => [name, new Uint8Array(Buffer.from(text, "base64"))]),
  );
}

const PRELUDE = "import json\nfrom jupyter_server.base.zmqhandlers import *\n";

function sample(buffers: Uint8Array[] = []): JupyterMessage {
  const message = createMessage("execute_request", { code: "console.log('한국 ✔')", silent: false }, {
    session: "s-1",
  }) as JupyterMessage;
  message.parent_header = { msg_id: "parent-1" };
  message.metadata = { tag: [1, 2] };
  message.buffers = buffers;
  return message;
}

// The messages and frames of the cross-checks below, made once: Python reads and writes them all in one run.
const v1Message = sample([new Uint8Array([0, 1, 2, 255])]);
const v1Frame = encodeFrame(v1Message, "shell", V1_SUBPROTOCOL) as Uint8Array;
const withBuffers = sample([new Uint8Array([9, 8, 7]), new Uint8Array([])]);
const binaryFrame = encodeFrame(withBuffers, "shell", "") as Uint8Array;

const python = await runPythonScripts({
  // Python splits our frame, and builds the same frame from the parts it found.
  v1Rebuilt: {
    script: PRELUDE + "channel, parts = deserialize_msg_from_ws_v1(data)\n" +
      "assert channel == 'shell', channel\nassert json.loads(parts[3])['code'] == \"console.log('한국 ✔')\"\n" +
      "out.write(serialize_msg_to_ws_v1(parts, channel))",
    input: v1Frame,
  },
  // A frame Python builds from a message dict (as the server does for its own status messages).
  v1Built: {
    script: PRELUDE + "import json as j\nmsg = j.loads(data)\n" +
      "out.write(serialize_msg_to_ws_v1(msg, 'iopub', lambda o: j.dumps(o).encode()))",
    input: new TextEncoder().encode(JSON.stringify({ ...v1Message, buffers: undefined })),
  },
  binaryRebuilt: {
    script: PRELUDE + "msg = deserialize_binary_message(data)\nassert msg['channel'] == 'shell'\n" +
      "assert [bytes(b) for b in msg['buffers']] == [bytes([9, 8, 7]), b''], msg['buffers']\n" +
      "out.write(serialize_binary_message(msg))",
    input: binaryFrame,
  },
}).catch((error: Error) => error);
/** Python's output of one script; a failure in Python fails the step that reads it. */
function fromPython(name: string): Uint8Array {
  if (python instanceof Error) throw python;
  return python![name];
}
if (!python) {
  console.log("ws_codec_test: Jupyter Server (python3-jupyter-server) not installed; skipping the cross-checks");
}

Deno.test("v1 subprotocol: a frame round-trips, and is byte for byte what Jupyter Server writes and reads", async (t) => {
  const message = v1Message;
  const frame = v1Frame;
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
    fn: () => {
      // Python split our frame and built the same frame from the parts it found.
      assert.deepEqual(fromPython("v1Rebuilt"), frame);
      // A frame Python built from a message dict reads back here.
      const read = decodeFrame(fromPython("v1Built"), V1_SUBPROTOCOL);
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

  const binary = binaryFrame;
  assert.ok(binary instanceof Uint8Array);
  const read = decodeFrame(binary.buffer as ArrayBuffer, "");
  assert.equal(read.channel, "shell");
  assert.deepEqual(read.message.buffers, withBuffers.buffers);

  await t.step({
    name: "against jupyter_server.base.zmqhandlers",
    ignore: !python,
    fn: () => {
      const again = decodeFrame(fromPython("binaryRebuilt"), "");
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
