import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { main } from "../../lib/workspace/cli/new.ts";
import { ROOT } from "../helpers/paths.ts";

/** Runs `fn` on a copy of documents.json and an empty notebooks/ in a temp folder, removed afterwards. */
async function withWorkspaceCopy(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "claimbook-new-" });
  try {
    await Deno.mkdir(join(root, "data"));
    await Deno.mkdir(join(root, "notebooks"));
    await Deno.copyFile(join(ROOT, "data", "documents.json"), join(root, "data", "documents.json"));
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("new: adds a valid document, a first claim and a notebook skeleton", () =>
  withWorkspaceCopy(async (root) => {
    const before = parseDocuments(await Deno.readTextFile(join(root, "data", "documents.json")), "documents.json");
    assert.equal(await main(["korea-japan-2021", "--title", "Korea–Japan trade in 2021"], root), 0);
    const after = parseDocuments(await Deno.readTextFile(join(root, "data", "documents.json")), "documents.json");
    assert.equal(after.documents.length, before.documents.length + 1);
    assert.equal(after.documents.at(-1)?.title, "Korea–Japan trade in 2021");
    assert.equal(after.claims.at(-1)?.id, "korea-japan-2021-first-claim");
    const nb = JSON.parse(await Deno.readTextFile(join(root, "notebooks", "korea-japan-2021.ipynb")));
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.nbformat_minor, 5);
    assert.equal(nb.metadata.kernelspec.name, "deno");
    const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { source: string[] }) =>
      c.source.join("")
    ).join("\n");
    assert.match(code, /load\("imf-dots-annual"\)/, "loads the catalog");
    assert.match(code, /claimList\(DOC\)/, "lists its claims");
    assert.match(code, /check\("korea-japan-2021-first-claim"/);
    // What the notebook tests require of every notebook, from the first minute: no line over the formatter's width,
    // and a last cell that reports the In short paragraph.
    for (const cell of nb.cells as { source: string[] }[]) {
      for (const line of cell.source.join("").split("\n")) assert.ok(line.length <= 120, line);
    }
    assert.match(nb.cells.at(-1).source.join(""), /^\/\/ .*\nawait report\(inShort`/);
    for (const cell of nb.cells) if (cell.cell_type === "code") assert.deepEqual(cell.outputs, []);
  }));

Deno.test("new: refuses a bad id, an existing document, and never overwrites a notebook", () =>
  withWorkspaceCopy(async (root) => {
    const original = await Deno.readTextFile(join(root, "data", "documents.json"));
    assert.equal(await main(["Korea Japan"], root), 1);
    assert.equal(await main(["korus-news-2017"], root), 1);
    await Deno.writeTextFile(join(root, "notebooks", "fresh-doc.ipynb"), "{}");
    assert.equal(await main(["fresh-doc"], root), 1);
    assert.equal(await Deno.readTextFile(join(root, "notebooks", "fresh-doc.ipynb")), "{}");
    assert.equal(await Deno.readTextFile(join(root, "data", "documents.json")), original, "documents.json untouched");
    assert.equal(await main([], root), 2);
  }));
