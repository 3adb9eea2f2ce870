/**
 * `deno task notebook`: installs the Deno kernelspec (see `kernelspec.ts`)
 * and starts the classic Jupyter Notebook on `notebooks/` — what Debian's
 * `jupyter-notebook` package provides (Debian has no JupyterLab). As root,
 * for example in a container, it passes `--allow-root`, without which the
 * Notebook refuses to start. Options after the task name go to Jupyter
 * (`--port 8890`, `--no-browser`, `--ip 0.0.0.0`); `--install-kernel` only
 * installs the kernelspec.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installKernelspec, jupyterDataDir } from "./kernelspec.ts";

const ROOT = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

const HELP = `usage: deno task notebook [jupyter options]

Installs the Deno kernelspec (a start script that finds Deno ${Deno.version.deno} wherever it
is installed, not a path in npm's npx cache) and starts the classic Jupyter
Notebook on notebooks/. As root (a container) --allow-root is added.
Other options go to Jupyter, e.g. --port 8890 --no-browser --ip 0.0.0.0.

  --install-kernel   only install the kernelspec, then exit
  -h, --help         show this help`;

/**
 * The arguments of `jupyter` for the Notebook on a folder: `--allow-root` as root.
 *
 * @example
 * ```ts
 * notebookArgs({ folder: "notebooks", uid: 0, extra: ["--no-browser"] });
 * // ["notebook", "notebooks", "--allow-root", "--no-browser"]
 * ```
 */
export function notebookArgs(options: { folder: string; uid: number | null; extra?: string[] }): string[] {
  const extra = options.extra ?? [];
  const root = options.uid === 0 && !extra.includes("--allow-root") ? ["--allow-root"] : [];
  return ["notebook", options.folder, ...root, ...extra];
}

/**
 * Runs the command; returns the exit code.
 *
 * @example
 * ```ts
 * Deno.exit(await main(["--no-browser"]));
 * ```
 */
export async function main(args: string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  let installed;
  try {
    installed = await installKernelspec({ dataDir: await jupyterDataDir() });
  } catch (error) {
    console.error(`notebook: could not install the Deno kernelspec: ${(error as Error).message}`);
    return 1;
  }
  console.error(`notebook: Deno kernelspec in ${installed.dir} (runs Deno ${Deno.version.deno})`);
  if (args.includes("--install-kernel")) return 0;

  const command = new Deno.Command("jupyter", {
    args: notebookArgs({ folder: join(ROOT, "notebooks"), uid: Deno.uid(), extra: args }),
    cwd: ROOT,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  });
  let child: Deno.ChildProcess;
  try {
    child = command.spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      console.error(
        "notebook: `jupyter` is not installed; on Debian: apt-get install jupyter-notebook (or: pip install notebook)",
      );
      return 1;
    }
    throw error;
  }
  // Ctrl-C reaches Jupyter too, which asks whether to shut down; this process waits for its answer.
  const ignore = () => {};
  Deno.addSignalListener("SIGINT", ignore);
  try {
    return (await child.status).code;
  } finally {
    Deno.removeSignalListener("SIGINT", ignore);
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
