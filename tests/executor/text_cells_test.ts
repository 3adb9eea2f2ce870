/**
 * Execution does not depend on Markdown: the execution hash ignores text
 * cells, and an executed copy takes its source's new text with its outputs
 * kept — or refuses when the code cells no longer line up.
 */

import assert from "node:assert/strict";
import type { Cell, Notebook } from "../../lib/workspace/executor/notebook.ts";
import { executionHash, withSourceText } from "../../lib/workspace/executor/text-cells.ts";

const md = (id: string, source: string): Cell => ({ id, cell_type: "markdown", metadata: {}, source });
const code = (id: string, source: string, outputs: unknown[] = []): Cell => ({
  id,
  cell_type: "code",
  metadata: {},
  source,
  execution_count: outputs.length ? 1 : null,
  outputs: outputs as never[],
});
const nb = (cells: Cell[]): Notebook => ({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "deno" } },
  cells,
});

const output = { output_type: "stream", name: "stdout", text: "42\n" };

Deno.test("execution hash: Markdown, raw cells and their places do not count; code, ids and metadata do", () => {
  const base = executionHash(nb([md("a", "# Title"), code("c1", "1 + 1"), md("b", "Text")]));
  assert.equal(executionHash(nb([code("c1", "1 + 1"), md("a", "# Other title"), md("x", "More")])), base);
  assert.equal(executionHash(nb([md("a", "# Title"), code("c1", "1 + 1", [output])])), base, "outputs do not count");
  assert.notEqual(executionHash(nb([md("a", "# Title"), code("c1", "1 + 2"), md("b", "Text")])), base);
  assert.notEqual(executionHash(nb([md("a", "# Title"), code("c9", "1 + 1"), md("b", "Text")])), base);
  const tagged = nb([code("c1", "1 + 1")]);
  (tagged.cells[0] as { metadata: Record<string, unknown> }).metadata = { tags: ["skip-execution"] };
  assert.notEqual(executionHash(tagged), base);
  const timed = nb([code("c1", "1 + 1")]);
  timed.metadata = { ...timed.metadata, claimbook: { timeout: 5 } };
  assert.notEqual(executionHash(timed), base);
});

Deno.test("the executed copy takes the source's text and order, and keeps each code cell's outputs", () => {
  const executed = nb([md("a", "# Old"), code("c1", "1 + 1", [output]), md("b", "Old text"), code("c2", "2", [])]);
  const source = nb([md("a", "# New"), md("n", "A new paragraph"), code("c1", "1 + 1"), code("c2", "2")]);
  const merged = withSourceText(source, executed)!;
  assert.deepEqual(merged.cells.map((c) => [c.id, c.cell_type]), [
    ["a", "markdown"],
    ["n", "markdown"],
    ["c1", "code"],
    ["c2", "code"],
  ]);
  assert.equal(merged.cells[0].source, "# New");
  assert.deepEqual((merged.cells[2] as { outputs: unknown[] }).outputs, [output]);
  assert.equal(withSourceText(nb([md("a", "x"), code("c1", "1 + 3"), code("c2", "2")]), executed), undefined);
  assert.equal(withSourceText(nb([code("c1", "1 + 1")]), executed), undefined, "a code cell gone");
});
