/**
 * Bad notebooks through the real pipeline (kernel, executor, site): a
 * syntax error, 10 MB of output, one message of 10 MB and one of 16 MB,
 * hostile HTML output. (Invalid JSON, nbformat 3, missing or non-Deno
 * kernelspecs, infinite loops, Deno.exit() and a kernel dying mid-cell are
 * in tests/executor/notebook_test.ts and execute_test.ts.) The notebooks
 * that need no site share one render, and those whose pages are read share
 * another: a kernel each, one render.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { RenderResult } from "../../lib/workspace/render/pipeline.ts";
import { kernelsGone, renderScratch, writeNotebooks } from "./helpers.ts";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
}

const textOf = (outputs: Output[], name: string) =>
  outputs.filter((o) => o.name === name).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");

const failedOnly = (result: RenderResult) =>
  JSON.stringify({ failed: result.failed, errors: result.errors, ledger: result.ledgerProblems });

Deno.test("bad notebooks, no site: a syntax error; a message failing its signature; 16 MB in one message", async (t) => {
  const { dir, cleanup } = await writeNotebooks({
    "syntax-error": ["const fine = 1;", "const broken = ;", "fine"],
    // One 10 MB message: the Deno kernel often signs it wrongly or loses it; either way nothing unverified is kept.
    huge: ['console.log("0123456789".repeat(1_000_000));'],
    // 16 MB by one console.log, then two small cells (see the step below).
    "huge-then-small": ['console.log("x".repeat(16_000_000));', 'console.log("after");', 'console.log("third");'],
  });
  try {
    const result = await renderScratch(dir, { site: false });
    const outcome = (stem: string) => result.notebooks.find((n) => n.notebook.endsWith(`/${stem}.ipynb`))!;

    await t.step("a syntax error stops its notebook with the cell, error name and message", () => {
      assert.equal(result.ok, false);
      assert.equal(result.failed.length, 1, failedOnly(result));
      const [failure] = result.failed;
      assert.match(failure.notebook, /syntax-error\.ipynb$/);
      assert.equal(failure.cell, 2);
      assert.match(`${failure.ename}: ${failure.message}`, /SyntaxError|Unexpected token|Expression expected/);
    });

    await t.step(
      "a kernel message that fails its signature is dropped, and the cell says its output may be incomplete",
      async () => {
        const executed = JSON.parse(await Deno.readTextFile(outcome("huge").executedPath!));
        const outputs = executed.cells[0].outputs as { name?: string; text?: string | string[] }[];
        const text = outputs.map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");
        // Either the message arrived intact (all 10 MB) or it was rejected and the cell says so.
        assert.ok(
          text.length > 10_000_000 || /message\(s\) from the kernel were rejected/.test(text) || text === "",
          `got ${text.slice(0, 200)}`,
        );
      },
    );

    // The Deno kernel relays a 16 MB message after the cell's "idle", and used to stamp the next cell's output with
    // the cell after it, or garble its IOPub stream so that every later output was lost, the "rejected" note landing
    // on a later cell. Now every cell keeps its own output; the big one is kept or, when the kernel garbled it,
    // replaced by a note on its own cell. Never a silent loss.
    await t.step(
      "a 16 MB console.log keeps every other cell's output, and its note (if any) stays on its own cell",
      async () => {
        assert.ok(!result.failed.some((f) => f.notebook.endsWith("/huge-then-small.ipynb")), failedOnly(result));
        const executed = JSON.parse(await Deno.readTextFile(outcome("huge-then-small").executedPath!));
        const [big, after, third] = executed.cells.map((c: { outputs: Output[] }) => c.outputs);
        const bigOut = textOf(big, "stdout");
        const bigNote = textOf(big, "stderr");
        assert.ok(
          bigOut === "x".repeat(16_000_000) + "\n" || /message\(s\) from the kernel were rejected/.test(bigNote),
          `the big output is there whole, or its cell says it was lost: ${bigOut.length} bytes, note ${bigNote}`,
        );
        assert.equal(textOf(after, "stdout"), "after\n", "the next cell keeps its output");
        assert.equal(textOf(after, "stderr"), "", "no note lands on the next cell");
        assert.equal(textOf(third, "stdout"), "third\n");
        assert.equal(textOf(third, "stderr"), "");
      },
    );

    await t.step("no kernel is left", async () => {
      assert.ok(result.notebooks.length === 3 && result.notebooks.every((n) => n.executedPath));
      assert.deepEqual(await kernelsGone(dir), []);
    });
  } finally {
    await cleanup();
  }
});

Deno.test("bad notebooks in the site: 10 MB of output; hostile HTML", async (t) => {
  const hostile =
    `<p>ok</p><script>window.pwned = 1</script><img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a>`;
  const { dir, cleanup } = await writeNotebooks({
    // Printed in 1 MB parts: the Deno kernel (2.9) mangles single messages of several MB (see the test above).
    "big-output": ['for (let i = 0; i < 10; i++) console.log("0123456789".repeat(100_000));', '"done"'],
    hostile: [
      `await Deno.jupyter.display({ [Symbol.for("Jupyter.display")]() { return { "text/html": ${
        JSON.stringify(hostile)
      }, "text/plain": "hostile" }; } });`,
      `await Deno.jupyter.display(Deno.jupyter.md\`[link](javascript:alert(3)) <script>alert(4)</script>\`);`,
      "await new Promise((r) => setTimeout(r, 10));",
    ],
  });
  try {
    const result = await renderScratch(dir);
    assert.ok(result.ok, failedOnly(result));

    await t.step("10 MB of output is kept in the notebook and cut, with a note, in the HTML", async () => {
      const big = result.notebooks.find((n) => n.notebook.endsWith("/big-output.ipynb"))!;
      const executed = await Deno.readTextFile(big.executedPath!);
      assert.ok(executed.length > 10_000_000, "the executed notebook keeps all of it");
      const page = await Deno.readTextFile(join(dir, "_site", "big-output.html"));
      assert.ok(page.length < 1_000_000, `the page is ${page.length} bytes`);
      assert.match(page, /cut|truncated|more/i, "the page says the output was cut");
    });

    await t.step("an output with <script>, an onerror image and a javascript: link is inert in the HTML", async () => {
      const page = await Deno.readTextFile(join(dir, "_site", "hostile.html"));
      assert.match(page, /<p>ok<\/p>/, "the harmless part is kept");
      // The code cell shows the hostile text escaped; no live element may carry it.
      assert.doesNotMatch(page, /<script>window\.pwned|<script>alert\(4\)/);
      assert.doesNotMatch(page, /<img[^>]*onerror/i);
      assert.doesNotMatch(page, /<a[^>]*href="javascript:/i);
      assert.equal(page.match(/<script/g)?.length, 1, "only the site's own script");
      assert.match(page, /<meta http-equiv="Content-Security-Policy"/);
    });
  } finally {
    await cleanup();
  }
});
