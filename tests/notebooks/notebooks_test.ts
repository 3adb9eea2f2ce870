import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { ROOT } from "../helpers/paths.ts";
import { prosePatterns, typedFigures } from "./typed_figures.ts";

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

  Deno.test(`${name}: checks every claim of its document, each in one cell`, () => {
    const docId = name.replace(/\.ipynb$/, "");
    const cells = read(name).cells.filter((c) => c.cell_type === "code").map(sourceOf);
    // A cell may check a claim in two branches (e.g. on a resource when it exists, else unverifiable): the render's
    // ledger then holds one verdict. Across cells, one cell per claim.
    const perCell = cells.map((code) => new Set([...code.matchAll(/check\(\s*"([a-z0-9-]+)"/g)].map((m) => m[1])));
    const checked = perCell.flatMap((ids) => [...ids]);
    const expected = documents.claims.filter((c) => c.document === docId).map((c) => c.id);
    assert.deepEqual([...checked].sort(), [...expected].sort());
  });

  Deno.test(`${name}: no stated figure typed into code or prose; it reads claims and data through @lib/`, () => {
    const nb = read(name);
    const code = nb.cells.filter((c) => c.cell_type === "code").map(sourceOf).join("\n");
    assert.match(code, /from "@lib\/analysis\/mod\.ts"/);
    assert.match(code, /claimStatus\(DOC\)/, "ends with the live status table");
    assert.doesNotMatch(code, /\/work\/|\/home\/|\/root\//, "no absolute local paths");
    const docId = name.replace(/\.ipynb$/, "");
    const typed = typedFigures(
      nb.cells.map((c) => ({ cell_type: c.cell_type, source: sourceOf(c) })),
      documents.claims.filter((c) => c.document === docId),
    );
    assert.deepEqual(
      typed.map((t) => `cell ${t.cell} (${t.where}): ${t.text} — use claim("${t.claim}").stated or the data`),
      [],
    );
  });

  Deno.test(`${name}: formatted, no line over the formatter's width`, () => {
    // `deno task fmt` formats the notebooks (deno task check checks it); long strings it cannot break are split with prose``.
    const width = (JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).fmt?.lineWidth as number) ?? 80;
    read(name).cells.forEach((cell, i) => {
      for (const [n, line] of sourceOf(cell).split("\n").entries()) {
        assert.ok(line.length <= width, `cell ${i + 1}, line ${n + 1}: ${line.length} characters (at most ${width})`);
      }
    });
  });

  Deno.test(`${name}: ends on report(), not on a bare value`, () => {
    const code = read(name).cells.filter((c) => c.cell_type === "code").map(sourceOf);
    for (const [i, cell] of code.entries()) {
      const last = cell.trimEnd().split("\n").at(-1) ?? "";
      // A bare last expression (a value the kernel sends after the cell finished) is what front ends drop.
      assert.doesNotMatch(
        last,
        /^(Deno\.jupyter\.md|inShort|show|chart|check|claimStatus)\b/,
        `code cell ${i + 1}: ${last}`,
      );
    }
    assert.match(code.at(-1) ?? "", /await report\(\s*inShort`/, "the last cell reports the In short paragraph");
  });
}

Deno.test("typed figures: a stated figure typed into code or prose is found; a quotation of the document is not", () => {
  const claims = documents.claims.filter((c) => c.document === "korus-news-2017");
  const autos = claims.find((c) => c.id === "news-autos-deficit-24bn")!;
  const cells = [
    { cell_type: "markdown", source: "The deficit in autos was \\\\$24 billion in 2016." },
    { cell_type: "markdown", source: "## Autos: “\\\\$24 billion … about 90 percent”" },
    { cell_type: "code", source: 'check("news-autos-deficit-24bn", usdBillions(24), { sources: [x] });' },
    { cell_type: "code", source: "const stated = 27.6; // the 2016 deficit" },
    { cell_type: "code", source: "note: `Cars were ${share}% of $24,000 million, i.e. 90 percent`," },
    { cell_type: "code", source: "await report(show(t, { caption: `US$ millions, ${year}`, digits: 1 }));" },
    { cell_type: "code", source: 'const readings = { "2016": 24, rule: /\\$24/ }; // 24 rows' },
  ];
  const found = typedFigures(cells, claims).map((t) => `${t.cell}:${t.where}:${t.claim}`);
  assert.deepEqual(found, [
    `1:prose:${autos.id}`,
    `3:code:${autos.id}`,
    "4:code:news-deficit-2016",
    `5:prose:${autos.id}`,
    "5:prose:news-autos-share-90",
  ]);
});

Deno.test("typed figures: every real notebook, with one stated figure typed in, fails the check", () => {
  let tried = 0;
  for (const name of notebookFiles) {
    const docId = name.replace(/\.ipynb$/, "");
    const claims = documents.claims.filter((c) => c.document === docId);
    // A money figure in millions or billions that prose can spell (a placeholder's $0 billion cannot be told apart).
    const figure = claims.find((c) =>
      ["USD millions", "USD billions"].includes(c.stated.unit) && prosePatterns(c).length > 0
    );
    if (!figure) continue;
    tried++;
    const cells = read(name).cells.map((c) => ({ cell_type: c.cell_type, source: sourceOf(c) }));
    const typedIn = `${figure.stated.unit === "USD billions" ? "usdBillions" : "usdMillions"}(${figure.stated.value})`;
    const inCode = [...cells, { cell_type: "code", source: `const x = ${typedIn};` }];
    assert.ok(typedFigures(inCode, claims).some((t) => t.claim === figure.id && t.where === "code"), name);
    const word = figure.stated.unit === "USD billions" ? "billion" : "million";
    const inProse = [...cells, { cell_type: "markdown", source: `It was \\\\$${figure.stated.value} ${word}.` }];
    assert.ok(typedFigures(inProse, claims).some((t) => t.claim === figure.id && t.where === "prose"), name);
  }
  assert.ok(tried > 0, "no notebook's document states an amount in US$ millions or billions");
});
