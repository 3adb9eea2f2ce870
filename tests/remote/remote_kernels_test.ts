/**
 * Notebooks executed on kernels of Debian's Jupyter Server (started here on
 * 127.0.0.1, one server for every case: a start costs a Python process),
 * with the semantics of local kernels: the same outputs in both WebSocket
 * formats, a real notebook to the verdicts of local kernels and then from
 * the cache, a failing cell, timeouts (interrupt on the control channel,
 * interrupt through the REST API, a kernel that does not answer and is shut
 * down), a kernel that dies (Deno.exit) or is deleted on the server (HTTP
 * 404), a wrong token (one request, a clear message), SIGTERM (the remote
 * kernel is shut down), the token never printed nor written, and last the
 * server killed mid-run (the running notebook fails with the lost
 * connection named, the rest fail fast, the run ends). Skipped, with a
 * message, where Jupyter Server is not installed (CI installs it).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runNotebooks } from "../../lib/workspace/executor/run.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { connectKernelServer } from "../../lib/workspace/executor/remote-kernels.ts";
import type { ExecutionEvent } from "../../lib/workspace/executor/events.ts";
import type { Notebook } from "../../lib/workspace/executor/notebook.ts";
import { V1_SUBPROTOCOL } from "../../lib/workspace/kernel/remote/ws-codec.ts";
import { liveRemoteKernels, startRemoteKernel } from "../../lib/workspace/kernel/remote/kernel.ts";
import { KernelServer } from "../../lib/workspace/kernel/remote/server.ts";
import { FIXTURE_DATA, NOTEBOOKS, ROOT, tempDir } from "../executor/helpers.ts";
import { executedWorkspace } from "../helpers/rendered_workspace.ts";
import { jupyterServerAvailable, startJupyterServer } from "../../bench/lib/jupyter-server.ts";

const available = await jupyterServerAvailable();
if (!available) console.log("remote_kernels_test: jupyter server not installed; skipping (CI installs jupyter-server)");

/** The outputs of every code cell, without what differs from run to run (times, execution metadata). */
function outputsOf(notebook: Notebook): unknown[] {
  return notebook.cells.filter((cell) => cell.cell_type === "code").map((cell) => ({
    id: cell.id,
    count: (cell as { execution_count?: number | null }).execution_count,
    outputs: (cell as { outputs?: unknown[] }).outputs,
  }));
}

async function readExecuted(buildDir: string, stem: string): Promise<Notebook> {
  return JSON.parse(await Deno.readTextFile(join(buildDir, "notebooks", `${stem}.ipynb`)));
}

/** Polls `condition`; a condition that throws (the server briefly not answering) is asked again. */
async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  const holds = async () => {
    try {
      return await condition();
    } catch (error) {
      lastError = error;
      return false;
    }
  };
  while (!(await holds())) {
    if (performance.now() > deadline) {
      const last = lastError ? ` (last error: ${(lastError as Error).message})` : "";
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts a forced run of fixture notebooks (by name under tests/fixtures/notebooks, one at a time) on the kernel
 * server, and returns it (still running) once the sleeping notebook's long cell has started.
 */
async function untilSleeping(
  buildDir: string,
  names: string[],
  settings: { url: string; token: string },
): Promise<{ running: ReturnType<typeof runNotebooks> }> {
  const events: ExecutionEvent[] = [];
  const running = runNotebooks({
    root: ROOT,
    buildDir,
    dataDir: FIXTURE_DATA,
    notebooks: names.map((name) => join(NOTEBOOKS, `${name}.ipynb`)),
    force: true,
    jobs: 1,
    kernelServer: await connectKernelServer(settings),
    onEvent: (event) => events.push(event),
  });
  await waitFor(
    "the sleeping cell",
    () => events.some((e) => e.type === "cell-start" && e.notebook.endsWith("sleep.ipynb") && e.position === 1),
    90_000,
  );
  return { running }; // wrapped: an async function returning the run's promise would wait for the run
}

/** Files under `dir` whose bytes contain `text`. */
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const found: string[] = [];
  const needle = new TextEncoder().encode(text);
  const walk = async (folder: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && indexOf(await Deno.readFile(path), needle) !== -1) found.push(path);
    }
  };
  await walk(dir);
  return found;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern, "g")) ?? []).length;

Deno.test({
  name:
    "remote kernels on Jupyter Server: outputs, a real notebook, cache, failures, interrupts, dead kernels, wrong token, SIGTERM, server killed",
  ignore: !available,
  fn: async (t) => {
    const jupyter = await startJupyterServer(ROOT);
    const [scratch, cleanup] = await tempDir("claimbook-remote-");
    const settings = { url: jupyter.url, token: jupyter.token };
    try {
      await t.step("the server's binary v1 subprotocol is used when offered; the JSON format when asked", async () => {
        const server = await KernelServer.open(settings);
        for (const [format, expected] of [["auto", V1_SUBPROTOCOL], ["json", ""]] as const) {
          const kernel = await startRemoteKernel({ server, path: "notebooks", format });
          try {
            assert.equal(kernel.channels.protocol, expected);
            const seen: string[] = [];
            const outcome = await kernel.execute(
              'await Deno.jupyter.display({ "text/plain": Deno.cwd() }, { raw: true })',
              {
                onIopub: (m) =>
                  m.header.msg_type === "display_data" &&
                  seen.push(String((m.content.data as Record<string, unknown>)["text/plain"])),
              },
            );
            assert.equal(outcome.reply.status, "ok");
            await kernel.settle(); // the display can follow the reply and idle on a busy machine (QUIRKS.md, 1)
            // Started in the notebooks' folder through the `path` of POST /api/kernels.
            assert.deepEqual(seen, [join(ROOT, "notebooks")]);
          } finally {
            await kernel.shutdown();
          }
        }
        assert.deepEqual(await jupyter.kernels(), []);
      });

      await t.step("fixture notebooks: the outputs of a local kernel, in both formats", async () => {
        const outputs = join(NOTEBOOKS, "ok/outputs.ipynb");
        const builds: Record<string, string> = {};
        // The three runs at once: each waits mostly on its kernel's start.
        await Promise.all((["local", "auto", "json"] as const).map(async (mode) => {
          const buildDir = builds[mode] = join(scratch, `build-${mode}`);
          const kernelServer = mode === "local" ? undefined : await connectKernelServer({ ...settings, format: mode });
          const run = await runNotebooks({
            root: ROOT,
            buildDir,
            dataDir: FIXTURE_DATA,
            notebooks: [outputs],
            force: true,
            kernelServer,
          });
          assert.deepEqual(run.outcomes.map((o) => [o.stem, o.status, o.failure?.message]), [
            ["outputs", "ran", undefined],
          ]);
        }));
        const local = outputsOf(await readExecuted(builds.local, "outputs"));
        assert.deepEqual(outputsOf(await readExecuted(builds.auto, "outputs")), local);
        assert.deepEqual(outputsOf(await readExecuted(builds.json, "outputs")), local);
        assert.deepEqual(await jupyter.kernels(), []);
      });

      await t.step(
        "a real notebook: the verdicts of local kernels; the reads it recorded, then taken from the cache",
        async () => {
          // One real notebook, the one whose verdicts are of the most kinds: the fixture notebooks above cover the
          // outputs, and compat_test.ts runs every real notebook under Jupyter's own executor (each real notebook
          // costs a kernel of about a second of CPU here).
          const local = (await executedWorkspace()).ledger; // local kernels
          const kinds = (id: string) => new Set(local.verdicts.filter((v) => v.document === id).map((v) => v.verdict));
          const [document] = [...local.documents].sort((a, b) =>
            kinds(b.id).size - kinds(a.id).size || b.id.localeCompare(a.id)
          );
          assert.ok(document && document.notebook, "a document with a notebook");
          const buildDir = join(scratch, "real");
          const remote = await renderWorkspace({
            root: ROOT,
            buildDir,
            site: false,
            quiet: true,
            onEvent: () => {},
            notebooks: [document.notebook],
            kernelServer: settings,
          });
          assert.ok(remote.ok && remote.ledger, JSON.stringify([remote.failed, remote.errors, remote.ledgerProblems]));
          assert.deepEqual(remote.ran, [document.notebook]);
          assert.deepEqual(await jupyter.kernels(), [], "every remote kernel was shut down");
          assert.equal(liveRemoteKernels().length, 0);
          const verdicts = local.verdicts.filter((v) => v.document === document.id);
          assert.ok(verdicts.length > 0);
          assert.deepEqual(remote.ledger.verdicts, verdicts);
          assert.deepEqual(remote.ledger.documents.filter((d) => d.id === document.id), [document]);
          // The remote kernels reported what each notebook read from the catalog: the next run takes them from the cache.
          const again = await runNotebooks({
            root: ROOT,
            buildDir,
            notebooks: remote.notebooks.map((o) => o.path),
            kernelServer: await connectKernelServer(settings),
          });
          assert.deepEqual(again.outcomes.map((o) => o.status), remote.notebooks.map(() => "cached"));
          for (const outcome of again.outcomes) {
            const reads = again.cache.entry(outcome.notebook)?.reads ?? [];
            assert.ok(reads.some((r) => r.path.endsWith(".csv")), `${outcome.notebook}: ${JSON.stringify(reads)}`);
          }
          assert.deepEqual(again.outcomes.map((o) => o.verdicts), remote.notebooks.map((o) => o.verdicts));
          assert.deepEqual(await jupyter.kernels(), []);
        },
      );

      await t.step(
        "failures as with local kernels: an error, timeouts (interrupt by message, by REST, shut down), Deno.exit",
        async () => {
          const failing = (name: string) => join(NOTEBOOKS, `failing/${name}.ipynb`);
          const interruptsBefore = count(jupyter.log(), /Kernel interrupted/);
          // The timeouts cut to 1 s (the notebooks say 2): the test waits no longer than it must for each interrupt.
          const runFailing = async (stems: string[], timeout?: number) =>
            (await runNotebooks({
              root: ROOT,
              buildDir: join(scratch, timeout ? "failing" : "failing-other"),
              dataDir: FIXTURE_DATA,
              notebooks: stems.map(failing),
              force: true,
              timeout,
              interruptGrace: 1,
              kernelServer: await connectKernelServer({ ...settings, kernelName: "deno-signal" }),
            })).outcomes;
          const outcomes =
            (await Promise.all([runFailing(["error", "exit"]), runFailing(["timeout-loop", "timeout-await"], 1)]))
              .flat();
          const failure = (stem: string) => outcomes.find((o) => o.stem === stem)!.failure!;
          assert.equal(failure("error").kind, "error");
          assert.match(failure("error").message, /error\.ipynb, cell 2 \(id error-02\): TypeError: boom in cell 2/);
          assert.equal(failure("timeout-loop").kind, "timeout");
          assert.match(
            failure("timeout-loop").message,
            /cell 2 .*did not finish within 1 s \(the kernel was interrupted\)/,
          );
          const loop = await readExecuted(join(scratch, "failing"), "timeout-loop");
          const loopCell = loop.cells.find((c) => c.id === "timeout-loop-02") as { outputs: { output_type: string }[] };
          assert.deepEqual(loopCell.outputs.map((o) => o.output_type), ["stream", "error"]);
          assert.equal(failure("timeout-await").kind, "timeout");
          assert.match(failure("timeout-await").message, /did not answer the interrupt and was killed/);
          assert.equal(failure("exit").kind, "kernel-died");
          assert.match(failure("exit").message, /exit\.ipynb, cell 2 .*DeadKernelError: the kernel died: .*restarting/);
          // A kernelspec whose interrupt mode is "signal": the interrupts went on the control channel, not REST.
          assert.equal(count(jupyter.log(), /Kernel interrupted/), interruptsBefore);

          // The project's kernelspec (interrupt_mode "message") is interrupted through POST /api/kernels/{id}/interrupt.
          const rest = await runNotebooks({
            root: ROOT,
            buildDir: join(scratch, "failing-rest"),
            dataDir: FIXTURE_DATA,
            notebooks: [failing("timeout-loop")],
            force: true,
            timeout: 1,
            interruptGrace: 5,
            kernelServer: await connectKernelServer(settings),
          });
          assert.match(
            rest.outcomes[0].failure?.message ?? "",
            /did not finish within 1 s \(the kernel was interrupted\)/,
          );
          assert.equal(count(jupyter.log(), /Kernel interrupted/), interruptsBefore + 1);
          await waitFor("the server to drop the kernels", async () => (await jupyter.kernels()).length === 0, 20_000);
          assert.equal(liveRemoteKernels().length, 0);
        },
      );

      await t.step("a kernel deleted on the server is found gone (HTTP 404) while its cell waits", async () => {
        const { running } = await untilSleeping(join(scratch, "deleted"), ["slow/sleep"], settings);
        const [kernel] = await jupyter.kernels();
        const deleted = await fetch(`${jupyter.url}/api/kernels/${kernel.id}`, {
          method: "DELETE",
          headers: { Authorization: `token ${jupyter.token}` },
        });
        assert.equal(deleted.status, 204);
        const started = performance.now();
        const run = await running;
        assert.ok(performance.now() - started < 15_000, "found within seconds, not at the cell's end");
        assert.equal(run.outcomes[0].failure?.kind, "kernel-died");
        assert.match(run.outcomes[0].failure?.message ?? "", /gone from the kernel server .*HTTP 404/);
      });

      await t.step(
        "outside the workspace, a notebook's kernel is refused with the reason, before any request",
        async () => {
          const outside = join(scratch, "outside");
          await Deno.mkdir(outside);
          await Deno.copyFile(join(NOTEBOOKS, "ok/beta.ipynb"), join(outside, "beta.ipynb"));
          const startedBefore = count(jupyter.log(), /Kernel started/);
          const run = await runNotebooks({
            root: ROOT,
            buildDir: join(scratch, "outside-build"),
            dataDir: FIXTURE_DATA,
            notebooks: [join(outside, "beta.ipynb")],
            force: true,
            kernelServer: await connectKernelServer(settings),
          });
          assert.equal(run.outcomes[0].failure?.kind, "kernel-start");
          assert.match(
            run.outcomes[0].failure?.message ?? "",
            /is outside the workspace .*a kernel server sees the workspace only/,
          );
          assert.equal(count(jupyter.log(), /Kernel started/), startedBefore, "no kernel was started for it");
        },
      );

      const cli = (args: string[], token: string) =>
        new Deno.Command(Deno.execPath(), {
          args: ["run", "-A", join(ROOT, "main.ts"), "run", "--kernel-server", jupyter.url, ...args],
          cwd: ROOT,
          env: { CLAIMBOOK_KERNEL_TOKEN: token, CLAIMBOOK_DATA_DIR: FIXTURE_DATA, NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        });

      await t.step(
        "a wrong token: one request, a clear message, exit 1, nothing run; the token is never printed",
        async () => {
          const wrong = `wrong-${crypto.randomUUID()}`;
          const refusedBefore = count(jupyter.log(), /403 \w+ \/api\//);
          const build = join(scratch, "wrong-token");
          const output = await cli(["--build-dir", build, "--jobs", "4", join(NOTEBOOKS, "ok/beta.ipynb")], wrong)
            .output();
          const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
          assert.equal(output.code, 1, text);
          assert.match(
            text,
            /kernel server at http:\/\/127\.0\.0\.1:\d+ refused the token \(HTTP 403 .*set CLAIMBOOK_KERNEL_TOKEN/,
          );
          assert.match(text, /refused before any notebook ran/);
          await waitFor("the server's log", () => count(jupyter.log(), /403 \w+ \/api\//) > refusedBefore, 5000);
          await new Promise((resolve) => setTimeout(resolve, 500)); // any request after the first would be logged by now
          assert.equal(count(jupyter.log(), /403 \w+ \/api\//) - refusedBefore, 1, "exactly one request was refused");
          assert.ok(!text.includes(wrong), "the token is not printed");
        },
      );

      await t.step(
        "SIGTERM: the remote kernel is shut down, exit 143; the token is in no output and no file",
        async () => {
          const build = join(scratch, "sigterm");
          const child = cli(["--build-dir", build, join(NOTEBOOKS, "slow/sleep.ipynb")], jupyter.token).spawn();
          const busy = async () => (await jupyter.kernels()).some((k) => k.execution_state === "busy");
          await waitFor("a busy kernel on the server", busy, 90_000);
          child.kill("SIGTERM");
          const output = await child.output();
          const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
          assert.equal(output.code, 143, text);
          assert.deepEqual(await jupyter.kernels(), [], "the kernel was shut down on the server");
          assert.ok(!text.includes(jupyter.token), "the token is not printed");
          assert.deepEqual(await filesContaining(build, jupyter.token).catch(() => []), []);
          assert.deepEqual(await filesContaining(join(ROOT, "_build", "cache"), jupyter.token).catch(() => []), []);
        },
      );
      await t.step(
        "last, the server killed mid-run: the running notebook fails with the lost connection, the rest fail fast",
        async () => {
          const { running } = await untilSleeping(
            join(scratch, "server-gone"),
            ["slow/sleep", "ok/alpha", "ok/beta"],
            settings,
          );
          await jupyter.kill();
          const killedAt = performance.now();
          const run = await running;
          assert.ok(performance.now() - killedAt < 15_000, "the run ended within seconds of the server's death");
          const byStem = Object.fromEntries(run.outcomes.map((o) => [o.stem, o]));
          assert.equal(byStem.sleep.failure?.kind, "kernel-died");
          assert.match(
            byStem.sleep.failure?.message ?? "",
            /sleep\.ipynb, cell 2 .*the connection to the kernel server was lost: .*cannot be reached/,
          );
          for (const stem of ["alpha", "beta"]) {
            assert.equal(byStem[stem].failure?.kind, "kernel-start", stem);
            assert.match(
              byStem[stem].failure?.message ?? "",
              /kernel server at http:\/\/127\.0\.0\.1:\d+ cannot be reached/,
            );
          }
          assert.equal(run.cancelled, false);
          assert.equal(liveRemoteKernels().length, 0);
        },
      );
    } finally {
      await cleanup();
      await jupyter.stop();
    }
  },
});
