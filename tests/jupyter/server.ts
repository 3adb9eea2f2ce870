/**
 * Debian's classic Jupyter Notebook for the Jupyter tests: started on a free
 * port of 127.0.0.1 with a random token, with its own temporary Jupyter
 * folders (config, data, runtime) holding the kernelspec `deno task
 * notebook` installs, so neither the machine's Jupyter set-up nor the
 * committed notebooks are touched.
 *
 * Lean for CPU: no terminals, none of the front-end extensions the machine
 * enables (Debian's Notebook brings the ipywidgets one, 0.5 MB of script
 * each notebook page runs; the notebooks show no widgets), and the server
 * builds the "Download as" list of its notebook page once instead of on
 * every page load (see {@link SERVER_CONFIG}).
 *
 * @module
 */

import { join } from "node:path";
import { installKernelspec } from "../../lib/workspace/jupyter/kernelspec.ts";
import { notebookArgs } from "../../lib/workspace/jupyter/notebook-command.ts";
import {
  freePort,
  jupyterAvailable,
  retryWhenPortTaken,
  spawnJupyter,
  untilAnswering,
} from "../../bench/lib/jupyter-process.ts";

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

/** Where Jupyter reads the machine's configuration (`jupyter --paths`, "config", less the user's and the environment's). */
const SYSTEM_CONFIG_DIRS = ["/usr/etc/jupyter", "/usr/local/etc/jupyter", "/etc/jupyter"];

/**
 * The front-end extensions (nbextensions) the machine's Jupyter configuration loads into a notebook page, as
 * `nbconfig/notebook.json` and `nbconfig/notebook.d/*.json` under {@link SYSTEM_CONFIG_DIRS} name them.
 *
 * @example
 * ```ts
 * await machineNbextensions(); // ["jupyter-js-widgets/extension"] with Debian's jupyter-notebook
 * ```
 */
export async function machineNbextensions(dirs: string[] = SYSTEM_CONFIG_DIRS): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    files.push(join(dir, "nbconfig", "notebook.json"));
    try {
      for await (const entry of Deno.readDir(join(dir, "nbconfig", "notebook.d"))) {
        if (entry.name.endsWith(".json")) files.push(join(dir, "nbconfig", "notebook.d", entry.name));
      }
    } catch {
      // No such folder.
    }
  }
  const names = new Set<string>();
  for (const file of files) {
    try {
      const config = JSON.parse(await Deno.readTextFile(file));
      for (const [name, on] of Object.entries(config?.load_extensions ?? {})) if (on) names.add(name);
    } catch {
      // Missing or not JSON: Jupyter skips it too.
    }
  }
  return [...names].sort();
}

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
 * Starts `jupyter notebook` on `folder` and waits until it answers (on
 * another port when the one it was given is taken meanwhile).
 *
 * @example
 * ```ts
 * const server = await startNotebookServer("/work/main/_build/jupyter-1/notebooks", { CLAIMBOOK_DATA_DIR: "/work/main/data" });
 * await server.stop();
 * ```
 */
export function startNotebookServer(folder: string, env: Record<string, string> = {}): Promise<NotebookServer> {
  return retryWhenPortTaken(() => startOnce(folder, env));
}

async function startOnce(folder: string, env: Record<string, string>): Promise<NotebookServer> {
  const home = await Deno.makeTempDir({ prefix: "claimbook-jupyter-" });
  const dataDir = join(home, "data");
  await installKernelspec({ dataDir });
  await Deno.mkdir(join(home, "config"), { recursive: true });
  await Deno.writeTextFile(join(home, "config", "jupyter_notebook_config.py"), SERVER_CONFIG);
  // The user's nbconfig (this one) is read last and wins over the machine's.
  const nbextensions = await machineNbextensions();
  await Deno.mkdir(join(home, "config", "nbconfig"), { recursive: true });
  await Deno.writeTextFile(
    join(home, "config", "nbconfig", "notebook.json"),
    JSON.stringify({ load_extensions: Object.fromEntries(nbextensions.map((name) => [name, false])) }),
  );
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
