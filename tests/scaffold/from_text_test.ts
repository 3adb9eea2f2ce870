import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import { main } from "../../lib/workspace/cli/new.ts";
import { ROOT } from "../helpers/paths.ts";
import { typedFigures } from "../notebooks/typed_figures.ts";

/** A copy of data/ and an empty notebooks/ in a temp folder; the real workspace is never written. */
async function workspaceCopy(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "claimbook-from-" });
  await Deno.mkdir(join(root, "data"));
  await Deno.mkdir(join(root, "notebooks"));
  for await (const entry of Deno.readDir(join(ROOT, "data"))) {
    if (entry.isFile) await Deno.copyFile(join(ROOT, "data", entry.name), join(root, "data", entry.name));
  }
  return root;
}

// Two sentences quoted from the 2017 KORUS news item (seed 002).
const ARTICLE = [
  "USTR said U.S. exports to South Korea in 2016 were valued at $42.3 billion, less than $3.5 billion when the agreement was signed in 2011, a decline of 2.7 percent.",
  "From 2011 to 2016, the U.S. trade deficit in goods with South Korea more than doubled, rising from $13.2 billion to $27.6 billion.",
].join("\n");

Deno.test("new --from: proposed records, valid documents.json, a notebook with one section per claim", async () => {
  const root = await workspaceCopy();
  try {
    const article = join(root, "article.txt");
    await Deno.writeTextFile(article, ARTICLE);
    assert.equal(await main(["korus-try", "--from", article, "--date", "2017-10", "--publisher", "News"], root), 0);
    const file = parseDocuments(await Deno.readTextFile(join(root, "data", "documents.json")), "documents.json");
    const claims = file.claims.filter((c) => c.document === "korus-try");
    assert.equal(claims.length, 6);
    assert.ok(claims.every((c) => c.status === "proposed" && ARTICLE.includes(c.quote)));
    const doubled = claims.find((c) => c.quote.endsWith("more than doubled"))!;
    assert.deepEqual([doubled.stated, doubled.tolerance, doubled.period], [{ value: 2, unit: "ratio" }, {
      kind: "more-than",
    }, "2011→2016"]);
    const nb = JSON.parse(await Deno.readTextFile(join(root, "notebooks", "korus-try.ipynb")));
    const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code").map((c: { source: string[] }) =>
      c.source.join("")
    );
    for (const claim of claims) {
      assert.ok(code.some((c: string) => c.includes(`check("${claim.id}"`)), `a section checks ${claim.id}`);
    }
    // The deficit multiple is computed from the US's own annual statistics (Census), as the notebook does, and its
    // tentative verdict is written beside it.
    const section = code.find((c: string) => c.includes(`check("${doubled.id}"`))!;
    assert.match(section, /multiple\(balance\(quantityAt\(censusGoodsByCountryAnnual/);
    assert.match(section, /Tentative verdict: confirmed/);
    // Markdown quotes write dollars escaped, so Jupyter's MathJax leaves "$13.2 billion … $27.6 billion" alone.
    const markdown = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "markdown").map((
      c: { source: string[] },
    ) => c.source.join("")).join("\n");
    assert.match(markdown, /\\\\\$13\.2 billion/);
    // The two Census monthly tables give the same exports for 2016: one candidate, naming the other.
    assert.match(markdown, /the same from\s+census-goods-by-(country|partner)-monthly/);
    assert.doesNotMatch(markdown, /(^|[^\\])\$\d/);
    // No stated figure typed in outside the quotes of the document (it would go stale when the record is fixed), and
    // the last cell reports the In short paragraph, as the notebook tests require.
    const cells = nb.cells.map((c: { cell_type: string; source: string[] }) => ({ ...c, source: c.source.join("") }));
    assert.deepEqual(typedFigures(cells, claims), []);
    assert.match(code.at(-1), /await report\(inShort`/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("new --from: an empty file, a binary file and a text with no numbers write nothing", async () => {
  const root = await workspaceCopy();
  try {
    const before = await Deno.readTextFile(join(root, "data", "documents.json"));
    const cases: [string, Uint8Array][] = [
      ["empty.txt", new Uint8Array()],
      ["scan.pdf", new Uint8Array([37, 80, 68, 70, 0, 1, 2])],
      ["words.md", new TextEncoder().encode("# Notes\n\nTrade talks went on.\n")],
    ];
    for (const [name, bytes] of cases) {
      await Deno.writeFile(join(root, name), bytes);
      assert.equal(await main(["some-doc", "--from", join(root, name)], root), 1, name);
    }
    assert.equal(await Deno.readTextFile(join(root, "data", "documents.json")), before, "documents.json untouched");
    assert.deepEqual([...Deno.readDirSync(join(root, "notebooks"))], [], "no notebook written");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
