/**
 * Debian's classic Jupyter Notebook for the Jupyter tests: started on a free
 * port of 127.0.0.1 with a random token, with its own temporary Jupyter
 * folders (config, data, runtime) holding the kernelspec `deno task
 * notebook` installs, so neither the machine's Jupyter set-up nor the
 * committed notebooks are touched.
 *
 * Lean for CPU: no terminals, and the server builds the "Download as" list
 * of its notebook page once instead of on every page load (see
 * {@link SERVER_CONFIG}).
 *
 * @module
 */

import { join } from "node:path";
import { installKernelspec } from "../../lib/workspace/jupyter/kernelspec.ts";
import { notebookArgs } from "../../lib/workspace/jupyter/notebook-command.ts";
import { freePort, jupyterAvailable, spawnJupyter, untilAnswering } from "../../bench/lib/jupyter-process.ts";

/**
 * `jupyter_notebook_config.py` of the test's server. Each notebook page the server renders lists nbconvert's
 * exporters for its "Download as" menu, and Debian's nbconvert finds every exporter by scanning the entry points
 * of every installed Python package: about 0.4 s of the server's CPU a page, the same list each time. Here the
 * list is built once; the page is the same.
 */
export const SERVER_CONFIG = `try:
    import functools
    import notebook.notebook.handlers as handlers
    handlers.get_frontend_exporters = functools.lru_cache(maxsize=None)(handlers.get_frontend_exporters)
except (ImportError, AttributeError):
    pass  # another Notebook: its pages are built as it builds them
`;

/** Whether `jupyter notebook` can be run (the test is skipped, with a message, when not). */
export function notebookAvailable(): Promise<boolean> {
  return jupyterAvailable("notebook");
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
  await Deno.mkdir(join(home, "config"), { recursive: true });
  await Deno.writeTextFile(join(home, "config", "jupyter_notebook_config.py"), SERVER_CONFIG);
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  const app = spawnJupyter(
    notebookArgs({
      folder,
      uid: Deno.uid(),
      extra: [
        "--no-browser",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--port-retries=0",
        `--NotebookApp.token=${token}`,
        "--NotebookApp.open_browser=False",
        "--NotebookApp.terminals_enabled=False",
      ],
    }),
    home,
    env,
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      app.child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await app.exited;
    await app.logClosed;
    await Deno.remove(home, { recursive: true }).catch(() => {});
  };
  try {
    await untilAnswering({
      url,
      headers: { Authorization: `token ${token}` },
      seconds: 30,
      running: app.running,
      log: app.log,
      what: "jupyter notebook",
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, token, notebookUrl: (name) => `${url}/notebooks/${encodeURIComponent(name)}?token=${token}`, stop };
}
