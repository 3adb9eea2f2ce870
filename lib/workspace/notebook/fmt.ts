/**
 * Formats notebooks as `deno fmt` does, with the workspace's options
 * (`deno.json` in the root: 120 columns). The notebooks are excluded from the
 * workspace's own `deno fmt`, because Deno 2.9's `deno fmt --check` reports
 * every `.ipynb` as unformatted on a cold cache even when formatting changes
 * no byte; so they are formatted here, through `deno fmt --ext=ipynb -`
 * (standard input: the options apply, the exclusion does not). `new` formats
 * what it writes with it, the format test compares every notebook with it,
 * and `deno task fmt` runs it on `notebooks/`.
 *
 *   deno run --allow-read=. --allow-write=notebooks --allow-run lib/workspace/notebook/fmt.ts notebooks/
 *
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../atomic.ts";

/**
 * A notebook's text as `deno fmt` formats it, run from `root` (whose
 * `deno.json` sets the options); throws with the formatter's message.
 *
 * @example
 * ```ts
 * const formatted = await formatNotebookText(await Deno.readTextFile("notebooks/x.ipynb"), "/work/main");
 * ```
 */
export async function formatNotebookText(text: string, root: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=ipynb", "-"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const result = await child.output();
  if (!result.success) {
    throw new Error(new TextDecoder().decode(result.stderr).trim() || `deno fmt exited with code ${result.code}`);
  }
  return new TextDecoder().decode(result.stdout);
}

/**
 * Formats a notebook file in place (only when that changes it). Without a
 * `deno.json` in `root` nothing is done: the formatter's defaults are not the
 * workspace's. Returns whether the file changed.
 *
 * @example
 * ```ts
 * await formatNotebookFile("/work/main/notebooks/korea-japan-2021.ipynb", "/work/main"); // true or false
 * ```
 */
export async function formatNotebookFile(path: string, root: string): Promise<boolean> {
  try {
    await Deno.stat(join(root, "deno.json"));
  } catch {
    return false;
  }
  const text = await Deno.readTextFile(path);
  const formatted = await formatNotebookText(text, root);
  if (formatted === text) return false;
  await writeFileAtomic(path, formatted);
  return true;
}

if (import.meta.main) {
  const root = Deno.cwd();
  const paths: string[] = [];
  for (const arg of Deno.args.length ? Deno.args : ["notebooks"]) {
    if ((await Deno.stat(arg)).isDirectory) {
      for await (const entry of Deno.readDir(arg)) {
        if (entry.isFile && entry.name.endsWith(".ipynb")) paths.push(join(arg, entry.name));
      }
    } else paths.push(arg);
  }
  let changed = 0;
  for (const path of paths.sort()) {
    if (await formatNotebookFile(path, root)) {
      console.log(`formatted ${path}`);
      changed++;
    }
  }
  console.log(`Checked ${paths.length} notebook(s), ${changed} changed`);
}
