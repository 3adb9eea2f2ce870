/**
 * The kernelspec `deno task notebook` installs: it never points into npm's
 * npx cache, its start script runs the pinned Deno from the PATH, and falls
 * back to `npx -y deno@<version>` (which fetches Deno again) when no such
 * Deno is installed — so pruning `~/.npm/_npx` cannot break the kernel.
 * Installs into temporary folders only; the machine's kernelspec is untouched.
 */

import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import {
  installKernelspec,
  jupyterDataDir,
  KERNEL_SCRIPT,
  type Kernelspec,
} from "../../lib/workspace/jupyter/kernelspec.ts";
import { notebookArgs } from "../../lib/workspace/jupyter/notebook-command.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-kernelspec-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs the kernelspec's argv with `args` in place of the kernel's, in a given environment. */
async function runArgv(spec: Kernelspec, args: string[], env: Record<string, string>) {
  const [program, script] = spec.argv;
  const output = await new Deno.Command(program, { args: [script, ...args], env, clearEnv: true, stdout: "piped" })
    .output();
  return { code: output.code, stdout: new TextDecoder().decode(output.stdout) };
}

Deno.test("kernelspec: kernel.json runs a script beside it, nothing inside npm's npx cache", async () => {
  await withTempDir(async (dataDir) => {
    const { dir, kernelspec } = await installKernelspec({ dataDir, denoVersion: "2.9.6" });
    assert.equal(dir, join(dataDir, "kernels", "deno"));
    const written = JSON.parse(await Deno.readTextFile(join(dir, "kernel.json"))) as Kernelspec;
    assert.deepEqual(written, kernelspec);
    assert.deepEqual(written.argv.slice(2), ["jupyter", "--kernel", "--conn", "{connection_file}"]);
    assert.equal(written.argv[1], join(dir, KERNEL_SCRIPT));
    for (const arg of written.argv) assert.doesNotMatch(arg, /[/\\]\.npm[/\\]|_npx/, arg);
    // Whatever Deno the test runs under (under npx, one inside ~/.npm/_npx), the kernelspec does not name it.
    assert.ok(!written.argv.includes(Deno.execPath()));
    assert.equal((await Deno.stat(written.argv[1])).mode! & 0o111, 0o111, "the script is executable");
    assert.equal(written.language, "typescript");
    assert.equal(written.display_name, "Deno");
    assert.equal(written.interrupt_mode, "message", "Jupyter's interrupt stops the cell, not the kernel");
  });
});

Deno.test("kernelspec: the start script runs the Deno of the PATH when it is the pinned version", async () => {
  await withTempDir(async (dataDir) => {
    // Installed by a Deno that has since gone (a pruned npx cache).
    const { kernelspec } = await installKernelspec({ dataDir, installedDeno: join(dataDir, "gone", "deno") });
    // HOME is an empty folder: no ~/.npm/_npx, no ~/.deno — as after pruning the cache.
    const home = join(dataDir, "home");
    await Deno.mkdir(home);
    const result = await runArgv(kernelspec, ["--version"], {
      PATH: `${dirname(Deno.execPath())}:/usr/bin:/bin`,
      HOME: home,
    });
    assert.equal(result.code, 0);
    assert.match(result.stdout, new RegExp(`^deno ${Deno.version.deno.replaceAll(".", "\\.")} `));
  });
});

Deno.test("kernelspec: installed from npx, it keeps working after ~/.npm/_npx is cleared", async () => {
  await withTempDir(async (dataDir) => {
    const home = join(dataDir, "home");
    const bin = join(dataDir, "bin");
    const npxDeno = join(home, ".npm", "_npx", "4b1d", "node_modules", "deno", "deno");
    await Deno.mkdir(dirname(npxDeno), { recursive: true });
    await Deno.mkdir(bin);
    // The Deno npx unpacked (reports the pinned version), another Deno on the PATH, and an npx that says how it was called.
    await Deno.writeTextFile(
      npxDeno,
      '#!/bin/sh\n[ "$1" = --version ] && echo "deno 2.9.6 (stable)" || echo "npx-cache deno $*"\n',
    );
    await Deno.writeTextFile(join(bin, "deno"), '#!/bin/sh\necho "deno 1.46.3 (stable, release, x86_64)"\n');
    await Deno.writeTextFile(join(bin, "npx"), '#!/bin/sh\necho "npx $*"\n');
    for (const file of [npxDeno, join(bin, "deno"), join(bin, "npx")]) await Deno.chmod(file, 0o755);
    const { kernelspec } = await installKernelspec({ dataDir, denoVersion: "2.9.6", installedDeno: npxDeno });
    for (const arg of kernelspec.argv) assert.doesNotMatch(arg, /_npx/);
    const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: home };
    const kernelArgs = ["jupyter", "--kernel", "--conn", "/tmp/x.json"];
    // While the cache holds it, the Deno that installed the kernelspec starts the kernel.
    assert.equal(
      (await runArgv(kernelspec, kernelArgs, env)).stdout.trim(),
      "npx-cache deno jupyter --kernel --conn /tmp/x.json",
    );
    // The cache is cleared: no Deno 2.9.6 is installed, so npx is asked for it afresh.
    await Deno.remove(join(home, ".npm", "_npx"), { recursive: true });
    const after = await runArgv(kernelspec, kernelArgs, env);
    assert.equal(after.code, 0);
    assert.equal(after.stdout.trim(), "npx -y deno@2.9.6 jupyter --kernel --conn /tmp/x.json");
  });
});

Deno.test("kernelspec: re-installing keeps other files of the folder (Deno's logos)", async () => {
  await withTempDir(async (dataDir) => {
    const dir = join(dataDir, "kernels", "deno");
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, "logo-svg.svg"), "<svg/>");
    await Deno.writeTextFile(join(dir, "kernel.json"), '{"argv": ["/root/.npm/_npx/abc/node_modules/deno/deno"]}');
    await installKernelspec({ dataDir, denoVersion: "2.9.6" });
    assert.equal(await Deno.readTextFile(join(dir, "logo-svg.svg")), "<svg/>");
    assert.doesNotMatch(await Deno.readTextFile(join(dir, "kernel.json")), /_npx/);
  });
});

Deno.test("kernelspec: Jupyter's data folder follows JUPYTER_DATA_DIR", async () => {
  assert.equal(await jupyterDataDir({ JUPYTER_DATA_DIR: "/srv/jupyter" }), "/srv/jupyter");
});

Deno.test("notebook task: --allow-root only as root, the folder first", () => {
  assert.deepEqual(notebookArgs({ folder: "/w/notebooks", uid: 0 }), ["notebook", "/w/notebooks", "--allow-root"]);
  assert.deepEqual(notebookArgs({ folder: "/w/notebooks", uid: 1000, extra: ["--port", "8890"] }), [
    "notebook",
    "/w/notebooks",
    "--port",
    "8890",
  ]);
  assert.deepEqual(notebookArgs({ folder: "n", uid: 0, extra: ["--allow-root"] }), ["notebook", "n", "--allow-root"]);
});
