/**
 * Writing build outputs so that nothing half-written is ever in place: each
 * file goes to a temporary sibling first and is renamed over the target
 * (rename is atomic on one file system), so a reader — or a run cut short by
 * Ctrl-C — sees either the old file or the new one.
 *
 * @example
 * ```ts
 * await writeFileAtomic("_build/claims.json", JSON.stringify(ledger));
 * ```
 * @module
 */

import { basename, dirname, join } from "node:path";

/**
 * Writes one file atomically, creating its folder if needed.
 *
 * @example
 * ```ts
 * await writeFileAtomic("_build/notebooks/x.ipynb", text);
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  await Deno.mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    if (typeof data === "string") await Deno.writeTextFile(temp, data);
    else await Deno.writeFile(temp, data);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
