/**
 * The output barrier's filter: markers are taken out of the streams wherever
 * the kernel's relay cut them, text before them is delivered to the cell,
 * and the barrier request's own execute_input is not an output.
 */
import assert from "node:assert/strict";
import { OutputBarrier } from "../../lib/workspace/executor/output-barrier.ts";
import type { JupyterMessage } from "../../lib/workspace/kernel/wire.ts";

function message(type: string, content: Record<string, unknown>): JupyterMessage {
  return {
    header: { msg_id: crypto.randomUUID(), msg_type: type } as JupyterMessage["header"],
    parent_header: {},
    metadata: {},
    content,
    buffers: [],
  };
}
const stream = (name: string, text: string) => message("stream", { name, text });

Deno.test("markers are removed, even split across messages; the text around them reaches the cell", async () => {
  const barrier = new OutputBarrier("test");
  const delivered: string[] = [];
  const deliver = (m: JupyterMessage) =>
    delivered.push(`${m.header.msg_type}:${m.content.name ?? ""}:${m.content.text ?? m.content.code}`);
  const half = Math.floor(barrier.marker.length / 2);
  barrier.filter(message("execute_input", { code: barrier.code }), deliver);
  barrier.filter(stream("stdout", "late output\n" + barrier.marker.slice(0, half)), deliver);
  barrier.filter(stream("stdout", barrier.marker.slice(half)), deliver);
  barrier.filter(message("display_data", { data: {} }), deliver);
  assert.equal(await barrier.passed(0, deliver), false, "stderr's marker has not come yet");
  barrier.filter(stream("stderr", "warning\n" + barrier.marker), deliver);
  barrier.filter(stream("stdout", "after the marker\n"), deliver);
  assert.equal(await barrier.passed(1000, deliver), true);
  assert.deepEqual(delivered, [
    "stream:stdout:late output\n",
    "display_data::undefined",
    "stream:stderr:warning\n",
    "stream:stdout:after the marker\n",
  ]);
});

Deno.test("text that only looks like the start of a marker is delivered when the wait ends", async () => {
  const barrier = new OutputBarrier("test");
  const delivered: string[] = [];
  const deliver = (m: JupyterMessage) => delivered.push(String(m.content.text));
  barrier.filter(stream("stdout", "progress \u001b[claimbook"), deliver);
  assert.deepEqual(delivered, ["progress "]);
  assert.equal(await barrier.passed(10, deliver), false);
  assert.deepEqual(delivered, ["progress ", "\u001b[claimbook"], "nothing held back is lost");
});
