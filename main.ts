/**
 * The `claimbook` command line.
 *
 *   deno run -A main.ts <command> [options]
 *
 * Commands: run, render, preview, update, data:import, new, notebook. Each
 * lives in its own module (under `lib/workspace/cli/`; notebook under
 * `lib/workspace/jupyter/`) and is loaded only when used, so `render` does
 * not pay for the updater. Every command parses its flags through
 * `lib/workspace/cli/args.ts` (usage on stderr and exit 2 for an unknown
 * flag; `--help` on stdout); notebook passes what follows `--` to Jupyter.
 *
 * @module
 */

import { EXIT } from "./lib/workspace/cli/args.ts";

const COMMANDS: Record<string, { summary: string; module: string }> = {
  run: {
    summary: "execute notebooks (all, or the ones named) through the Deno kernel",
    module: "./lib/workspace/cli/run.ts",
  },
  render: {
    summary: "execute every notebook, then write the static site to _site/",
    module: "./lib/workspace/cli/render.ts",
  },
  preview: {
    summary: "serve _site/ on localhost, re-render on change, reload the browser",
    module: "./lib/workspace/cli/preview.ts",
  },
  update: {
    summary: "refresh data/ from the publishers' APIs and report what moved",
    module: "./lib/workspace/cli/update.ts",
  },
  "data:import": {
    summary: "rebuild data/ from the raw inputs",
    module: "./lib/workspace/cli/data-import.ts",
  },
  new: { summary: "scaffold a new document: a claims entry and a notebook", module: "./lib/workspace/cli/new.ts" },
  notebook: {
    summary: "install the Deno kernelspec and start Jupyter Notebook on notebooks/",
    module: "./lib/workspace/jupyter/notebook-command.ts",
  },
};

/** A command module: `main(args)` returns the process exit code. */
export interface CommandModule {
  main(args: string[]): Promise<number>;
}

/**
 * The names of the commands, as typed after `deno task` (or `main.ts`).
 *
 * @example
 * ```ts
 * commandNames().includes("render"); // true
 * ```
 */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}

/**
 * The module of a command, loaded now (each command is loaded only when
 * used); undefined for a name that is not a command.
 *
 * @example
 * ```ts
 * const render = await loadCommand("render");
 * await render?.main(["--help"]); // 0, the usage on stdout
 * ```
 */
export async function loadCommand(name: string): Promise<CommandModule | undefined> {
  if (!Object.hasOwn(COMMANDS, name)) return undefined;
  return await import(COMMANDS[name].module) as CommandModule;
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: deno task <command> [options]   (or: deno run -A main.ts <command>)\n\ncommands:\n${
    lines.join("\n")
  }\n\nEach command takes --help.`;
}

if (import.meta.main) {
  const [command, ...args] = Deno.args;
  if (command === "--help" || command === "-h" || command === "help") {
    console.log(usage());
    Deno.exit(EXIT.ok);
  }
  if (!command) {
    console.error(`claimbook: name a command\n\n${usage()}`);
    Deno.exit(EXIT.usage);
  }
  const module = await loadCommand(command);
  if (!module) {
    console.error(`claimbook: unknown command "${command}"\n\n${usage()}`);
    Deno.exit(EXIT.usage);
  }
  let code: number;
  try {
    code = await module.main(args);
  } catch (error) {
    // A command reports its own failures; this is the last resort: a message, and the stack only on request.
    const debug = Deno.env.get("CLAIMBOOK_DEBUG") === "1";
    const message = error instanceof Error ? (debug ? error.stack : error.message) : String(error);
    console.error(`claimbook ${command}: ${message}${debug ? "" : "\n(CLAIMBOOK_DEBUG=1 shows where it failed)"}`);
    code = EXIT.failed;
  }
  Deno.exit(code);
}
