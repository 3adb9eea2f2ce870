/**
 * Interrupted and impossible renders: SIGTERM mid-run and an output folder
 * that cannot be written leave the previous site intact and no kernel
 * behind, and the next render recovers. (Disk full, a failed swap and
 * read-only folders at the unit level are in tests/site/atomic_test.ts.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { kernelProcesses, snapshot } from "./helpers.ts";

function render(buildDir: string, siteDir: string, extra: string[] = []): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(ROOT, "main.ts"),
      "render",
      "--quiet",
      "--build-dir",
      buildDir,
      "--site-dir",
      siteDir,
      ...extra,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { CI: "true", NO_COLOR: "1" },
  }).spawn();
}

async function finish(child: Deno.ChildProcess): Promise<{ code: number; text: string }> {
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, text: decoder.decode(out.stdout) + decoder.decode(out.stderr) };
}

Deno.test("SIGTERM mid-render: previous site intact, no stray kernel; the next render recovers", async () => {
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-render-" });
  const buildDir = join(scratch, "build");
  const siteDir = join(scratch, "site");
  try {
    const first = await finish(render(buildDir, siteDir));
    assert.equal(first.code, 0, first.text);
    const before = await snapshot(siteDir);
    assert.ok(Object.keys(before).includes("index.html"));

    const interrupted = render(buildDir, siteDir, ["--force"]);
    // Wait until kernels are running, then stop the render.
    const deadline = Date.now() + 20_000;
    while (kernelProcesses().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    interrupted.kill("SIGTERM");
    const stopped = await finish(interrupted);
    assert.notEqual(stopped.code, 0, "an interrupted render does not report success");
    const gone = Date.now() + 3000; // the watchdogs end kernels within a second or two
    while (kernelProcesses(buildDir).length > 0 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(kernelProcesses(buildDir), [], "no kernel left behind");
    assert.deepEqual(await snapshot(siteDir), before, "the previous site is byte-identical");

    const again = await finish(render(buildDir, siteDir));
    assert.equal(again.code, 0, again.text);
    assert.ok((await snapshot(siteDir))["index.html"]);
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
});

Deno.test("a site folder that cannot be written fails with a clear message and leaves the build usable", async () => {
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-render-ro-" });
  try {
    // /proc cannot be written even by root (chmod does not stop root).
    const result = await finish(render(join(scratch, "build"), "/proc/claimbook-site"));
    assert.notEqual(result.code, 0);
    assert.match(result.text, /\/proc\/claimbook-site|read-only|permission|cannot/i);
    assert.doesNotMatch(result.text, /^\s+at .*\.ts:\d+:\d+\)?$/m, "a message, not a stack trace");
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
});
