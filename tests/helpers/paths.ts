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
