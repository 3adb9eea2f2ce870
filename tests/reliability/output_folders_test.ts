/**
 * `--site-dir` and `--build-dir` never delete or write into what claimbook
 * did not make: the data folder, the notebooks, the repository itself and a
 * plain file are refused with exit 2 before anything runs. A full or
 * invalid build folder is caught before the first kernel starts; a write
 * that fails later leaves no `.tmp` file and no stack trace; leftovers of a
 * killed render are removed by the next one; notebook names that cannot be
 * page names are refused before any notebook runs.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { ROOT } from "../helpers/paths.ts";
import { FIXTURE_DATA, NOTEBOOKS, tempDir } from "../executor/helpers.ts";
import { markerText, OUTPUT_MARKER, outputFolderState } from "../../lib/workspace/output-folder.ts";
import { preflight } from "../../lib/workspace/render/preflight.ts";
import { executeCommand } from "../../lib/workspace/render/command.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { writeSiteAtomically } from "../../lib/workspace/site/atomic.ts";
import { SiteError } from "../../lib/workspace/site/errors.ts";
import { snapshot, writeNotebooks } from "./helpers.ts";

async function claimbook(args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "main.ts"), ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", CI: "true", ...env },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, text: decode(output.stdout) + decode(output.stderr) };
}

/**
 * `claimbook render <args>` answered by the command's code in this process (no kernel may start: for refusals),
 * with what it printed.
 */
async function renderHere(args: string[]): Promise<{ code: number; text: string }> {
  const { log, error } = console;
  const printed: string[] = [];
  console.log = console.error = (...parts: unknown[]) => printed.push(parts.join(" "));
  try {
    const code = await executeCommand("render", args, { root: ROOT });
    return { code, text: printed.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

function noStack(text: string): void {
  assert.doesNotMatch(text, /^\s+at .*:\d+:\d+\)?$/m, "a message, not a stack trace");
}

Deno.test("render --site-dir data | notebooks | . | a plain file _site: refused, exit 2, nothing touched", async () => {
  const [scratch, cleanup] = await tempDir();
  try {
    const plainFile = join(scratch, "_site");
    await Deno.writeTextFile(plainFile, "someone's file\n");
    const before = { data: await snapshot(join(ROOT, "data")), notebooks: await snapshot(join(ROOT, "notebooks")) };
    const cases = [["data", join(ROOT, "data")], ["notebooks", join(ROOT, "notebooks")], [".", ROOT], [
      plainFile,
      plainFile,
    ]];
    // The first as a process, for the exit code main.ts passes on; the others answered by the same code here.
    const args = (given: string) => ["render", "--quiet", "--site-dir", given, "--build-dir", join(scratch, "b")];
    const results = [await claimbook(args(cases[0][0]))];
    for (const [given] of cases.slice(1)) results.push(await renderHere(args(given).slice(1)));
    for (const [i, [given, shown]] of cases.entries()) {
      const { code, text } = results[i];
      assert.equal(code, 2, `--site-dir ${given}: exit ${code}\n${text}`);
      assert.ok(text.includes(shown), `--site-dir ${given}: the message names ${shown}\n${text}`);
      assert.match(text, /nothing was written|refus/);
      noStack(text);
    }
    assert.deepEqual(await snapshot(join(ROOT, "data")), before.data);
    assert.deepEqual(await snapshot(join(ROOT, "notebooks")), before.notebooks);
    assert.ok((await Deno.stat(join(ROOT, ".git"))).isDirectory || (await Deno.stat(join(ROOT, ".git"))).isFile);
    assert.equal(await Deno.readTextFile(plainFile), "someone's file\n");
  } finally {
    await cleanup();
  }
});

Deno.test("--build-dir data | notebooks | the workspace | a plain file: refused before any notebook runs", async () => {
  const [scratch, cleanup] = await tempDir();
  try {
    const plainFile = join(scratch, "_build");
    await Deno.writeTextFile(plainFile, "x");
    const before = await snapshot(join(ROOT, "notebooks"));
    for (const buildDir of [join(ROOT, "data"), join(ROOT, "notebooks"), ROOT, plainFile]) {
      const result = await renderWorkspace({
        root: ROOT,
        buildDir,
        siteDir: join(scratch, "site"),
        quiet: true,
        onEvent: () => {},
      });
      assert.equal(result.refused?.exitCode, 2, buildDir);
      assert.ok(result.refused.message.includes(buildDir), result.refused.message);
      assert.deepEqual(result.notebooks, [], "no notebook ran");
    }
    assert.deepEqual(await snapshot(join(ROOT, "notebooks")), before);
    assert.equal(await Deno.readTextFile(plainFile), "x");
  } finally {
    await cleanup();
  }
});

Deno.test("a folder is an output folder when missing, empty, marked, or built before markers existed", async () => {
  const [scratch, cleanup] = await tempDir();
  try {
    assert.equal((await outputFolderState(join(scratch, "new"), "site")).state, "missing");
    await Deno.mkdir(join(scratch, "empty"));
    assert.equal((await outputFolderState(join(scratch, "empty"), "site")).state, "empty");
    await Deno.mkdir(join(scratch, "marked"));
    await Deno.writeTextFile(join(scratch, "marked", OUTPUT_MARKER), markerText("site"));
    await Deno.writeTextFile(join(scratch, "marked", "index.html"), "x");
    assert.equal((await outputFolderState(join(scratch, "marked"), "site")).state, "ours");
    assert.equal((await outputFolderState(join(scratch, "marked"), "build")).state, "foreign", "a site is no build");
    await Deno.mkdir(join(scratch, "old-site"));
    await Deno.writeTextFile(join(scratch, "old-site", "index.html"), '<meta name="generator" content="claimbook">');
    await Deno.writeTextFile(join(scratch, "old-site", "claims.json"), "{}");
    assert.deepEqual(await outputFolderState(join(scratch, "old-site"), "site"), { state: "ours", legacy: true });
    await Deno.mkdir(join(scratch, "old-build"));
    await Deno.writeTextFile(join(scratch, "old-build", "cache.json"), '{"schema":"claimbook.cache/1"}');
    assert.deepEqual(await outputFolderState(join(scratch, "old-build"), "build"), { state: "ours", legacy: true });
    const tables = join(scratch, "loaded-first", "cache", "tables");
    await Deno.mkdir(tables, { recursive: true });
    await Deno.writeTextFile(join(tables, `${"ab".repeat(32)}.${"0123456789abcdef"}.arrow`), "arrow");
    assert.deepEqual(
      await outputFolderState(join(scratch, "loaded-first"), "build"),
      { state: "ours", legacy: false },
      "a build folder holding only load()'s table cache",
    );
    await Deno.writeTextFile(join(tables, "notes.txt"), "mine");
    assert.equal((await outputFolderState(join(scratch, "loaded-first"), "build")).state, "foreign");
    await Deno.mkdir(join(scratch, "photos"));
    await Deno.writeTextFile(join(scratch, "photos", "index.html"), "my page");
    const foreign = await outputFolderState(join(scratch, "photos"), "site");
    assert.equal(foreign.state, "foreign");
    assert.match(
      foreign.state === "foreign" ? foreign.reason : "",
      /holds files that claimbook did not write \(index\.html\)/,
    );
  } finally {
    await cleanup();
  }
});

Deno.test("the site swap itself refuses to replace a folder claimbook did not build", async () => {
  const [scratch, cleanup] = await tempDir();
  try {
    const folder = join(scratch, "mine");
    await Deno.mkdir(folder);
    await Deno.writeTextFile(join(folder, "notes.txt"), "keep me");
    await assert.rejects(
      () => writeSiteAtomically(folder, new Map([["index.html", "x"]])),
      (error: unknown) => error instanceof SiteError && /refusing to replace it/.test(error.message),
    );
    assert.deepEqual([...Deno.readDirSync(folder)].map((e) => e.name), ["notes.txt"]);
    assert.deepEqual([...Deno.readDirSync(scratch)].map((e) => e.name), ["mine"], "no temporary folder left");
  } finally {
    await cleanup();
  }
});

Deno.test("leftovers of a killed render (.site-*-new-*, .tmp files) are removed by the next one", async () => {
  const [scratch, cleanup] = await tempDir();
  try {
    const siteDir = join(scratch, "_site");
    const buildDir = join(scratch, "_build");
    await Deno.mkdir(join(scratch, ".site-_site-new-k1ll3d"));
    await Deno.writeTextFile(join(scratch, ".site-_site-new-k1ll3d", "index.html"), "half");
    await Deno.mkdir(join(buildDir, "notebooks"), { recursive: true });
    await Deno.writeTextFile(join(buildDir, OUTPUT_MARKER), markerText("build"));
    await Deno.writeTextFile(join(buildDir, "notebooks", ".x.ipynb.1234abcd.tmp"), "");
    await Deno.writeTextFile(join(scratch, "unrelated.txt"), "mine");
    await preflight({ root: ROOT, buildDir, siteDir, dataDir: FIXTURE_DATA, notebooksDir: NOTEBOOKS, stems: [] });
    assert.deepEqual([...Deno.readDirSync(scratch)].map((e) => e.name).sort(), ["_build", "unrelated.txt"]);
    assert.deepEqual([...Deno.readDirSync(join(buildDir, "notebooks"))], []);
  } finally {
    await cleanup();
  }
});

Deno.test("notebook names that cannot be pages (index, claims, spaces) are refused before any notebook runs", async () => {
  const [scratch, cleanup] = await tempDir();
  try {
    const notebooksDir = join(scratch, "notebooks");
    await Deno.mkdir(notebooksDir);
    const source = await Deno.readTextFile(join(NOTEBOOKS, "ok/beta.ipynb"));
    for (const name of ["index", "claims", "my notes", "fine"]) {
      await Deno.writeTextFile(join(notebooksDir, `${name}.ipynb`), source);
    }
    const started = performance.now();
    const result = await renderWorkspace({
      root: ROOT,
      notebooksDir,
      dataDir: FIXTURE_DATA,
      buildDir: join(scratch, "_build"),
      siteDir: join(scratch, "_site"),
      quiet: true,
      onEvent: () => {},
    });
    assert.equal(result.refused?.exitCode, 1);
    assert.deepEqual(result.notebooks, [], "nothing was executed");
    assert.ok(performance.now() - started < 5000, "refused at once");
    const message = result.refused.message;
    assert.match(message, /notebooks\/index\.ipynb: "index" is the name of one of the site's own pages/);
    assert.match(message, /notebooks\/claims\.ipynb: "claims"/);
    assert.match(message, /notebooks\/my notes\.ipynb: "my notes" cannot be a page name.*no spaces/);
    assert.doesNotMatch(message, /fine\.ipynb/);
  } finally {
    await cleanup();
  }
});

/** The folders {@link smallDisk} mounts on: the test process's id in the name, so that a later run knows its owner. */
const SMALL_DISK = /^claimbook-full-(\d+)-/;

/**
 * Unmounts and removes the small disks of test runs that were killed before they could (their process is gone).
 * A live run's disks, and any other folder, are left alone. Returns the folders removed.
 */
async function sweepSmallDisks(tmp = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for await (const entry of Deno.readDir(tmp)) {
    const owner = entry.isDirectory ? entry.name.match(SMALL_DISK)?.[1] : undefined;
    if (owner === undefined || owner === String(Deno.pid)) continue;
    try {
      Deno.statSync(`/proc/${owner}`);
      continue; // its run is still going
    } catch {
      // its run is gone
    }
    const dir = join(tmp, entry.name);
    await unmountAndRemove(dir);
    removed.push(dir);
  }
  return removed;
}

/** Unmounts a small disk (if it is mounted) and removes its folder. */
async function unmountAndRemove(dir: string): Promise<void> {
  await new Deno.Command("umount", { args: [dir], stdout: "null", stderr: "null" }).output().catch(() => {});
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/** Mounts a tmpfs of `size` at a new folder, or returns undefined where that is not permitted. */
async function smallDisk(size: string): Promise<{ dir: string; release: () => Promise<void> } | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  await sweepSmallDisks();
  const dir = await Deno.makeTempDir({ prefix: `claimbook-full-${Deno.pid}-` });
  const mounted = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => ({ success: false }));
  if (!mounted.success) {
    await Deno.remove(dir, { recursive: true });
    return undefined;
  }
  return {
    dir,
    release: () => unmountAndRemove(dir),
  };
}

Deno.test("a small disk left mounted by a killed run is unmounted and removed by the next; a live run's is not", async () => {
  const [root, cleanup] = await tempDir();
  try {
    const child = new Deno.Command("true").spawn();
    await child.status; // reaped: no process has its id any more
    const gone = child.pid;
    const stale = join(root, `claimbook-full-${gone}-x`);
    await Deno.mkdir(stale);
    const mounted = await new Deno.Command("mount", { args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", stale] })
      .output().catch(() => ({ success: false }));
    const live = join(root, "claimbook-full-1-y"); // pid 1 is always running
    const other = join(root, "claimbook-fuller");
    for (const dir of [live, other]) await Deno.mkdir(dir);
    assert.deepEqual(await sweepSmallDisks(root), [stale]);
    assert.ok(!(await Deno.readTextFile("/proc/mounts")).includes(stale), "unmounted");
    assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name).sort(), ["claimbook-full-1-y", "claimbook-fuller"]);
    if (!mounted.success) console.warn("mount not permitted here: the sweep was tried on a plain folder");
  } finally {
    await cleanup();
  }
});

Deno.test("a full --build-dir is refused before any notebook runs; an invalid one too", async () => {
  const [scratch, cleanup] = await tempDir();
  const disk = await smallDisk("64k");
  try {
    const file = join(scratch, "a-file");
    await Deno.writeTextFile(file, "x");
    const invalid = await claimbook(
      ["run", "--build-dir", join(file, "build"), join(NOTEBOOKS, "ok/beta.ipynb")],
      { CLAIMBOOK_DATA_DIR: FIXTURE_DATA },
    );
    assert.equal(invalid.code, 2, invalid.text);
    assert.match(invalid.text, /--build-dir: refusing .*a-file\/build: part of the path .* is a file, not a folder/);
    assert.doesNotMatch(invalid.text, /beta\.ipynb in/, "no notebook ran");
    noStack(invalid.text);
    if (!disk) {
      console.log("  (skipped the full-disk case: mounting a small tmpfs is not permitted here)");
      return;
    }
    const full = await claimbook(
      ["run", "--build-dir", join(disk.dir, "build"), join(NOTEBOOKS, "ok/beta.ipynb")],
      { CLAIMBOOK_DATA_DIR: FIXTURE_DATA },
    );
    assert.equal(full.code, 1, full.text);
    assert.match(full.text, /--build-dir .*build: the disk is full; free some space, or choose another folder/);
    assert.doesNotMatch(full.text, /beta\.ipynb in/, "no notebook ran");
    noStack(full.text);
    assert.deepEqual(await tmpFiles(disk.dir), [], "no .tmp file left");
  } finally {
    await disk?.release();
    await cleanup();
  }
});

Deno.test("a disk that fills up while writing the results: a message, no .tmp file, no stack trace", async () => {
  // Room for the probe (1 MiB) but not for the executed notebook, which holds 2 MiB of output.
  const disk = await smallDisk("1100k");
  if (!disk) {
    console.log("  (skipped: mounting a small tmpfs is not permitted here)");
    return;
  }
  const { dir, cleanup } = await writeNotebooks({
    big: ['for (let i = 0; i < 2; i++) console.log("x".repeat(2 ** 20));'],
  });
  try {
    const result = await claimbook(
      ["run", "--quiet", "--build-dir", join(disk.dir, "build"), join(dir, "notebooks", "big.ipynb")],
      { CLAIMBOOK_DATA_DIR: join(dir, "data") },
    );
    assert.equal(result.code, 1, result.text);
    assert.match(result.text, /No space left on device.*free some disk space/);
    noStack(result.text);
    assert.deepEqual(await tmpFiles(disk.dir), [], "no .tmp file left");
  } finally {
    await cleanup();
    await disk.release();
  }
});

async function tmpFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    for await (const entry of Deno.readDir(folder)) {
      if (entry.isDirectory) await walk(join(folder, entry.name));
      else if (entry.name.endsWith(".tmp")) found.push(join(folder, entry.name));
    }
  };
  await walk(dir);
  return found;
}
