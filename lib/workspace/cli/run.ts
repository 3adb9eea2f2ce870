/**
 * `deno task run [notebook ...]`: execute notebooks (all, or the ones named),
 * write the executed copies and the claim ledger; no site. Flags: `--force`,
 * `--quiet`, `--jobs N`, `--timeout S`, `--kernel-server URL` (with `--kernel-name`,
 * `--kernel-workspace`), `--help`.
 *
 * @module
 */

import { executeCommand } from "../render/command.ts";
import { workspaceRoot } from "./args.ts";

/**
 * Runs the command; returns the exit code (0 ok, 1 a notebook or the ledger failed, 2 usage, 130 Ctrl-C, 143 SIGTERM).
 *
 * @example
 * ```ts
 * await main(["korus-kei-2018", "--timeout", "120"]);
 * ```
 */
export function main(args: string[]): Promise<number> {
  return executeCommand("run", args, { root: workspaceRoot() });
}
