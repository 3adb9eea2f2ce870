/**
 * What starting a Jupyter application for a test or a benchmark needs,
 * whichever it is (`jupyter server`, `jupyter notebook`): whether the
 * subcommand is installed, a free port on 127.0.0.1 (and a new start when
 * another process took it first), and a wait until it answers
 * `GET /api/status`.
 *
 * @module
 */

import { join } from "node:path";

/**
 * Whether `jupyter <subcommand>` is installed: `jupyter` runs a subcommand
 * as the program `jupyter-<subcommand>`, looked up on PATH. Found without
 * starting it (`jupyter server --version` costs a Python start, about a
 * second of CPU).
 *
 * @example
 * ```ts
 * await jupyterAvailable("server"); // true where jupyter-server is installed
 * ```
 */
export function jupyterAvailable(subcommand: string): Promise<boolean> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":").filter((d) => d !== "")) {
    try {
      if (Deno.statSync(join(dir, `jupyter-${subcommand}`)).isFile) return Promise.resolve(true);
    } catch {
      // Not in this folder.
    }
  }
  return Promise.resolve(false);
}

/**
 * A TCP port of 127.0.0.1 free right now.
 *
 * @example
 * ```ts
 * freePort() > 0; // true
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** What Jupyter Server and Notebook log when the port they were given is taken. */
const PORT_TAKEN = /The port \d+ is already in use/;

/**
 * Calls `start` again, up to `attempts` times in all, while it fails because
 * the port it took from {@link freePort} was bound by another process first:
 * in a parallel test run, the second or so Python needs to start leaves
 * time for that. Any other failure is thrown at once.
 *
 * @example
 * ```ts
 * const server = await retryWhenPortTaken(() => startOnce(freePort()));
 * ```
 */
export async function retryWhenPortTaken<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts || !PORT_TAKEN.test(error instanceof Error ? error.message : String(error))) throw error;
    }
  }
}

/**
 * Polls `GET <url>/api/status` until it answers 200, each request cut at 2 s.
 * Throws, with the end of the application's log, when it has exited or
 * `seconds` have passed.
 *
 * @example
 * ```ts
 * await untilAnswering({ url, headers, seconds: 60, running: () => true, log: () => "", what: "jupyter server" });
 * ```
 */
export async function untilAnswering(options: {
  url: string;
  headers?: HeadersInit;
  seconds: number;
  running: () => boolean;
  log: () => string;
  what: string;
}): Promise<void> {
  const deadline = Date.now() + options.seconds * 1000;
  for (;;) {
    try {
      // Bounded: a port taken by a process that accepts and never answers must not hold the poll.
      const response = await fetch(`${options.url}/api/status`, {
        headers: options.headers,
        signal: AbortSignal.timeout(2_000),
      });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (!options.running() || Date.now() > deadline) {
      throw new Error(`${options.what} did not answer within ${options.seconds} s:\n${options.log().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A Jupyter application started by {@link spawnJupyter}. */
export interface JupyterProcess {
  child: Deno.ChildProcess;
  /** Its stderr so far (Jupyter logs there). */
  log(): string;
  running(): boolean;
  /** Settles when it has exited. */
  exited: Promise<void>;
  /** Settles when its stderr is closed (also by the processes it started, which inherit it). */
  logClosed: Promise<void>;
}

/**
 * Starts `jupyter <args>` with its own Jupyter folders under `home`
 * (`config`, `data`, `runtime`, `ipython`), so the machine's Jupyter set-up
 * is not touched, and collects its log.
 *
 * @example
 * ```ts
 * const app = spawnJupyter(["server", "--port=8888"], home);
 * ```
 */
export function spawnJupyter(args: string[], home: string, env: Record<string, string> = {}): JupyterProcess {
  const child = new Deno.Command("jupyter", {
    args,
    env: {
      ...env,
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_DATA_DIR: join(home, "data"),
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      IPYTHONDIR: join(home, "ipython"),
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) log.push(decoder.decode(chunk, { stream: true }));
  })().catch(() => {});
  let running = true;
  const exited = child.status.then(() => {
    running = false;
  });
  return { child, log: () => log.join(""), running: () => running, exited, logClosed: reading };
}
