/**
 * The real notebooks under Jupyter's own executor: each runs top to bottom
 * with `jupyter nbconvert --to notebook --execute` in under 30 s, and
 * reaches the same verdicts as claimbook's executor. Skipped (with a
 * message) where Jupyter is not installed; CI installs it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { renderedWorkspace } from "../helpers/rendered_workspace.ts";
import { VERDICT_MIME } from "../../lib/analysis/claims/verdict.ts";
import { nbconvertExecute } from "../../bench/lib/jupyter.ts";

const hasNbconvert = await new Deno.Command("sh", { args: ["-c", "command -v jupyter-nbconvert"], stdout: "null" })
  .output().then((o) => o.success).catch(() => false);
if (!hasNbconvert) console.log("compat_test: jupyter-nbconvert not installed; skipping (CI installs it)");

interface Verdict {
  claim: string;
  verdict: string;
  computed: { value: unknown } | null;
}

function verdictsOf(notebook: { cells: { outputs?: { data?: Record<string, unknown> }[] }[] }): Verdict[] {
  return notebook.cells.flatMap((cell) => cell.outputs ?? [])
    .map((output) => output.data?.[VERDICT_MIME] as Verdict | undefined)
    .filter((v): v is Verdict => v !== undefined);
}

Deno.test({
  name: "every notebook runs under jupyter nbconvert --execute in < 30 s, with the verdicts of our executor",
  ignore: !hasNbconvert,
  fn: async () => {
    const scratch = await Deno.makeTempDir({ prefix: "claimbook-compat-" });
    try {
      const { result: ours } = await renderedWorkspace();
      // Two at once, as on the two cores here; each is still timed on its own.
      const queue = [...ours.notebooks];
      await Promise.all([0, 1].map(async () => {
        for (let outcome = queue.shift(); outcome; outcome = queue.shift()) {
          const started = performance.now();
          const executed = await nbconvertExecute(outcome.path, join(scratch, "nbconvert"));
          const seconds = (performance.now() - started) / 1000;
          assert.ok(seconds < 30, `${outcome.notebook} took ${seconds.toFixed(1)} s under nbconvert`);
          const theirs = verdictsOf(JSON.parse(await Deno.readTextFile(executed)));
          const byClaim = (list: Verdict[]) =>
            Object.fromEntries(list.map((v) => [v.claim, [v.verdict, v.computed?.value ?? null]]));
          assert.deepEqual(byClaim(theirs), byClaim(outcome.verdicts), `${outcome.notebook}: verdicts differ`);
        }
      }));
    } finally {
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
    }
  },
});
