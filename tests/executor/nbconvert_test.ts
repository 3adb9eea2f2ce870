/**
 * Compatibility with Jupyter's own tools, where they are installed (CI
 * installs them): notebooks our executor wrote convert with `nbconvert --to
 * html`, verdict cards and every kind of output included. (That
 * `nbconvert --execute` reaches the verdicts of our executor is proved on
 * the real notebooks, by tests/notebooks/compat_test.ts.)
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { FIXTURE_DATA, hasNbconvert, NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

const JUPYTER = hasNbconvert();
const SKIP_NOTE = "jupyter-nbconvert is not on PATH (apt-get install jupyter-nbconvert python3-ipykernel); skipped";

Deno.test({
  name: "executed notebooks convert with jupyter nbconvert --to html",
  ignore: !JUPYTER,
  fn: async () => {
    const [dir, cleanup] = await tempDir();
    try {
      // A notebook with verdicts, and one with every kind of output.
      const stems = ["alpha", "outputs"];
      const buildDir = join(dir, "_build");
      const result = await renderWorkspace({
        root: ROOT,
        buildDir,
        dataDir: FIXTURE_DATA,
        notebooks: stems.map((stem) => join(NOTEBOOKS, `ok/${stem}.ipynb`)),
        site: false,
        onEvent: () => {},
      });
      assert.ok(result.ok && result.ledger, result.failed.map((f) => f.message).join("\n"));
      const executed = stems.map((stem) => join(buildDir, "notebooks", `${stem}.ipynb`));
      const args = ["--to", "html", "--output-dir", join(dir, "html"), ...executed];
      const { code, stderr } = await new Deno.Command("jupyter-nbconvert", {
        args,
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, `jupyter nbconvert ${args.join(" ")} failed:\n${new TextDecoder().decode(stderr)}`);
      assert.match(await Deno.readTextFile(join(dir, "html/alpha.html")), /fx-alpha-total/);
      assert.match(await Deno.readTextFile(join(dir, "html/outputs.html")), /한국 무역/);
    } finally {
      await cleanup();
    }
  },
});

if (!JUPYTER) console.log(`nbconvert tests: ${SKIP_NOTE}`);
