/**
 * Stopping `update` midway: SIGTERM or Ctrl-C (SIGINT) to the command stops
 * its restricted updater process before it writes, and the command exits
 * 143 or 130; `kill -9` of the command takes the updater process with it
 * (it watches a pipe its parent holds). Found by an adversarial run: the
 * updater process used to rewrite data/ about 8 s after the command had
 * exited 143.
 *
 * The fake publishers answer slowly and with a revised IMF figure, so an
 * update left to finish *would* write data/: the test proves it did not.
 * Each answer takes 0.5 s, so the five requests of a run (one to the IMF,
 * four to Comtrade) leave 2.5 s at least before anything could be written,
 * while the signal follows the first request within a poll (50 ms).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { startFixtureServer } from "../update/fixture_server.ts";
import { loadPublisherData, type PublisherData, publisherHandler } from "../update/publishers.ts";
import { copyData, hashDir } from "../update/workspace.ts";

const PUBLISHED = await loadPublisherData(join(ROOT, "data"));
const REVISED: PublisherData = {
  ...PUBLISHED,
  dots: PUBLISHED.dots.map((r) =>
    r.reporter === "KOR" && r.partner === "RUS" && r.year === 2019 ? { ...r, value: (r.value as number) * 1.1 } : r
  ),
};

/** Process ids of updater processes (`…/update/child.ts`) working on `dataDir`. */
function updaterProcesses(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0").join(" ");
      if (cmd.includes("update/child.ts") && cmd.includes(dataDir)) pids.push(Number(entry.name));
    } catch {
      // gone
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Starts `update` on a copy of data/ against slow fake publishers; stops it with `signal` once it is fetching. */
async function interruptedUpdate(signal: Deno.Signal): Promise<void> {
  const dataDir = await copyData();
  let delayed = 0;
  let answered = 0;
  const server = startFixtureServer(async (request, url) => {
    delayed++;
    await sleep(500);
    answered++;
    return publisherHandler(REVISED)(request, url);
  });
  try {
    const before = await hashDir(dataDir);
    const command = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        join(ROOT, "main.ts"),
        "update",
        "--base-url",
        server.url,
        "--data-dir",
        dataDir,
        "--only",
        "imf-dots-annual,comtrade-korea-partners",
        "--no-render",
        "--retries",
        "0",
      ],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    assert.ok(await waitFor(() => delayed > 0, 30_000), "the updater started fetching");
    const children = updaterProcesses(dataDir);
    assert.equal(children.length, 1, "one updater process while fetching");
    command.kill(signal);
    const output = await command.output();
    const text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
    if (signal === "SIGKILL") {
      assert.equal(output.signal, "SIGKILL");
    } else {
      assert.equal(output.code, signal === "SIGINT" ? 130 : 143, text);
      assert.match(text, new RegExp(`stopped by ${signal}`));
    }
    assert.ok(
      await waitFor(() => updaterProcesses(dataDir).length === 0, 3000),
      `the updater process ${children[0]} is gone within 3 s`,
    );
    const requests = server.requests.length;
    // Every slow answer sent (a surviving updater would now receive it and ask again or write), then a moment more.
    assert.ok(await waitFor(() => answered === delayed, 5000), "the fake publisher answered every request");
    await sleep(250);
    assert.equal(server.requests.length, requests, "no request after the stop");
    assert.deepEqual(await hashDir(dataDir), before, "data/ byte-identical, no temp file left");
  } finally {
    await server.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

Deno.test("update: SIGTERM stops the updater process before it writes; exit 143", async () => {
  await interruptedUpdate("SIGTERM");
});

Deno.test("update: Ctrl-C (SIGINT) stops the updater process before it writes; exit 130", async () => {
  await interruptedUpdate("SIGINT");
});

Deno.test("update: kill -9 of the command takes the updater process with it; nothing written", async () => {
  await interruptedUpdate("SIGKILL");
});
