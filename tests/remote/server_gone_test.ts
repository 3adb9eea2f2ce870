/**
 * A kernel server that goes away in the middle of a run (killed, as a crash
 * would): the notebook whose cell was running fails at once with the lost
 * connection named, the notebooks not yet started fail without asking the
 * dead server again and again, and the run ends instead of hanging.
 * Skipped, with a message, where Jupyter Server is not installed.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import type { ExecutionEvent } from "../../lib/workspace/executor/events.ts";
import { connectKernelServer } from "../../lib/workspace/executor/remote-kernels.ts";
import { runNotebooks } from "../../lib/workspace/executor/run.ts";
import { liveRemoteKernels } from "../../lib/workspace/kernel/remote/kernel.ts";
import { FIXTURE_DATA, NOTEBOOKS, ROOT, tempDir } from "../executor/helpers.ts";
import { jupyterServerAvailable, startJupyterServer } from "../../bench/lib/jupyter-server.ts";

const available = await jupyterServerAvailable();
if (!available) console.log("server_gone_test: jupyter server not installed; skipping (CI installs jupyter-server)");

Deno.test({
  name: "a kernel server killed mid-run: the running notebook fails with the lost connection, the rest fail fast",
  ignore: !available,
  fn: async () => {
    const jupyter = await startJupyterServer(ROOT);
    const [scratch, cleanup] = await tempDir("claimbook-remote-gone-");
    try {
      const events: ExecutionEvent[] = [];
      const running = runNotebooks({
        root: ROOT,
        buildDir: scratch,
        dataDir: FIXTURE_DATA,
        notebooks: ["slow/sleep", "ok/alpha", "ok/beta"].map((name) => join(NOTEBOOKS, `${name}.ipynb`)),
        force: true,
        jobs: 1,
        kernelServer: await connectKernelServer({ url: jupyter.url, token: jupyter.token }),
        onEvent: (event) => events.push(event),
      });
      const deadline = performance.now() + 90_000;
      while (!events.some((e) => e.type === "cell-start" && e.notebook.endsWith("sleep.ipynb") && e.position === 1)) {
        assert.ok(performance.now() < deadline, "the sleeping cell never started");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await jupyter.kill();
      const killedAt = performance.now();
      const run = await running;
      assert.ok(performance.now() - killedAt < 15_000, "the run ended within seconds of the server's death");
      const byStem = Object.fromEntries(run.outcomes.map((o) => [o.stem, o]));
      assert.equal(byStem.sleep.failure?.kind, "kernel-died");
      assert.match(
        byStem.sleep.failure?.message ?? "",
        /sleep\.ipynb, cell 2 .*the connection to the kernel server was lost: .*cannot be reached/,
      );
      for (const stem of ["alpha", "beta"]) {
        assert.equal(byStem[stem].failure?.kind, "kernel-start", stem);
        assert.match(
          byStem[stem].failure?.message ?? "",
          /kernel server at http:\/\/127\.0\.0\.1:\d+ cannot be reached/,
        );
      }
      assert.equal(run.cancelled, false);
      assert.equal(liveRemoteKernels().length, 0);
    } finally {
      await cleanup();
      await jupyter.stop();
    }
  },
});
