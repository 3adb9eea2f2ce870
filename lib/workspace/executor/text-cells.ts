/**
 * Markdown edits without re-execution. What a run depends on is the
 * notebook's metadata and its code cells; its Markdown and raw cells are
 * only read. So the cache keys execution on {@link executionHash}, and when
 * only the text changed, {@link withSourceText} puts the new text into the
 * executed copy (outputs kept) instead of running the kernel again — a
 * Markdown edit reaches the site (and the preview) in a fraction of a second.
 *
 * @module
 */

import { sha256Hex } from "./fingerprint.ts";
import type { CodeCell, Notebook } from "./notebook.ts";
import { sourceText } from "./notebook.ts";

/**
 * SHA-256 of what executing a notebook depends on: its metadata and its code
 * cells (id, source, metadata), in order. Markdown and raw cells, and where
 * they sit between code cells, do not count.
 *
 * @example
 * ```ts
 * executionHash(loaded.notebook) === executionHash(sameCodeOtherMarkdown.notebook); // true
 * ```
 */
export function executionHash(notebook: Notebook): string {
  const code = notebook.cells
    .filter((cell): cell is CodeCell => cell.cell_type === "code")
    .map((cell) => ({ id: cell.id, source: sourceText(cell.source), metadata: cell.metadata }));
  return sha256Hex(JSON.stringify({ nbformat: notebook.nbformat, metadata: notebook.metadata, code }));
}

/**
 * The executed notebook with the source's Markdown and raw cells: the
 * source's cells in the source's order, each code cell taken from the
 * executed copy (outputs, execution count). Undefined when the code cells do
 * not line up one to one (same ids, same sources) — then the notebook must
 * run again.
 *
 * @example
 * ```ts
 * const refreshed = withSourceText(source.notebook, executed);
 * if (!refreshed) toRun.push(source);
 * ```
 */
export function withSourceText(source: Notebook, executed: Notebook): Notebook | undefined {
  const ran = executed.cells.filter((cell): cell is CodeCell => cell.cell_type === "code");
  const wanted = source.cells.filter((cell): cell is CodeCell => cell.cell_type === "code");
  if (ran.length !== wanted.length) return undefined;
  const same = wanted.every((cell, i) =>
    cell.id === ran[i].id && sourceText(cell.source) === sourceText(ran[i].source)
  );
  if (!same) return undefined;
  let next = 0;
  return {
    ...executed,
    cells: source.cells.map((cell) => (cell.cell_type === "code" ? ran[next++] : cell)),
  };
}
