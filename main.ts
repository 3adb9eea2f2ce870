/**
 * The `claimbook` command line.
 *
 *   deno run -A main.ts <command> [options]
 *
 * Commands: run, render, preview, update, data:import, new, check-claims.
 * Each command lives in its own module under `lib/workspace/cli/` and is
 * loaded only when used, so `render` does not pay for the updater.
 *
 * @module
 */

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
    summary: "rebuild data/ from the raw inputs in ../shared/raw",
    module: "./lib/workspace/cli/data-import.ts",
  },
  new: { summary: "scaffold a new document: a claims entry and a notebook", module: "./lib/workspace/cli/new.ts" },
};

/** A command module: `main(args)` returns the process exit code. */
export interface CommandModule {
  main(args: string[]): Promise<number>;
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
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(usage());
    Deno.exit(command ? 0 : 2);
  }
  const entry = COMMANDS[command];
  if (!entry) {
    console.error(`claimbook: unknown command "${command}"\n\n${usage()}`);
    Deno.exit(2);
  }
  const module = await import(entry.module) as CommandModule;
  Deno.exit(await module.main(args));
}
