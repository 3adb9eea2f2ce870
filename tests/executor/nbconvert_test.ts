/**
 * Compatibility with Jupyter's own tools, where they are installed (CI
 * installs them): our executed notebooks convert with `nbconvert --to html`,
 * and `nbconvert --execute` on the same fixture notebooks reaches the same
 * verdicts as our executor.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { buildLedger, readDocumentsFile, verdictsOf } from "../../lib/workspace/ledger/mod.ts";
import type { Notebook } from "../../lib/workspace/executor/notebook.ts";
import type { Ledger } from "../../lib/workspace/ledger/types.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { FIXTURE_DATA, hasNbconvert, NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

const JUPYTER = hasNbconvert();
const SKIP_NOTE = "jupyter-nbconvert is not on PATH (apt-get install jupyter-nbconvert python3-ipykernel); skipped";
const fixtures = ["alpha", "beta", "outputs"].map((stem) => join(NOTEBOOKS, `ok/${stem}.ipynb`));

async function nbconvert(args: string[]): Promise<void> {
  const { code, stderr } = await new Deno.Command("jupyter-nbconvert", {
    args,
    cwd: ROOT,
    env: { CLAIMBOOK_DATA_DIR: FIXTURE_DATA },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, `jupyter nbconvert ${args.join(" ")} failed:\n${new TextDecoder().decode(stderr)}`);
}

let ours: Promise<{ buildDir: string; ledger: Ledger }> | undefined;

/** Our executor on the fixture notebooks, once for this file (both tests read it). */
function executeOurs(): Promise<{ buildDir: string; ledger: Ledger }> {
  ours ??= (async () => {
    const buildDir = join(await scratch(), "_build");
    const result = await renderWorkspace({
      root: ROOT,
      buildDir,
      dataDir: FIXTURE_DATA,
      notebooks: fixtures,
      site: false,
      onEvent: () => {},
    });
    assert.ok(result.ok && result.ledger, result.failed.map((f) => f.message).join("\n"));
    return { buildDir, ledger: result.ledger };
  })();
  return ours;
}

let scratchDir: [string, () => Promise<void>] | undefined;
async function scratch(): Promise<string> {
  scratchDir ??= await tempDir();
  return scratchDir[0];
}

Deno.test({
  name: "executed notebooks convert with jupyter nbconvert --to html",
  ignore: !JUPYTER,
  fn: async () => {
    const dir = await scratch();
    const { buildDir } = await executeOurs();
    const executed = ["alpha", "beta", "outputs"].map((stem) => join(buildDir, "notebooks", `${stem}.ipynb`));
    await nbconvert(["--to", "html", "--output-dir", join(dir, "html"), ...executed]);
    const html = await Deno.readTextFile(join(dir, "html/alpha.html"));
    assert.match(html, /fx-alpha-total/);
    assert.match(await Deno.readTextFile(join(dir, "html/outputs.html")), /한국 무역/);
  },
});

Deno.test({
  name: "jupyter nbconvert --execute reaches the same verdicts as our executor",
  ignore: !JUPYTER,
  fn: async () => {
    const dir = await scratch();
    try {
      const { ledger: ours } = await executeOurs();
      const out = join(dir, "nbconvert");
      await nbconvert(["--to", "notebook", "--execute", "--output-dir", out, ...fixtures.slice(0, 2)]);
      const documents = await readDocumentsFile(FIXTURE_DATA);
      const notebooks = await Promise.all(["alpha", "beta"].map(async (stem) => {
        const notebook = JSON.parse(await Deno.readTextFile(join(out, `${stem}.ipynb`))) as Notebook;
        const path = `tests/fixtures/notebooks/ok/${stem}.ipynb`;
        return { notebook: path, documentId: `fixture-${stem}`, verdicts: verdictsOf(path, notebook).verdicts };
      }));
      const theirs = buildLedger({ documents, notebooks });
      const key = (l: typeof ours) =>
        l.verdicts.map((v) => [v.claim, v.verdict, v.computed?.value, v.cellId].join(" ")).sort();
      assert.deepEqual(key(theirs), key(ours));
      assert.deepEqual(theirs.totals, ours.totals);
      assert.deepEqual(theirs.documents, ours.documents.filter((d) => d.id !== "fixture-outputs"));
    } finally {
      await scratchDir?.[1]();
    }
  },
});

if (!JUPYTER) console.log(`nbconvert tests: ${SKIP_NOTE}`);
