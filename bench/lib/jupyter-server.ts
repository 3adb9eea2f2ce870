/**
 * Debian's Jupyter Server for the remote-kernel tests and benchmark: started on a free
 * port of 127.0.0.1 with a random token, its root the workspace (the
 * notebooks import `@lib/` and read `data/` from there), with temporary
 * Jupyter folders holding two Deno kernelspecs: `deno`, the one `deno task
 * notebook --install-kernel` installs (`interrupt_mode: "message"`: interrupts
 * through the REST API), and `deno-signal`, the same with Jupyter's default
 * "signal" (claimbook then interrupts on the control channel itself). The machine's Jupyter set-up is not touched.
 *
 * @module
 */

import { join } from "node:path";
import { installKernelspec } from "../../lib/workspace/jupyter/kernelspec.ts";
import { freePort, jupyterAvailable, retryWhenPortTaken, spawnJupyter, untilAnswering } from "./jupyter-process.ts";

/**
 * Whether `jupyter server` can be run (the tests are skipped, with a message, when not).
 *
 * @example
 * ```ts
 * const available = await jupyterServerAvailable();
 * Deno.test({ name: "…", ignore: !available, fn: async () => {} });
 * ```
 */
export function jupyterServerAvailable(): Promise<boolean> {
  return jupyterAvailable("server");
}

/** A running Jupyter Server. */
export interface JupyterServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  token: string;
  /** Process id of the server (its kernels are its children). */
  pid: number;
  /** Its log so far (stderr). */
  log(): string;
  /** The kernels it runs (`GET /api/kernels`); throws, with the status and body, when the server does not list them. */
  kernels(): Promise<{ id: string; name: string; execution_state: string }[]>;
  /** Kills the server at once (SIGKILL), as a crash would, then the kernels it left behind. */
  kill(): Promise<void>;
  /** Stops the server (and its kernels) and removes its temporary folders. */
  stop(): Promise<void>;
}

/**
 * Starts `jupyter server` with its root at `root` and waits until it answers
 * (on another port when the one it was given is taken meanwhile).
 *
 * @example
 * ```ts
 * const server = await startJupyterServer(ROOT);
 * await server.stop();
 * ```
 */
export function startJupyterServer(root: string): Promise<JupyterServer> {
  return retryWhenPortTaken(() => startOnce(root));
}

async function startOnce(root: string): Promise<JupyterServer> {
  const home = await Deno.makeTempDir({ prefix: "claimbook-jupyter-server-" });
  const dataDir = join(home, "data");
  const runtimeDir = join(home, "runtime");
  const { kernelspec } = await installKernelspec({ dataDir });
  const signalDir = join(dataDir, "kernels", "deno-signal");
  await Deno.mkdir(signalDir, { recursive: true });
  await Deno.writeTextFile(
    join(signalDir, "kernel.json"),
    JSON.stringify({ ...kernelspec, display_name: "Deno (interrupt by signal)", interrupt_mode: "signal" }),
  );
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const args = [
    "server",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${root}`,
  ];
  if (Deno.uid() === 0) args.push("--allow-root");
  const app = spawnJupyter(args, home, { PYDEVD_DISABLE_FILE_VALIDATION: "1" });
  const { child, exited } = app;
  const url = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `token ${token}` };
  // Kernels of this server: their connection files lie in its runtime folder.
  const orphans = () => kernelPids(runtimeDir);
  const kill = async () => {
    if (app.running()) child.kill("SIGKILL");
    await exited;
    for (const pid of orphans()) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  };
  const stop = async () => {
    if (app.running()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => app.running() && child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await kill();
    await app.logClosed;
    await Deno.remove(home, { recursive: true }).catch(() => {});
  };
  try {
    await untilAnswering({
      url,
      headers,
      seconds: 60,
      running: app.running,
      log: app.log,
      what: "jupyter server",
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    token,
    pid: child.pid,
    log: app.log,
    kernels: async () => {
      const response = await fetch(`${url}/api/kernels`, { headers });
      const body = await response.json();
      if (!response.ok || !Array.isArray(body)) {
        throw new Error(`GET /api/kernels: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
      return body;
    },
    kill,
    stop,
  };
}

/** Process ids whose command line names a file under `folder`. */
function kernelPids(folder: string): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0").join(" ");
      if (cmd.includes(`${folder}/`)) pids.push(Number(entry.name));
    } catch {
      // gone
    }
  }
  return pids;
}
