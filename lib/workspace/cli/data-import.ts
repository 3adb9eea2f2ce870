/**
 * `deno task data:import`: rebuild `data/` from the raw inputs in
 * `data/raw`, deterministically. `--check` only reports whether `data/`
 * is up to date (exit 1 when a file would change).
 *
 * @module
 */

import { join, resolve } from "node:path";
import { curate } from "../data/curate.ts";
import { type CommandSpec, EXIT, parseCommandLine, workspaceRoot } from "./args.ts";

const SPEC = {
  name: "data:import",
  synopsis: "[--raw-dir DIR] [--data-dir DIR] [--check]",
  description: "Rebuilds the curated CSV files and data/datapackage.json from the raw inputs.",
  options: {
    "raw-dir": {
      type: "string",
      value: "DIR",
      help: "raw inputs (default: data/raw, the publishers' files kept in the repository)",
    },
    "data-dir": { type: "string", value: "DIR", help: "output folder (default: data/)" },
    check: { type: "boolean", help: "write nothing; exit 1 if data/ is not what the inputs produce" },
  },
} satisfies CommandSpec;

/**
 * Runs the command.
 *
 * @example
 * ```ts
 * await main(["--check"]);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const root = workspaceRoot();
  const rawDir = resolve(values["raw-dir"] ?? join(root, "data", "raw"));
  const dataDir = resolve(values["data-dir"] ?? join(root, "data"));
  const result = await curate({ rawDir, dataDir, write: !values.check });
  for (const r of result.resources) {
    const state = r.changed ? (values.check ? "would change" : "written") : "unchanged";
    console.log(
      `${r.name.padEnd(34)} ${String(r.rows).padStart(6)} rows ${String(r.bytes).padStart(9)} bytes  ${state}`,
    );
  }
  if (values.check && result.changed.length > 0) {
    console.error(
      `data/ is out of date: ${result.changed.length} file(s) differ from what the raw inputs produce; run deno task data:import`,
    );
    return EXIT.failed;
  }
  console.log(values.check ? "data/ is up to date" : `${result.changed.length} file(s) written to ${dataDir}`);
  return EXIT.ok;
}
