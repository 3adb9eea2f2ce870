/**
 * Debian's classic Jupyter Notebook for the Jupyter tests: started on a free
 * port of 127.0.0.1 with a random token, with its own temporary Jupyter
 * folders (config, data, runtime) holding the kernelspec `deno task
 * notebook` installs, so neither the machine's Jupyter set-up nor the
 * committed notebooks are touched.
 *
 * @module
 */

import { join } from "node:path";
import { installKernelspec } from "../../lib/workspace/jupyter/kernelspec.ts";
import { notebookArgs } from "../../lib/workspace/jupyter/notebook-command.ts";

/** Whether `jupyter notebook` can be run (the test is skipped, with a message, when not). */
export async function notebookAvailable(): Promise<boolean> {
  try {
    const output = await new Deno.Command("jupyter", {
      args: ["notebook", "--version"],
      stdout: "null",
      stderr: "null",
    })
      .output();
    return output.success;
  } catch {
    return false;
  }
}

/** A running Notebook server. */
export interface NotebookServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  token: string;
  /** URL that opens a notebook of the served folder. */
  notebookUrl(name: string): string;
  /** Stops the server (and its kernels) and removes its temporary folders. */
  stop(): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/**
 * Starts `jupyter notebook` on `folder` and waits until it answers.
 *
 * @example
 * ```ts
 * const server = await startNotebookServer("/work/main/_build/jupyter-1/notebooks", { CLAIMBOOK_DATA_DIR: "/work/main/data" });
 * await server.stop();
 * ```
 */
export async function startNotebookServer(folder: string, env: Record<string, string> = {}): Promise<NotebookServer> {
  const home = await Deno.makeTempDir({ prefix: "claimbook-jupyter-" });
  const dataDir = join(home, "data");
  await installKernelspec({ dataDir });
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const child = new Deno.Command("jupyter", {
    args: notebookArgs({
      folder,
      uid: Deno.uid(),
      extra: [
        "--no-browser",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--port-retries=0",
        `--NotebookApp.token=${token}`,
        "--NotebookApp.open_browser=False",
      ],
    }),
    env: {
      ...env,
      JUPYTER_CONFIG_DIR: join(home, "config"),
      JUPYTER_DATA_DIR: dataDir,
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      IPYTHONDIR: join(home, "ipython"),
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) log.push(decoder.decode(chunk));
  })();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
    await reading.catch(() => {});
    await Deno.remove(home, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/api/status?token=${token}`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyter notebook did not answer within 30 s:\n${log.join("").slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, token, notebookUrl: (name) => `${url}/notebooks/${encodeURIComponent(name)}?token=${token}`, stop };
}
