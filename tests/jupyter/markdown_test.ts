/**
 * The notebooks' Markdown as Jupyter's MathJax reads it: every dollar sign
 * is escaped (`\\$`), so no pair of amounts becomes mathematics. Checks
 * whatever notebooks exist; the browser test shows the result in Notebook 6.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { escapeMarkdownDollars } from "../../lib/analysis/html.ts";
import { ROOT } from "../helpers/paths.ts";

Deno.test("notebooks: every $ in a Markdown cell is escaped for MathJax", async () => {
  const unescaped: string[] = [];
  const folder = join(ROOT, "notebooks");
  for (const entry of Deno.readDirSync(folder)) {
    if (!entry.name.endsWith(".ipynb")) continue;
    const notebook = JSON.parse(await Deno.readTextFile(join(folder, entry.name)));
    notebook.cells.forEach((cell: { cell_type: string; source: string | string[] }, index: number) => {
      if (cell.cell_type !== "markdown") return;
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      if (escapeMarkdownDollars(source) !== source) {
        unescaped.push(`notebooks/${entry.name}, cell ${index}: write $ as \\\\$ (${source.slice(0, 60)}…)`);
      }
    });
  }
  assert.deepEqual(unescaped, []);
});
