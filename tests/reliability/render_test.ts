/**
 * Interrupted and impossible renders: a render stopped mid-run and an output
 * folder that cannot be written leave the previous site intact and no kernel
 * behind, and the next render recovers. (Disk full, a failed swap and
 * read-only folders at the unit level are in tests/site/atomic_test.ts.)
 *
 * The interrupted render runs in this process on a one-cell notebook and is
 * stopped through its signal, which is what SIGTERM and Ctrl-C do in the
 * command (`executeCommand` aborts the same signal); that the command turns
 * SIGTERM into exit 143 and kills its kernels is proved by
 * tests/executor/cli_test.ts. The unwritable site folder goes through the
 * command itself, for its exit code and message.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { kernelProcesses, kernelsGone, renderScratch, snapshot, writeNotebooks } from "./helpers.ts";

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

Deno.test("a render stopped mid-run: previous site intact, no stray kernel; the next render recovers", async () => {
  // The cell waits as long as this file says: nothing for the first render, a minute for the forced one, which is
  // stopped once its cell runs.
  const wait = await Deno.makeTempFile({ prefix: "claimbook-render-wait-" });
  const { dir, cleanup } = await writeNotebooks({
    held: [
      `const ms = Number(await Deno.readTextFile(${JSON.stringify(wait)}));`,
      "await new Promise((r) => setTimeout(r, ms));",
    ],
  });
  const siteDir = join(dir, "_site");
  try {
    await Deno.writeTextFile(wait, "0");
    const first = await renderScratch(dir);
    assert.ok(first.ok, JSON.stringify({ failed: first.failed, errors: first.errors }));
    const before = await snapshot(siteDir);
    assert.ok(Object.keys(before).includes("index.html"));

    await Deno.writeTextFile(wait, "60000");
    const controller = new AbortController();
    let running = 0;
    const stopped = await renderScratch(dir, {
      force: true,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type !== "cell-start") return;
        running = kernelProcesses(dir).length;
        controller.abort();
      },
    });
    assert.ok(running > 0, "the forced render's kernel was running when it was stopped");
    assert.equal(stopped.cancelled, true);
    assert.equal(stopped.ok, false, "a stopped render does not report success");
    assert.deepEqual(await kernelsGone(dir), [], "no kernel left behind");
    assert.deepEqual(await snapshot(siteDir), before, "the previous site is byte-identical");

    const again = await renderScratch(dir);
    assert.ok(again.ok, JSON.stringify({ failed: again.failed, errors: again.errors }));
    assert.ok((await snapshot(siteDir))["index.html"]);
  } finally {
    await cleanup();
    await Deno.remove(wait).catch(() => {});
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
