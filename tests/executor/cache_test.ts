import assert from "node:assert/strict";
import { join } from "node:path";
import { openCache } from "../../lib/workspace/executor/cache.ts";
import type { ExecutionEvent } from "../../lib/workspace/executor/events.ts";
import { runNotebooks } from "../../lib/workspace/executor/run.ts";
import { copyFixtureData, NOTEBOOKS, ROOT, tempDir } from "./helpers.ts";

const notebooks = [join(NOTEBOOKS, "ok/alpha.ipynb"), join(NOTEBOOKS, "ok/beta.ipynb")];

async function run(buildDir: string, dataDir: string, force = false, only = notebooks) {
  const events: ExecutionEvent[] = [];
  const started = performance.now();
  const result = await runNotebooks({
    root: ROOT,
    buildDir,
    dataDir,
    notebooks: only,
    force,
    onEvent: (e) => events.push(e),
  });
  const ms = performance.now() - started;
  const status = Object.fromEntries(result.outcomes.map((o) => [o.stem, o.status]));
  return { result, events, ms, status };
}

Deno.test("the cache: no change, no kernel; changed data re-runs only the notebook that read it", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const dataDir = await copyFixtureData(dir);
    const buildDir = join(dir, "_build");
    // Data files written less than two seconds ago are re-hashed each run; age them so the fast path is tested.
    const old = new Date(Date.now() - 60_000);
    for (const file of ["alpha.csv", "beta.csv", "datapackage.json", "documents.json"]) {
      await Deno.utime(join(dataDir, file), old, old);
    }

    const first = await run(buildDir, dataDir);
    assert.deepEqual(first.status, { alpha: "ran", beta: "ran" });
    const entry = (await openCache({ root: ROOT, buildDir })).entry("tests/fixtures/notebooks/ok/alpha.ipynb")!;
    assert.deepEqual(entry.reads.map((r) => r.path).sort(), [
      "alpha.csv",
      "datapackage.json#alpha",
      "documents.json#fixture-alpha",
    ]);

    const second = await run(buildDir, dataDir);
    assert.deepEqual(second.status, { alpha: "cached", beta: "cached" });
    assert.equal(second.events.filter((e) => e.type === "notebook-start").length, 0, "no kernel was started");
    assert.ok(second.ms < 500, `a no-change run took ${second.ms.toFixed(0)} ms`);
    assert.equal(second.result.outcomes[0].verdicts.length, 2, "cached verdicts come back for the ledger");

    // Same bytes, new time stamp: still cached (the hash decides).
    const now = new Date();
    await Deno.utime(join(dataDir, "alpha.csv"), now, now);
    assert.deepEqual((await run(buildDir, dataDir)).status, { alpha: "cached", beta: "cached" });

    // New rows in beta.csv and an edit of beta's entry in datapackage.json: each is seen, and only beta, their
    // reader, runs again.
    await Deno.writeTextFile(join(dataDir, "beta.csv"), "year,value\n2019,200\n2020,400\n");
    const descriptorPath = join(dataDir, "datapackage.json");
    const descriptor = JSON.parse(await Deno.readTextFile(descriptorPath));
    descriptor.resources.find((r: { name: string }) => r.name === "beta").title = "Beta, retitled";
    await Deno.writeTextFile(descriptorPath, JSON.stringify(descriptor, null, 2));
    const third = await run(buildDir, dataDir);
    assert.deepEqual(third.status, { alpha: "cached", beta: "ran" });
    assert.match(third.result.outcomes[1].reason, /^data changed: .*\bbeta\.csv\b/);
    assert.match(third.result.outcomes[1].reason, /^data changed: .*datapackage\.json#beta\b/);
    assert.equal(third.result.outcomes[1].verdicts[0].computed?.value, 600, "the new data reached the verdict");
    assert.notEqual(third.result.outcomes[1].verdicts[0].verdict, "confirmed");

    // --force runs a notebook the cache holds.
    const forced = await run(buildDir, dataDir, true, [notebooks[1]]);
    assert.deepEqual(forced.status, { beta: "ran" });

    // A missing executed notebook is re-made.
    await Deno.remove(join(buildDir, "notebooks/alpha.ipynb"));
    assert.deepEqual((await run(buildDir, dataDir)).status, { alpha: "ran", beta: "cached" });
  } finally {
    await cleanup();
  }
});

const CHANGED = "lib/ (outside lib/workspace/), deno.json or deno.lock changed";

Deno.test("the cache entry is invalidated by the notebook source, lib/, deno.json and deno.lock", async () => {
  const [root, cleanup] = await tempDir();
  try {
    await Deno.mkdir(join(root, "lib/analysis"), { recursive: true });
    await Deno.writeTextFile(join(root, "lib/analysis/a.ts"), "export const a = 1;\n");
    await Deno.writeTextFile(join(root, "deno.json"), "{}\n");
    const dataDir = join(root, "data");
    await Deno.mkdir(dataDir);
    const buildDir = join(root, "_build");
    await Deno.mkdir(join(buildDir, "notebooks"), { recursive: true });
    const executedPath = join(buildDir, "notebooks/x.ipynb");
    await Deno.writeTextFile(executedPath, "{}");
    const source = new TextEncoder().encode('{"cells": []}');

    const record = async () => {
      const cache = await openCache({ root, buildDir });
      await cache.record({
        notebook: "notebooks/x.ipynb",
        sourceBytes: source,
        dataDir,
        reads: [],
        executedPath,
        documentId: "x",
        verdicts: [],
        executedAt: new Date().toISOString(),
        ms: 1,
      });
      await cache.save();
    };
    const why = async (bytes = source) =>
      (await (await openCache({ root, buildDir })).lookup("notebooks/x.ipynb", bytes, dataDir)).why;

    await record();
    assert.equal(await why(), "up to date");
    assert.equal(await why(new TextEncoder().encode('{"cells": [1]}')), "the notebook changed");
    await Deno.mkdir(join(root, "lib/workspace/site"), { recursive: true });
    await Deno.writeTextFile(join(root, "lib/workspace/site/site.css"), "body {}\n");
    assert.equal(await why(), "up to date", "the site's code is not something a kernel imports");
    await Deno.writeTextFile(join(root, "lib/analysis/a.ts"), "export const a = 2;\n");
    assert.equal(await why(), CHANGED);
    await record();
    await Deno.writeTextFile(join(root, "lib/analysis/new.ts"), "export {};\n");
    assert.equal(await why(), CHANGED, "a new file under lib/ counts");
    await record();
    await Deno.writeTextFile(join(root, "deno.lock"), "{}\n");
    assert.equal(await why(), CHANGED);
    await record();
    await Deno.writeTextFile(join(root, "deno.json"), '{"imports": {}}\n');
    assert.equal(await why(), CHANGED);
  } finally {
    await cleanup();
  }
});
