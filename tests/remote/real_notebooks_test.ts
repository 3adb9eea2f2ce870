/**
 * The workspace's real notebooks rendered on kernels of Debian's Jupyter
 * Server reach exactly the ledger of local kernels: every verdict, figure,
 * cell and count. Skipped, with a message, where Jupyter Server is not
 * installed (CI installs it).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { liveRemoteKernels } from "../../lib/workspace/kernel/remote/kernel.ts";
import { ROOT } from "../helpers/paths.ts";
import { renderedWorkspace } from "../helpers/rendered_workspace.ts";
import { jupyterServerAvailable, startJupyterServer } from "../../bench/lib/jupyter-server.ts";

const available = await jupyterServerAvailable();
if (!available) console.log("real_notebooks_test: jupyter server not installed; skipping (CI installs jupyter-server)");

Deno.test({
  name: "the real notebooks on a Jupyter Server's kernels: the same ledger as with local kernels",
  ignore: !available,
  fn: async () => {
    const jupyter = await startJupyterServer(ROOT);
    const scratch = await Deno.makeTempDir({ prefix: "claimbook-remote-real-" });
    try {
      const remote = await renderWorkspace({
        root: ROOT,
        buildDir: join(scratch, "remote"),
        site: false,
        quiet: true,
        onEvent: () => {},
        kernelServer: { url: jupyter.url, token: jupyter.token },
      });
      assert.ok(remote.ok && remote.ledger, JSON.stringify([remote.failed, remote.errors, remote.ledgerProblems]));
      assert.ok(remote.ran.length >= 1 && remote.cached.length === 0);
      assert.deepEqual(await jupyter.kernels(), [], "every remote kernel was shut down");
      assert.equal(liveRemoteKernels().length, 0);
      const local = (await renderedWorkspace()).ledger; // local kernels
      assert.ok(local.verdicts.length > 0);
      assert.deepEqual({ ...remote.ledger, generated: "" }, { ...local, generated: "" });
    } finally {
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
      await jupyter.stop();
    }
  },
});
