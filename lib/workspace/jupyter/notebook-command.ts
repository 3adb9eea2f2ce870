/**
 * `deno task notebook`: installs the Deno kernelspec (see `kernelspec.ts`)
 * and starts the classic Jupyter Notebook on `notebooks/` — what Debian's
 * `jupyter-notebook` package provides (Debian has no JupyterLab). As root,
 * for example in a container, it passes `--allow-root`, without which the
 * Notebook refuses to start. `--port`, `--ip` and `--no-browser` go to
 * Jupyter, and so does everything after `--`; `--install-kernel` only
 * installs the kernelspec. Like every command, it parses its flags through
 * `lib/workspace/cli/args.ts`: an unknown flag is a usage error (exit 2)
 * before anything is installed.
 *
 * @module
 */

import { join } from "node:path";
import { type CommandSpec, parseCommandLine, workspaceRoot } from "../cli/args.ts";
import { installKernelspec, jupyterDataDir } from "./kernelspec.ts";

const ROOT = workspaceRoot();

const SPEC = {
  name: "notebook",
  synopsis: "[options] [-- jupyter options]",
  description: `Installs the Deno kernelspec (a start script that finds Deno ${Deno.version.deno} wherever it
is installed, not a path in npm's npx cache) and starts the classic Jupyter
Notebook on notebooks/. As root (a container) --allow-root is added.
Options after -- go to Jupyter as they are, e.g. -- --NotebookApp.token=x.`,
  options: {
    "install-kernel": { type: "boolean", help: "only install the kernelspec, then exit" },
    port: { type: "string", value: "N", help: "port of the Notebook server (Jupyter's --port)" },
    ip: { type: "string", value: "ADDR", help: "address to listen on (Jupyter's --ip)" },
    "no-browser": { type: "boolean", help: "do not open a browser (Jupyter's --no-browser)" },
  },
  positionals: { max: Infinity, name: "jupyter option" },
} satisfies CommandSpec;

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
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const jupyterOptions = [
    ...(values.port !== undefined ? ["--port", values.port] : []),
    ...(values.ip !== undefined ? ["--ip", values.ip] : []),
    ...(values["no-browser"] ? ["--no-browser"] : []),
    ...positionals,
  ];
  let installed;
  try {
    installed = await installKernelspec({ dataDir: await jupyterDataDir() });
  } catch (error) {
    console.error(`notebook: could not install the Deno kernelspec: ${(error as Error).message}`);
    return 1;
  }
  console.error(`notebook: Deno kernelspec in ${installed.dir} (runs Deno ${Deno.version.deno})`);
  if (values["install-kernel"]) return 0;

  const command = new Deno.Command("jupyter", {
    args: notebookArgs({ folder: join(ROOT, "notebooks"), uid: Deno.uid(), extra: jupyterOptions }),
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
