/**
 * The last kernels of a run stop while the render writes its ledger and site,
 * and still none outlives the run. That `renderWorkspace` returns with every
 * kernel stopped is asserted after execute_test.ts's clean run.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebooks } from "../../lib/workspace/executor/run.ts";
import { liveKernels } from "../../lib/workspace/kernel/process.ts";
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
