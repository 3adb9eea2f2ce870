/**
 * A cell that reads the data folder without `load()` reads data the cache
 * never hears of: found by looking at the code, and warned about at render.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import type { Cell, Notebook } from "../../lib/workspace/notebook/format.ts";
import { untrackedReads, untrackedReadWarning } from "../../lib/workspace/executor/untracked-reads.ts";
import { summarizeRender } from "../../lib/workspace/render/pipeline.ts";
import { renderScratch, writeNotebooks } from "../reliability/helpers.ts";
import { ROOT } from "./helpers.ts";

let ids = 0;
const code = (source: string, tags: string[] = []): Cell => ({
  id: `c${++ids}`,
  cell_type: "code",
  metadata: tags.length ? { tags } : {},
  source,
  execution_count: null,
  outputs: [],
});
const markdown = (source: string): Cell => ({ id: `m${++ids}`, cell_type: "markdown", metadata: {}, source });
const notebook = (cells: Cell[]): Notebook => {
  ids = 0;
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
};

Deno.test("direct reads of the data folder are found with their cell (index among all cells, id) and line", () => {
  const found = untrackedReads(notebook([
    markdown('Read `Deno.readTextFile("../data/x.csv")`? No: use load().'),
    code('const census = await load("census-goods-korea");'),
    code('const text = await Deno.readTextFile("../data/census.csv");\nconst rows = text.split("\\n");'),
    code("const url = new URL('./data/extra.json', import.meta.url);"),
    code("const bytes = await Deno.readFile(`../../data/raw/${name}.xlsx`);"),
    code('const dir = Deno.env.get("CLAIMBOOK_DATA_DIR");'),
    code("import { defaultDataDir } from '@lib/analysis/mod.ts';"),
    code('const text = await Deno.readTextFile("data/datapackage.json");'),
  ]));
  assert.deepEqual(found, [
    { index: 2, cellId: "c3", line: 1, text: "../data/census.csv" },
    { index: 3, cellId: "c4", line: 1, text: "./data/extra.json" },
    { index: 4, cellId: "c5", line: 1, text: "../../data/raw/" },
    { index: 5, cellId: "c6", line: 1, text: "CLAIMBOOK_DATA_DIR" },
    { index: 6, cellId: "c7", line: 1, text: "defaultDataDir" },
    { index: 7, cellId: "c8", line: 1, text: "data/datapackage.json" },
  ]);
});

Deno.test("comments, regular expressions, other strings and skipped cells are not reads", () => {
  const found = untrackedReads(notebook([
    code('// Deno.readTextFile("../data/x.csv") would not be tracked\nconst n = 1;'),
    code('/* "../data/y.csv" */ const m = 2;'),
    code('const pattern = /"..\\/data\\//; const label = "metadata/notes";'),
    code('const ratio = a / b; const s = "see data/ below";'),
    code('await Deno.readTextFile("../data/z.csv");', ["skip-execution"]),
    code("const source = `https://example.org/data/x.csv`;"),
    code('const t = `${"ok"}`;\nconst later = await Deno.readTextFile(`../data/${"x"}.csv`);'),
  ]));
  assert.deepEqual(found, [{ index: 6, cellId: "c7", line: 2, text: "../data/" }]);
});

Deno.test("the warning names the notebook, the cell and what to do", () => {
  assert.equal(
    untrackedReadWarning("notebooks/x.ipynb", { index: 2, cellId: "c3", line: 2, text: "../data/census.csv" }),
    'notebooks/x.ipynb, cell 3 (id c3), line 2: "../data/census.csv" is read directly; this read is not tracked by the ' +
      "cache (a change to the file will not re-run the notebook); use load()",
  );
  assert.match(
    untrackedReadWarning("notebooks/x.ipynb", { index: 5, line: 1, text: "CLAIMBOOK_DATA_DIR" }),
    /x\.ipynb, cell 6, line 1: CLAIMBOOK_DATA_DIR locates the data folder; this read is not tracked by the cache/,
  );
});

Deno.test("a render warns about a direct read, and warns again when the notebook comes from the cache", async () => {
  const { dir, cleanup } = await writeNotebooks({
    direct: ['const text = await Deno.readTextFile("../data/documents.json");', "text.length > 0"],
  });
  try {
    const expected = [
      `${
        relative(ROOT, join(dir, "notebooks", "direct.ipynb"))
      }, cell 1 (id c0), line 1: "../data/documents.json" is ` +
      "read directly; this read is not tracked by the cache (a change to the file will not re-run the notebook); " +
      "use load()",
    ];
    const first = await renderScratch(dir, { site: false });
    assert.ok(first.ok, JSON.stringify({ failed: first.failed, errors: first.errors }));
    assert.deepEqual(first.ran.length, 1);
    assert.deepEqual(first.warnings, expected);
    assert.deepEqual(summarizeRender(first).warnings, expected);
    const again = await renderScratch(dir, { site: false });
    assert.deepEqual(again.cached.length, 1, "the second render takes the notebook from the cache");
    assert.deepEqual(again.warnings, expected);
  } finally {
    await cleanup();
  }
});
