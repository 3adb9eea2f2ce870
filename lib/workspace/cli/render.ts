/**
 * `deno task render`: execute every notebook (through the cache), write and
 * check the claim ledger, then write the static site to `_site/`. Flags:
 * `--force`, `--quiet`, `--jobs N`, `--timeout S`, `--help`.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { executeCommand } from "../render/command.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Runs the command; returns the exit code (0 ok, 1 a notebook, the ledger or the site failed, 2 usage, 130 cancelled).
 *
 * @example
 * ```ts
 * await main(["--force"]);
 * ```
 */
export function main(args: string[]): Promise<number> {
  return executeCommand("render", args, { root: ROOT });
}
