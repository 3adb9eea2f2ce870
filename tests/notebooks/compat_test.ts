/**
 * The real notebooks under Jupyter's own executor: `jupyter nbconvert --to
 * notebook --execute` runs each top to bottom in under 30 s and reaches the
 * ledger of claimbook's executor — every verdict with its figure and cell,
 * the counts per document and the totals. One nbconvert process executes
 * them all, one after the other (a process per notebook cost a Python start,
 * about a second of CPU, each); each notebook is timed from nbconvert's log
 * as it comes. Skipped (with a message) where Jupyter is not installed; CI
 * installs it.
 */
import assert from "node:assert/strict";
import { basename, join } from "node:path";
import { buildLedger, readDocumentsFile, verdictsOf } from "../../lib/workspace/ledger/mod.ts";
import type { Notebook } from "../../lib/workspace/executor/notebook.ts";
import type { LedgerEntry } from "../../lib/workspace/ledger/types.ts";
import { hasNbconvert } from "../executor/helpers.ts";
import { ROOT } from "../helpers/paths.ts";
import { executedWorkspace } from "../helpers/rendered_workspace.ts";

const JUPYTER = hasNbconvert();
if (!JUPYTER) console.log("compat_test: jupyter-nbconvert not installed; skipping (CI installs it)");

/**
 * Executes `notebooks` with one `jupyter nbconvert --execute` into `outDir`;
 * returns the seconds each took: from the process start for the first, from
 * the end of the one before for the others (nbconvert logs "Writing … bytes
 * to <file>" as each ends).
 */
async function nbconvertExecuteAll(notebooks: string[], outDir: string): Promise<Map<string, number>> {
  const started = performance.now();
  const child = new Deno.Command("jupyter-nbconvert", {
    args: ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "--output-dir", outDir, ...notebooks],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const seconds = new Map<string, number>();
  let log = "";
  let since = started;
  let pending = "";
  for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
    log += chunk;
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const written = line.match(/Writing \d+ bytes to (.+\.ipynb)\s*$/);
      if (!written) continue;
      const now = performance.now();
      seconds.set(basename(written[1]), (now - since) / 1000);
      since = now;
    }
  }
  const { success } = await child.status;
  assert.ok(success, `jupyter nbconvert --execute failed:\n${log.slice(-3000)}`);
  return seconds;
}

/** A verdict as the comparison sees it: claim, verdict, figure, cell. */
const key = (v: LedgerEntry) => [v.claim, v.verdict, JSON.stringify(v.computed?.value ?? null), v.cellId].join(" ");

Deno.test({
  name: "every notebook runs under jupyter nbconvert --execute in < 30 s, to the ledger of our executor",
  ignore: !JUPYTER,
  fn: async () => {
    const scratch = await Deno.makeTempDir({ prefix: "claimbook-compat-" });
    try {
      const { result: ours, ledger } = await executedWorkspace();
      assert.ok(ours.notebooks.length > 0 && ledger.verdicts.length > 0);
      const seconds = await nbconvertExecuteAll(ours.notebooks.map((o) => o.path), scratch);
      const notebooks = await Promise.all(ours.notebooks.map(async (outcome) => {
        const file = basename(outcome.path);
        const took = seconds.get(file);
        assert.ok(took !== undefined, `nbconvert did not write ${file}`);
        assert.ok(took < 30, `${outcome.notebook} took ${took.toFixed(1)} s under nbconvert`);
        const executed = JSON.parse(await Deno.readTextFile(join(scratch, file))) as Notebook;
        const { verdicts, problems } = verdictsOf(outcome.notebook, executed);
        assert.deepEqual(problems, [], `${outcome.notebook}: malformed verdict outputs under nbconvert`);
        assert.deepEqual(
          verdicts.map(key).sort(),
          outcome.verdicts.map(key).sort(),
          `${outcome.notebook}: verdicts differ`,
        );
        return { notebook: outcome.notebook, documentId: outcome.documentId ?? outcome.stem, verdicts };
      }));
      const theirs = buildLedger({ documents: await readDocumentsFile(join(ROOT, "data")), notebooks });
      assert.deepEqual(theirs.verdicts.map(key), ledger.verdicts.map(key));
      assert.deepEqual(theirs.totals, ledger.totals);
      assert.deepEqual(theirs.documents, ledger.documents);
    } finally {
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
    }
  },
});
