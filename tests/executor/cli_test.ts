/**
 * The `run` command as a subprocess: exit codes, messages, and no kernel left
 * behind after success, failure, Ctrl-C or SIGTERM. Each run gets its own
 * TMPDIR, so its kernels are recognised by their connection files' folder.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { codeNotebook } from "../../lib/workspace/scaffold/mod.ts";
import { FIXTURE_DATA, NOTEBOOKS, processesMatching, ROOT, tempDir } from "./helpers.ts";

interface Started {
  child: Deno.ChildProcess;
  tmp: string;
  /** What the run printed on stdout so far. */
  printed: () => string;
  output: Promise<{ code: number; stdout: string; stderr: string }>;
}

function startRun(tmp: string, buildDir: string, args: string[]): Started {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "run", "--build-dir", buildDir, ...args],
    cwd: ROOT,
    env: { TMPDIR: tmp, CLAIMBOOK_DATA_DIR: FIXTURE_DATA, CI: "true" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stdout = "";
  const read = child.stdout.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (text) => void (stdout += text) }),
  );
  const output = (async () => {
    const [status, , stderr] = await Promise.all([child.status, read, new Response(child.stderr).text()]);
    return { code: status.code, stdout, stderr };
  })();
  return { child, tmp, printed: () => stdout, output };
}

async function kernelsOf(tmp: string, settleMs = 2000): Promise<string[]> {
  // A killed kernel may take a moment to disappear from /proc.
  const deadline = performance.now() + settleMs;
  let found = processesMatching(join(tmp, "claimbook-kernel-"));
  while (found.length > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = processesMatching(join(tmp, "claimbook-kernel-"));
  }
  return found;
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (folder: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await walk(path);
      else files[path.slice(dir.length)] = await Deno.readTextFile(path);
    }
  };
  await walk(dir);
  return files;
}

/**
 * A notebook whose second cell creates `marker`, then waits a minute: a signal sent once the marker exists reaches
 * the run while that cell runs.
 */
async function slowNotebook(dir: string, marker: string): Promise<string> {
  const path = join(dir, "slow.ipynb");
  const cells = [
    'console.log("sleeping");',
    `await Deno.writeTextFile(${
      JSON.stringify(marker)
    }, "");\nawait new Promise((resolve) => setTimeout(resolve, 60_000));`,
  ];
  await Deno.writeTextFile(path, JSON.stringify(codeNotebook(cells)));
  return path;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

// One build for every run: the success run is also the build the signals must leave unchanged.
Deno.test("run: exit codes 0, 1 and 2; SIGINT or SIGTERM mid-run kills every kernel, keeps the previous build, exits 130 or 143; the next run recovers; no kernel left behind", async (t) => {
  const [tmp, cleanup] = await tempDir();
  try {
    const buildDir = join(tmp, "_build");
    const beta = join(NOTEBOOKS, "ok/beta.ipynb");

    await t.step("success and failure exit codes, and no kernel left behind", async () => {
      const ok = await startRun(tmp, buildDir, ["--quiet", beta]).output;
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /1 ran/);
      assert.deepEqual(await kernelsOf(tmp), []);

      const failed = await startRun(tmp, buildDir, ["--quiet", join(NOTEBOOKS, "failing/error.ipynb")]).output;
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /failing\/error\.ipynb, cell 2 \(id error-02\): TypeError: boom in cell 2/);
      assert.deepEqual(await kernelsOf(tmp), []);

      const usage = await startRun(tmp, buildDir, ["--jobs", "zero"]).output;
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--jobs needs a positive whole number/);
    });

    await t.step(
      "SIGINT or SIGTERM mid-run kills every kernel, keeps the previous build; the next run recovers",
      async () => {
        const before = await snapshot(buildDir);
        const notebooks = join(tmp, "notebooks");
        await Deno.mkdir(notebooks);
        // Each signal stops a forced run of its own over the same build, once the slow cell runs.
        for (const signal of ["SIGINT", "SIGTERM"] as const) {
          const marker = join(notebooks, `${signal}.started`);
          const run = startRun(tmp, buildDir, ["--force", "--jobs", "2", await slowNotebook(notebooks, marker), beta]);
          // Beta done (its executed copy made: a build to keep out of _build/), and the slow cell running.
          const betaDone = () => /^done +tests\/fixtures\/notebooks\/ok\/beta\.ipynb/m.test(run.printed());
          const deadline = performance.now() + 30_000;
          while (!(betaDone() && await exists(marker)) && performance.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          assert.ok(await exists(marker), `${signal}: the slow cell did not start`);
          assert.ok(betaDone(), `${signal}: beta did not finish: ${run.printed()}`);
          assert.ok(processesMatching(join(tmp, "claimbook-kernel-")).length > 0, `${signal}: no kernel running`);
          run.child.kill(signal);
          const { code, stdout } = await run.output;
          assert.equal(code, signal === "SIGINT" ? 130 : 143, `${signal}: 128 + the signal's number`);
          assert.match(stdout, /cancelled/);
          assert.deepEqual(await kernelsOf(tmp), [], signal);
          assert.deepEqual(await snapshot(buildDir), before, `${signal}: the previous _build/ is unchanged`);
          const leftovers = [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) => n.startsWith("claimbook-"));
          assert.deepEqual(leftovers, [], `${signal}: connection files and reads files are removed`);
        }

        const next = await startRun(tmp, buildDir, ["--quiet", beta]).output;
        assert.equal(next.code, 0, next.stderr);
        assert.deepEqual(await kernelsOf(tmp), []);
      },
    );
  } finally {
    await cleanup();
  }
});
