/**
 * `kill -9` of claimbook (or the OOM killer) leaves no kernel running, no
 * process a cell started in the background, and no connection file (with
 * its signing key) in the temp folder: the kernel's watchdog ends them all
 * within seconds. The run gets a TMPDIR of its own, so every process it
 * started is recognised by that variable in its environment, and killed by
 * the test should the test fail.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { writeNotebooks } from "./helpers.ts";

/** Live (not zombie) processes whose environment holds `TMPDIR=<tmp>`, with their command lines. */
function processesOf(tmp: string): { pid: number; cmd: string }[] {
  const needle = new TextEncoder().encode(`TMPDIR=${tmp}\0`);
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    try {
      const state = /^State:\s+(\S)/m.exec(Deno.readTextFileSync(`/proc/${entry.name}/status`))?.[1];
      if (state === "Z" || state === "X") continue;
      const environ = Deno.readFileSync(`/proc/${entry.name}/environ`);
      if (!includes(environ, needle)) continue;
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0").join(" ").trim();
      found.push({ pid: Number(entry.name), cmd });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function includes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

Deno.test({
  name: "kill -9 of claimbook: kernel, a cell's background process and the connection file are gone within seconds",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const tmp = await Deno.makeTempDir({ prefix: "claimbook-kill9-" });
    const { dir, cleanup } = await writeNotebooks({
      orphan: [
        'new Deno.Command("sleep", { args: ["97"], stdout: "null", stderr: "null" }).spawn(); console.log("started");',
        "await new Promise((resolve) => setTimeout(resolve, 120_000));",
      ],
    });
    let claimbook: Deno.ChildProcess | undefined;
    try {
      claimbook = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          join(ROOT, "main.ts"),
          "run",
          "--quiet",
          "--build-dir",
          join(dir, "b"),
          join(dir, "notebooks", "orphan.ipynb"),
        ],
        cwd: ROOT,
        env: { TMPDIR: tmp, CLAIMBOOK_DATA_DIR: join(dir, "data"), NO_COLOR: "1" },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      const kernels = () => processesOf(tmp).filter((p) => p.cmd.includes("jupyter --kernel"));
      const sleeps = () => processesOf(tmp).filter((p) => /(^|\/)sleep 97$/.test(p.cmd));
      const connectionFolders = () => [...Deno.readDirSync(tmp)].filter((e) => e.name.startsWith("claimbook-kernel-"));
      await waitFor("the kernel and the cell's `sleep 97`", () => kernels().length > 0 && sleeps().length > 0, 90_000);
      assert.equal(connectionFolders().length, 1, "the kernel's connection folder exists while it runs");

      claimbook.kill("SIGKILL");
      await claimbook.status;
      await waitFor("the kernel and `sleep 97` to end", () => processesOf(tmp).length === 0, 20_000);
      await waitFor("the connection folder to be removed", () => connectionFolders().length === 0, 5_000);
    } finally {
      try {
        claimbook?.kill("SIGKILL");
      } catch {
        // Already gone.
      }
      await claimbook?.status;
      for (const { pid } of processesOf(tmp)) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
      await cleanup();
    }
  },
});
