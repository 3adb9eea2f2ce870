/**
 * The last kernels of a run stop while the render writes its ledger and site,
 * and still none outlives the render.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebooks } from "../../lib/workspace/executor/run.ts";
import { liveKernels } from "../../lib/workspace/kernel/process.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { FIXTURE_DATA, NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

Deno.test("runNotebooks returnBeforeKernelsStop: the executed notebook is written, kernelsStopped ends the kernel", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const run = await runNotebooks({
      root: ROOT,
      notebooks: [join(NOTEBOOKS, "ok/alpha.ipynb")],
      buildDir: join(dir, "build"),
      dataDir: FIXTURE_DATA,
      force: true,
      returnBeforeKernelsStop: true,
    });
    assert.deepEqual(run.outcomes.map((o) => o.status), ["ran"]);
    assert.ok((await Deno.stat(run.outcomes[0].executedPath!)).isFile);
    assert.ok(liveKernels().length <= 1);
    await run.kernelsStopped;
    assert.deepEqual(liveKernels(), []);
  } finally {
    await cleanup();
  }
});

Deno.test("renderWorkspace returns with every kernel stopped", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const result = await renderWorkspace({
      root: ROOT,
      notebooks: [join(NOTEBOOKS, "ok/alpha.ipynb"), join(NOTEBOOKS, "ok/beta.ipynb")],
      buildDir: join(dir, "build"),
      siteDir: join(dir, "site"),
      dataDir: FIXTURE_DATA,
      force: true,
      site: false, // no site to write while the kernels stop: the render would end before them if it did not wait
      onEvent: () => {},
    });
    assert.deepEqual(result.ran.length, 2, result.errors.join("\n"));
    assert.deepEqual(liveKernels(), []);
  } finally {
    await cleanup();
  }
});
