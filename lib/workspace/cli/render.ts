/**
 * `deno task render`: execute every notebook (through the cache), write and
 * check the claim ledger, then write the static site to `_site/`. Flags:
 * `--force`, `--quiet`, `--jobs N`, `--timeout S`, `--kernel-server URL` (with
 * `--kernel-name`, `--kernel-workspace`: kernels on a Jupyter Server or
 * Enterprise Gateway), `--help`.
 *
 * @module
 */

import { executeCommand } from "../render/command.ts";
import { workspaceRoot } from "./args.ts";

/**
 * Runs the command; returns the exit code (0 ok, 1 a notebook, the ledger or the site failed, 2 usage, 130 Ctrl-C, 143 SIGTERM).
 *
 * @example
 * ```ts
 * await main(["--force"]);
 * ```
 */
export function main(args: string[]): Promise<number> {
  return executeCommand("render", args, { root: workspaceRoot() });
}
