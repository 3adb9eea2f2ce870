/**
 * Paths used by tests: the workspace root and the shared folder beside it.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root (the folder holding deno.json). */
export const ROOT: string = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** `../shared` beside the workspace (seeds and raw inputs), when present. */
export const SHARED: string = join(ROOT, "..", "shared");

/**
 * Whether a path exists.
 *
 * @example
 * ```ts
 * if (!exists(join(SHARED, "raw"))) return;
 * ```
 */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * `deno` arguments that run `tests/run.ts` as the test task does, with the
 * task's permissions; `deno test`'s arguments follow.
 *
 * @example
 * ```ts
 * new Deno.Command(Deno.execPath(), { args: [...TEST_RUNNER, "-A", "--no-check", "tests/"] });
 * ```
 */
export const TEST_RUNNER: readonly string[] = [
  "run",
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  join(ROOT, "tests", "run.ts"),
];
