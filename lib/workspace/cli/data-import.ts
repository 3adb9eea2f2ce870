/**
 * `deno task data:import`: rebuild `data/` from the raw inputs in
 * `../shared/raw`, deterministically. `--check` only reports whether `data/`
 * is up to date (exit 1 when a file would change).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { curate } from "../data/curate.ts";

const HELP = `usage: deno task data:import [--raw-dir DIR] [--data-dir DIR] [--check]

Rebuilds the curated CSV files and data/datapackage.json from the raw inputs.
  --raw-dir DIR   raw inputs (default: ../shared/raw beside the workspace)
  --data-dir DIR  output folder (default: data/)
  --check         write nothing; exit 1 if data/ is not what the inputs produce`;

/**
 * Runs the command.
 *
 * @example
 * ```ts
 * await main(["--check"]);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      "raw-dir": { type: "string" },
      "data-dir": { type: "string" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
  const rawDir = resolve(values["raw-dir"] ?? join(root, "..", "shared", "raw"));
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
    return 1;
  }
  console.log(values.check ? "data/ is up to date" : `${result.changed.length} file(s) written to ${dataDir}`);
  return 0;
}
