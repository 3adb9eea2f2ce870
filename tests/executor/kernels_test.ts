/**
 * Kernels started ahead of their notebooks (the real Deno kernel), and the
 * site renderer loaded while the last notebooks run.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { KernelWarmer, READS_FILE_ENV } from "../../lib/workspace/executor/kernels.ts";
import type { ExecutionEvent } from "../../lib/workspace/executor/events.ts";
import { runNotebooks } from "../../lib/workspace/executor/run.ts";
import { liveKernels } from "../../lib/workspace/kernel/process.ts";
import { SitePreload } from "../../lib/workspace/render/site-preload.ts";
import { FIXTURE_DATA, NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

Deno.test("KernelWarmer: jobs + 1 kernels boot at once, one more as each is taken; each kernel is handed out once", async () => {
  const warmer = new KernelWarmer({ cwd: NOTEBOOKS, env: { CLAIMBOOK_TEST_MARK: "warm" } });
  const taken = [];
  try {
    warmer.expect(3, 1);
    assert.equal(warmer.waiting, 2); // one for the job, one ahead
    taken.push(await warmer.take(NOTEBOOKS));
    assert.equal(warmer.waiting, 1); // the third is not started while one waits
    taken.push(await warmer.take(NOTEBOOKS));
    assert.equal(warmer.waiting, 1); // the third, started when the second was taken
    taken.push(await warmer.take(NOTEBOOKS));
    assert.equal(warmer.waiting, 0);
    const pids = new Set(taken.map((t) => t.kernel.process.pid));
    assert.equal(pids.size, 3);
    for (const { kernel, readsFile } of taken) {
      // The display is awaited on all of IOPub, not only until the cell's "idle" and a settle(): on a busy machine
      // the Deno kernel was seen to relay it later than both (QUIRKS.md 1). What matters here is what it says.
      const seen: string[] = [];
      const displayed = Promise.withResolvers<void>();
      const stopWatching = kernel.channels.watchAll((m) => {
        if (m.header.msg_type !== "display_data") return;
        seen.push(String((m.content.data as Record<string, unknown>)["text/plain"]));
        displayed.resolve();
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const outcome = await kernel.execute(
          `await Deno.jupyter.display({ "text/plain": [Deno.env.get("CLAIMBOOK_TEST_MARK"), ` +
            `Deno.env.get("${READS_FILE_ENV}"), Deno.cwd()].join(" ") }, { raw: true })`,
        );
        assert.equal(outcome.reply.status, "ok");
        await Promise.race([displayed.promise, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      } finally {
        clearTimeout(timer);
        stopWatching();
      }
      assert.equal(seen.join("").trim(), `warm ${readsFile} ${NOTEBOOKS}`);
      assert.match(readsFile, /claimbook-kernel-[^/]+\/reads\.jsonl$/);
    }
  } finally {
    await warmer.close();
    await Promise.all(taken.map(({ kernel }) => kernel.shutdown(0)));
  }
  assert.deepEqual(liveKernels(), []);
});

Deno.test("KernelWarmer: kernels never taken are stopped by close(); another folder gets a kernel of its own", async () => {
  const [other, cleanup] = await tempDir();
  const warmer = new KernelWarmer({ cwd: NOTEBOOKS, env: {} });
  try {
    warmer.expect(2, 1);
    const own = await warmer.take(other);
    const seen: string[] = [];
    try {
      await own.kernel.execute('await Deno.jupyter.display({ "text/plain": Deno.cwd() }, { raw: true })', {
        onIopub: (m) =>
          m.header.msg_type === "display_data" &&
          seen.push(String((m.content.data as Record<string, unknown>)["text/plain"])),
      });
      await own.kernel.settle();
      assert.equal(seen.join("").trim(), other);
    } finally {
      await own.kernel.shutdown(0);
    }
    assert.equal(warmer.waiting, 2);
    assert.equal(liveKernels().length, 2);
  } finally {
    await warmer.close();
    await cleanup();
  }
  assert.equal(warmer.waiting, 0);
  assert.deepEqual(liveKernels(), []);
});

Deno.test("runNotebooks --force: a notebook found invalid leaves no kernel started for it running", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const notebooks = join(ROOT, "tests/fixtures/notebooks-warm-" + crypto.randomUUID().slice(0, 8));
    await Deno.mkdir(notebooks);
    try {
      await Deno.copyFile(join(NOTEBOOKS, "ok/alpha.ipynb"), join(notebooks, "alpha.ipynb"));
      await Deno.copyFile(join(NOTEBOOKS, "invalid/bad-json.ipynb"), join(notebooks, "bad-json.ipynb"));
      await Deno.copyFile(join(NOTEBOOKS, "invalid/nbformat3.ipynb"), join(notebooks, "nbformat3.ipynb"));
      const run = await runNotebooks({
        root: ROOT,
        notebooksDir: notebooks,
        buildDir: join(dir, "build"),
        dataDir: FIXTURE_DATA,
        force: true,
        jobs: 1,
      });
      assert.deepEqual(run.outcomes.map((o) => o.status).sort(), ["failed", "failed", "ran"]);
      assert.deepEqual(liveKernels(), []);
    } finally {
      await Deno.remove(notebooks, { recursive: true });
    }
  } finally {
    await cleanup();
  }
});

Deno.test("SitePreload: loads once every notebook has started and a kernel slot is free; never for a cached run", async () => {
  const events = (notebooks: string[], jobs: number): ExecutionEvent => ({
    type: "plan",
    notebooks: notebooks.map((notebook) => ({ notebook, cells: 1 })),
    jobs,
  });
  const start = (notebook: string): ExecutionEvent => ({ type: "notebook-start", notebook, cells: 1 });
  const done = (notebook: string): ExecutionEvent => ({ type: "notebook-done", notebook, status: "ok", ms: 1 });

  let loads = 0;
  const preload = new SitePreload(() => Promise.resolve(++loads));
  preload.onEvent(events(["a", "b", "c", "d"], 2));
  for (const e of [start("a"), start("b"), done("a"), start("c"), done("b"), start("d")]) preload.onEvent(e);
  assert.equal(preload.started, false); // c and d run: both slots busy
  preload.onEvent(done("c"));
  assert.equal(preload.started, true); // d alone: a core is free
  assert.equal(await preload.module(), 1);
  assert.equal(loads, 1);

  const cached = new SitePreload(() => Promise.resolve("site"));
  cached.onEvent(events(["a", "b"], 2));
  cached.onEvent({ type: "cached", notebook: "a" });
  cached.onEvent({ type: "cached", notebook: "b" });
  assert.equal(cached.started, false);
  assert.equal(await cached.module(), "site"); // loaded when asked for

  const invalid = new SitePreload(() => Promise.resolve("site"));
  invalid.onEvent(events(["bad", "ok"], 2));
  invalid.onEvent({ type: "notebook-done", notebook: "bad", status: "failed", ms: 0, message: "bad" });
  assert.equal(invalid.started, false);
  invalid.onEvent(start("ok"));
  assert.equal(invalid.started, true); // the only notebook to run has started; a slot is free
});
