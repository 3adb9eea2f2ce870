/**
 * Writing files so that nothing half-written is ever in place: each file
 * goes to a temporary sibling first and is renamed over the target (rename
 * is atomic on one file system), so a reader — or a run cut short by Ctrl-C —
 * sees either the old file or the new one. A set of files is staged
 * completely before the first rename. Used for build outputs, curated data
 * and the documents file alike.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

/**
 * Writes one file atomically, creating its folder if needed.
 *
 * @example
 * ```ts
 * await writeFileAtomic("_build/claims.json", JSON.stringify(ledger));
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  await Deno.mkdir(folder, { recursive: true });
  const temp = tempSibling(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(temp, data);
    else await Deno.writeFile(temp, data);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/** A file to write: path and content. */
export interface PendingFile {
  path: string;
  data: string | Uint8Array;
}

/**
 * Writes several files: all are staged as temp files first (any failure
 * removes the temps and leaves every target untouched), then renamed into
 * place one by one. Unchanged files (same bytes) are not rewritten. Returns
 * the paths written.
 *
 * @example
 * ```ts
 * await writeFilesAtomic([{ path: "data/a.csv", data: "…" }, { path: "data/datapackage.json", data: "…" }]);
 * ```
 */
export async function writeFilesAtomic(files: PendingFile[]): Promise<string[]> {
  const encoder = new TextEncoder();
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      const bytes = typeof file.data === "string" ? encoder.encode(file.data) : file.data;
      const current = await Deno.readFile(file.path).catch(() => undefined);
      if (current && equalBytes(current, bytes)) continue;
      const temp = tempSibling(file.path);
      staged.push({ temp, path: file.path });
      await Deno.writeFile(temp, bytes);
    }
  } catch (error) {
    for (const s of staged) await Deno.remove(s.temp).catch(() => {});
    throw error;
  }
  for (const s of staged) await Deno.rename(s.temp, s.path);
  return staged.map((s) => s.path);
}

function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
