/**
 * The executor against the real Deno kernel, on the fixture notebooks.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { executeNotebook } from "../../lib/workspace/executor/execute.ts";
import type { CodeCell, Notebook, Output } from "../../lib/workspace/executor/notebook.ts";
import { readNotebook } from "../../lib/workspace/executor/notebook.ts";
import { liveKernels } from "../../lib/workspace/kernel/process.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { FIXTURE_DATA, NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

const readExecuted = async (buildDir: string, stem: string): Promise<Notebook> =>
  JSON.parse(await Deno.readTextFile(join(buildDir, "notebooks", `${stem}.ipynb`)));

const codeCell = (notebook: Notebook, id: string): CodeCell => {
  const cell = notebook.cells.find((c) => c.id === id);
  assert.ok(cell && cell.cell_type === "code", `no code cell ${id}`);
  return cell;
};

const plain = (output: Output): unknown =>
  output.output_type === "stream"
    ? output.text
    : output.output_type === "error"
    ? `${output.ename}: ${output.evalue}`
    : output.data["text/plain"];

Deno.test("a clean run: every kind of output, rich displays, verdicts, the ledger; every kernel stopped", async () => {
  const [buildDir, cleanup] = await tempDir();
  try {
    const events: string[] = [];
    const result = await renderWorkspace({
      root: ROOT,
      buildDir,
      dataDir: FIXTURE_DATA,
      notebooksDir: join(NOTEBOOKS, "ok"),
      site: false,
      onEvent: (e) => events.push(e.type),
    });
    assert.deepEqual(result.failed, []);
    assert.ok(result.ok, JSON.stringify(result.ledgerProblems));
    // The last kernels stop while the render writes its ledger (and site: none here, so the render would end before
    // them if it did not wait for them); none outlives the render.
    assert.deepEqual(liveKernels(), [], "renderWorkspace returns with every kernel stopped");
    assert.deepEqual(result.ran.sort(), [
      "tests/fixtures/notebooks/ok/alpha.ipynb",
      "tests/fixtures/notebooks/ok/beta.ipynb",
      "tests/fixtures/notebooks/ok/outputs.ipynb",
    ]);
    assert.ok(events.includes("plan") && events.includes("cell-start") && events.includes("kernel-ready"));

    const nb = await readExecuted(buildDir, "outputs");
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.nbformat_minor, 5);
    assert.equal(nb.metadata.language_info?.name, "typescript");
    assert.ok(nb.cells.every((c) => typeof c.id === "string" && c.id.length > 0));
    // Streams: stdout, stderr, stdout stay in order.
    assert.deepEqual(codeCell(nb, "outputs-02").outputs, [
      { output_type: "stream", name: "stdout", text: "hello stdout\n" },
      { output_type: "stream", name: "stderr", text: "hello stderr\n" },
      { output_type: "stream", name: "stdout", text: "more stdout\n" },
    ]);
    // execute_result with its execution count; the kernel's ANSI colours are kept, as Jupyter keeps them.
    const result42 = codeCell(nb, "outputs-03");
    assert.equal(result42.outputs[0].output_type, "execute_result");
    assert.match(String(plain(result42.outputs[0])), /42/);
    assert.equal((result42.outputs[0] as { execution_count: number }).execution_count, result42.execution_count);
    // Rich display.
    const html = codeCell(nb, "outputs-04").outputs[0];
    assert.ok(html.output_type === "execute_result" && html.data["text/html"] === "<b>bold</b>");
    // display_id: the first display was replaced by the update in the next cell.
    const shown = codeCell(nb, "outputs-05").outputs;
    assert.ok(shown[0].output_type === "display_data");
    assert.deepEqual(shown[0].data, { "text/plain": "second", "text/html": "<i>second</i>" });
    assert.deepEqual(codeCell(nb, "outputs-06").outputs, []);
    // clear_output, with and without wait.
    assert.deepEqual(codeCell(nb, "outputs-07").outputs.map(plain), ["after wait-clear"]);
    assert.deepEqual(codeCell(nb, "outputs-08").outputs.map(plain), ["after clear"]);
    // Unicode and 1 MB of output.
    assert.deepEqual(codeCell(nb, "outputs-09").outputs.map(plain), ["한국 무역 — ünïcödé ✔ 🇰🇷\n"]);
    const big = codeCell(nb, "outputs-10").outputs;
    assert.equal(big.length, 1);
    assert.equal(String(plain(big[0])), "x".repeat(1024 * 1024) + "\n");
    // A custom JSON MIME type stays an object.
    const custom = codeCell(nb, "outputs-11").outputs[0];
    assert.ok(custom.output_type === "execute_result");
    assert.deepEqual(custom.data["application/vnd.claimbook.test+json"], { nested: { n: 1 } });
    // The empty cell is not run; the cell tagged raises-exception fails without stopping the notebook.
    assert.equal(codeCell(nb, "outputs-12").execution_count, null);
    assert.deepEqual(codeCell(nb, "outputs-13").outputs.map(plain), ["Error: expected by the tag"]);
    assert.match(String(plain(codeCell(nb, "outputs-14").outputs[0])), /end/);

    // Verdicts reached the ledger, with their cells.
    const ledger = result.ledger!;
    assert.deepEqual(ledger.verdicts.map((v) => [v.claim, v.verdict, v.cellId]).sort(), [
      ["fx-alpha-2020", "discrepant", "alpha-05"],
      ["fx-alpha-total", "confirmed", "alpha-04"],
      ["fx-beta-total", "confirmed", "beta-02"],
    ]);
    const written = JSON.parse(await Deno.readTextFile(join(buildDir, "claims.json")));
    assert.equal(written.verdicts.length, 3);
    // The sources are untouched.
    const source = JSON.parse(await Deno.readTextFile(join(NOTEBOOKS, "ok/outputs.ipynb")));
    assert.ok(source.cells.every((c: { outputs?: unknown[] }) => !c.outputs || c.outputs.length === 0));
  } finally {
    await cleanup();
  }
});

Deno.test("failures: stop on error, timeouts (interrupt; kill), a dying kernel, malformed notebooks named — the notebook in a folder with spaces unaffected", async () => {
  const [buildDir, cleanup] = await tempDir();
  try {
    const failing = ["error", "exit", "timeout-loop", "timeout-await"].map((n) =>
      join(NOTEBOOKS, `failing/${n}.ipynb`)
    );
    const invalid = ["bad-json", "nbformat3", "no-kernelspec", "python"].map((n) =>
      join(NOTEBOOKS, `invalid/${n}.ipynb`)
    );
    const spaced = join(NOTEBOOKS, "with spaces/spaced notebook.ipynb");
    const result = await renderWorkspace({
      root: ROOT,
      buildDir,
      dataDir: FIXTURE_DATA,
      notebooks: [...failing, ...invalid, spaced],
      site: false,
      interruptGrace: 1,
      onEvent: () => {},
    });
    assert.equal(result.ok, false);
    assert.deepEqual(result.ran, ["tests/fixtures/notebooks/with spaces/spaced notebook.ipynb"]);
    assert.equal(result.failed.length, 8);
    const failure = (stem: string) => result.failed.find((f) => f.notebook.endsWith(`/${stem}.ipynb`))!;

    const error = failure("error");
    assert.equal(error.kind, "error");
    assert.equal(error.cell, 2);
    assert.equal(error.ename, "TypeError");
    assert.match(
      error.message,
      /^tests\/fixtures\/notebooks\/failing\/error\.ipynb, cell 2 \(id error-02\): TypeError: boom in cell 2/,
    );
    assert.ok(!error.message.includes("\u001b["), "ANSI codes are stripped");
    const errorNb = await readExecuted(buildDir, "error");
    assert.ok(codeCell(errorNb, "error-02").outputs.some((o) => o.output_type === "error" && o.ename === "TypeError"));
    assert.equal(codeCell(errorNb, "error-03").execution_count, null, "stop on error: cell 3 never ran");

    const loop = failure("timeout-loop");
    assert.equal(loop.kind, "timeout");
    assert.equal(loop.cell, 2);
    assert.match(
      loop.message,
      /timeout-loop\.ipynb, cell 2 .*did not finish within 2 s \(the kernel was interrupted\)/,
    );
    const loopNb = await readExecuted(buildDir, "timeout-loop");
    assert.deepEqual(codeCell(loopNb, "timeout-loop-02").outputs.map((o) => o.output_type), ["stream", "error"]);

    const stuck = failure("timeout-await");
    assert.equal(stuck.kind, "timeout");
    assert.match(stuck.message, /did not answer the interrupt and was killed/);

    const died = failure("exit");
    assert.equal(died.kind, "kernel-died");
    assert.equal(died.cell, 2);
    assert.match(died.message, /exit\.ipynb, cell 2 .*DeadKernelError: the kernel exited with code 1/);

    // Malformed notebooks fail with their file named.
    for (const stem of ["bad-json", "nbformat3", "no-kernelspec", "python"]) {
      const f = failure(stem);
      assert.equal(f.kind, "invalid", stem);
      assert.ok(f.message.startsWith(f.notebook + ": "), f.message);
    }

    // The notebook in a folder with spaces ran as usual.
    const nb = await readExecuted(buildDir, "spaced notebook");
    const outputs = (nb.cells[0] as CodeCell).outputs.map(plain);
    assert.equal(outputs[0], join(NOTEBOOKS, "with spaces") + "\n", "the kernel runs in the notebook's folder");
    assert.match(String(outputs[1]), /USD millions/, "the workspace import map is found");

    // A failed run writes no ledger.
    await assert.rejects(Deno.stat(join(buildDir, "claims.json")), Deno.errors.NotFound);
    assert.equal(liveKernels().length, 0);
  } finally {
    await cleanup();
  }
});

Deno.test("cancelling mid-cell kills the kernel and reports the notebook as cancelled", async () => {
  const source = await readNotebook(join(NOTEBOOKS, "slow/sleep.ipynb"), { root: ROOT });
  const controller = new AbortController();
  const run = executeNotebook(source, {
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === "cell-start" && e.position === 1) setTimeout(() => controller.abort(), 100);
    },
  });
  const result = await run;
  await result.stopped;
  assert.equal(result.status, "cancelled");
  assert.equal(liveKernels().length, 0);
});
