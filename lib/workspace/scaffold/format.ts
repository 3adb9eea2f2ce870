/**
 * Formats a notebook `new` wrote with `deno fmt` and the workspace's own
 * options, so that it is committed as the notebook tests expect (the
 * format test compares every notebook with what `deno fmt` makes of it).
 *
 * @module
 */

import { join } from "node:path";

/**
 * Runs `deno fmt` on the notebook, from the workspace root (whose `deno.json`
 * sets the options). Without a `deno.json` in the root nothing is run: the
 * formatter's defaults are not the workspace's. Returns why it could not
 * format, or `undefined` when done or skipped.
 *
 * @example
 * ```ts
 * const problem = await formatNotebook("/work/main", "/work/main/notebooks/korea-japan-2021.ipynb");
 * if (problem) console.warn(problem);
 * ```
 */
export async function formatNotebook(root: string, notebook: string): Promise<string | undefined> {
  try {
    await Deno.stat(join(root, "deno.json"));
  } catch {
    return undefined;
  }
  try {
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", notebook],
      cwd: root,
      env: { NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    if (result.success) return undefined;
    return new TextDecoder().decode(result.stderr).trim() || `deno fmt exited with code ${result.code}`;
  } catch (error) {
    return (error as Error).message;
  }
}
