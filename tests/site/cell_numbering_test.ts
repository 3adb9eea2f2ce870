/**
 * One notebook model, one numbering: the executor (which refuses a notebook
 * it cannot run) and the site (which refuses an executed notebook it cannot
 * show) name the same cell with the same 1-based label.
 *
 * @module
 */

import assert from "node:assert/strict";
import { NotebookError, parseNotebook as parseForExecution } from "../../lib/workspace/executor/notebook.ts";
import { cellAnchor, cellLabel, sourceText } from "../../lib/workspace/notebook/format.ts";
import { SiteError } from "../../lib/workspace/site/errors.ts";
import { parseNotebook as parseForSite } from "../../lib/workspace/site/notebook.ts";

const KERNELSPEC = { name: "deno", display_name: "Deno", language: "typescript" };

function notebookWithBadThirdCell(bad: Record<string, unknown>): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: KERNELSPEC },
    cells: [
      { id: "a", cell_type: "markdown", metadata: {}, source: "# T" },
      { id: "b", cell_type: "code", metadata: {}, source: "1", outputs: [], execution_count: null },
      { id: "c", metadata: {}, source: "2", ...bad },
    ],
  });
}

Deno.test("cells are named from 1 by the executor and by the site alike", () => {
  assert.equal(cellLabel(2), "cell 3");
  assert.equal(cellLabel(2, "c"), "cell 3 (id c)");
  assert.throws(
    () =>
      parseForExecution(new TextEncoder().encode(notebookWithBadThirdCell({ cell_type: "widget" })), {
        path: "/w/notebooks/x.ipynb",
        root: "/w",
      }),
    (error: unknown) =>
      error instanceof NotebookError && /notebooks\/x\.ipynb: cell 3: unknown cell_type/.test(error.message),
  );
  assert.throws(
    () => parseForSite(notebookWithBadThirdCell({ cell_type: "code", outputs: "none" }), "notebooks/x.ipynb"),
    (error: unknown) => error instanceof SiteError && /cell 3: outputs must be an array/.test(error.message),
  );
});

Deno.test("a cell saved without an id is anchored by its 1-based position; joined text is the same everywhere", () => {
  assert.equal(cellAnchor(undefined, 2), "cell-3");
  assert.equal(cellAnchor("x<y>", 2), "cell-xy");
  assert.equal(sourceText(["a\n", "b"]), "a\nb");
  assert.equal(sourceText("ab"), "ab");
  assert.equal(sourceText(undefined), "");
});
