import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { ROOT } from "../helpers/paths.ts";

const documents = parseDocuments(Deno.readTextFileSync(join(ROOT, "data", "documents.json")), "documents.json");
const notebookFiles = [...Deno.readDirSync(join(ROOT, "notebooks"))]
  .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
  .map((e) => e.name)
  .sort();

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: unknown;
}

function read(
  name: string,
): { metadata: Record<string, unknown>; nbformat: number; nbformat_minor: number; cells: Cell[] } {
  return JSON.parse(Deno.readTextFileSync(join(ROOT, "notebooks", name)));
}

const sourceOf = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

Deno.test("every document has a notebook named after it, and no notebook lacks a document", () => {
  assert.deepEqual(notebookFiles, documents.documents.map((d) => `${d.id}.ipynb`).sort());
});

for (const name of notebookFiles) {
  Deno.test(`${name}: valid nbformat 4.5 with the Deno kernelspec`, () => {
    const nb = read(name);
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.nbformat_minor, 5);
    const kernelspec = nb.metadata.kernelspec as Record<string, string>;
    assert.equal(kernelspec.name, "deno");
    assert.equal(kernelspec.language, "typescript");
    assert.equal((nb.metadata.claimbook as Record<string, string>).document, name.replace(/\.ipynb$/, ""));
    const ids = new Set<string>();
    for (const cell of nb.cells) {
      assert.match(cell.id ?? "", /^[a-zA-Z0-9-_]{1,64}$/, "every cell has a valid nbformat 4.5 id");
      assert.ok(!ids.has(cell.id!), `duplicate cell id ${cell.id}`);
      ids.add(cell.id!);
      assert.ok(["code", "markdown", "raw"].includes(cell.cell_type));
      assert.ok(typeof cell.metadata === "object");
    }
  });

  Deno.test(`${name}: committed with outputs cleared`, () => {
    for (const cell of read(name).cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, [], `cell ${cell.id} holds outputs; clear them before committing`);
      assert.equal(cell.execution_count, null, `cell ${cell.id} has an execution count`);
    }
  });

  Deno.test(`${name}: checks every claim of its document exactly once`, () => {
    const docId = name.replace(/\.ipynb$/, "");
    const code = read(name).cells.filter((c) => c.cell_type === "code").map(sourceOf).join("\n");
    const checked = [...code.matchAll(/check\(\s*"([a-z0-9-]+)"/g)].map((m) => m[1]);
    const expected = documents.claims.filter((c) => c.document === docId).map((c) => c.id);
    assert.deepEqual([...checked].sort(), [...expected].sort());
  });

  Deno.test(`${name}: no stated figure typed into code; it reads claims and data through @lib/`, () => {
    const code = read(name).cells.filter((c) => c.cell_type === "code").map(sourceOf).join("\n");
    assert.match(code, /from "@lib\/analysis\/mod\.ts"/);
    assert.match(code, /claimStatus\(DOC\)/, "ends with the live status table");
    assert.doesNotMatch(code, /\/work\/|\/home\/|\/root\//, "no absolute local paths");
  });
}
