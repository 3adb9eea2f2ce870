/**
 * One very large message (16 MB printed by one `console.log`): the Deno
 * kernel relays it after the cell's "idle", and used to stamp the next
 * cell's output with the cell after it, or garble its IOPub stream so that
 * every later output was lost, the "rejected" note landing on a later cell.
 * Now every cell keeps its own output; the big one is kept (cut with a note
 * in the HTML) or, when the kernel garbled it, replaced by a note on its
 * own cell. Never a silent loss. (Cutting a big output in the HTML is in
 * notebooks_test.ts.)
 */
import assert from "node:assert/strict";
import { renderScratch, writeNotebooks } from "./helpers.ts";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
}

const textOf = (outputs: Output[], name: string) =>
  outputs.filter((o) => o.name === name).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");

Deno.test("a 16 MB console.log keeps every other cell's output, and its note (if any) stays on its own cell", async () => {
  const { dir, cleanup } = await writeNotebooks({
    huge: ['console.log("x".repeat(16_000_000));', 'console.log("after");', 'console.log("third");'],
  });
  try {
    // No site: cutting a big output in the HTML is tested in notebooks_test.ts; this is about the kernel's messages.
    const result = await renderScratch(dir, { site: false });
    assert.ok(result.ok, JSON.stringify({ failed: result.failed, errors: result.errors }));
    const executed = JSON.parse(await Deno.readTextFile(result.notebooks[0].executedPath!));
    const [big, after, third] = executed.cells.map((c: { outputs: Output[] }) => c.outputs);
    const bigOut = textOf(big, "stdout");
    const bigNote = textOf(big, "stderr");
    assert.ok(
      bigOut === "x".repeat(16_000_000) + "\n" || /message\(s\) from the kernel were rejected/.test(bigNote),
      `the big output is there whole, or its cell says it was lost: ${bigOut.length} bytes, note ${bigNote}`,
    );
    assert.equal(textOf(after, "stdout"), "after\n", "the next cell keeps its output");
    assert.equal(textOf(after, "stderr"), "", "no note lands on the next cell");
    assert.equal(textOf(third, "stdout"), "third\n");
    assert.equal(textOf(third, "stderr"), "");
  } finally {
    await cleanup();
  }
});
