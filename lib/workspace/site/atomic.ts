/**
 * Writing the site without ever leaving a half-built one: every file goes
 * into a temporary folder beside `_site/`, and only a complete folder is
 * swapped in (rename the old one aside, rename the new one in, delete the
 * old). On any failure the temporary folder is removed and the previous
 * `_site/` stays as it was.
 *
 * Only a folder claimbook built is ever replaced: the new site carries the
 * marker file `.claimbook`, and an existing folder without it (a data
 * folder, the repository, someone's files) is refused before anything is
 * moved. Temporary folders left by a render that was killed are removed by
 * the next one.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";
import { markerText, OUTPUT_MARKER, outputFolderState } from "../output-folder.ts";
import { SiteError } from "./errors.ts";
import type { SiteFiles } from "./page-state.ts";

/** The file operations the swap needs (injectable, so tests can make a disk fail). */
export interface SwapFileSystem {
  mkdir(path: string): Promise<void>;
  makeTempDir(parent: string, prefix: string): Promise<string>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Names of the entries of a folder. */
  list(path: string): Promise<string[]>;
}

/** The real file system. */
export const denoFileSystem: SwapFileSystem = {
  mkdir: (path) => Deno.mkdir(path, { recursive: true }),
  makeTempDir: async (parent, prefix) => {
    const path = await Deno.makeTempDir({ dir: parent, prefix });
    // Temp folders are private (0700); a published site must be readable by the web server.
    await Deno.chmod(path, 0o755);
    return path;
  },
  writeFile: (path, data) => typeof data === "string" ? Deno.writeTextFile(path, data) : Deno.writeFile(path, data),
  rename: (from, to) => Deno.rename(from, to),
  remove: (path) => Deno.remove(path, { recursive: true }),
  exists: async (path) => {
    try {
      await Deno.lstat(path);
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
  },
  list: async (path) => {
    const names: string[] = [];
    for await (const entry of Deno.readDir(path)) names.push(entry.name);
    return names;
  },
};

/**
 * Removes the temporary folders (`.site-<name>-new-…`, `.site-<name>-old-…`)
 * that a render killed during its swap left beside the site folder. Returns
 * the paths removed.
 *
 * @example
 * ```ts
 * await removeLeftoverSiteFolders("/work/main/_site"); // ["/work/main/.site-_site-new-a1b2c3"]
 * ```
 */
export async function removeLeftoverSiteFolders(
  siteDir: string,
  fs: SwapFileSystem = denoFileSystem,
): Promise<string[]> {
  const parent = dirname(siteDir);
  const name = basename(siteDir);
  let names: string[];
  try {
    names = await fs.list(parent);
  } catch {
    return []; // no parent yet: nothing was left there
  }
  const removed: string[] = [];
  for (const entry of names) {
    if (!entry.startsWith(`.site-${name}-new-`) && !entry.startsWith(`.site-${name}-old-`)) continue;
    const path = join(parent, entry);
    await fs.remove(path).then(() => removed.push(path), () => {});
  }
  return removed;
}

/**
 * Writes `files` as the new content of `siteDir`, atomically: readers see
 * the previous site or the new one, never a mix. Fails with a message that
 * names the folder, the cause and what to do.
 *
 * @example
 * ```ts
 * await writeSiteAtomically("/work/main/_site", new Map([["index.html", "<!DOCTYPE html>…"]]));
 * ```
 */
export async function writeSiteAtomically(
  siteDir: string,
  files: SiteFiles,
  fs: SwapFileSystem = denoFileSystem,
): Promise<void> {
  const parent = dirname(siteDir);
  const name = basename(siteDir);
  const state = await outputFolderState(siteDir, "site");
  if (state.state === "foreign") throw new SiteError(siteDir, `refusing to replace it: ${state.reason}`);
  try {
    await fs.mkdir(parent);
  } catch (error) {
    throw failure(siteDir, `cannot create its parent folder ${parent}`, error, dirname(parent));
  }
  await removeLeftoverSiteFolders(siteDir, fs);
  let temp: string;
  try {
    temp = await fs.makeTempDir(parent, `.site-${name}-new-`);
  } catch (error) {
    throw failure(siteDir, `cannot create a folder beside it in ${parent} to build into`, error);
  }
  try {
    const folders = new Set<string>();
    for (const path of files.keys()) {
      const folder = dirname(path);
      if (folder !== ".") folders.add(folder);
    }
    for (const folder of [...folders].sort()) await fs.mkdir(join(temp, folder));
    for (const [path, data] of [...files, [OUTPUT_MARKER, markerText("site")] as const]) {
      if (path.startsWith("/") || path.split(/[\\/]/).includes("..")) {
        throw new SiteError(path, "a site file must stay inside the site folder");
      }
      try {
        await fs.writeFile(join(temp, path), data);
      } catch (error) {
        throw failure(siteDir, `writing ${path} into ${temp} failed`, error);
      }
    }
    await swapIn(temp, siteDir, fs);
  } catch (error) {
    await fs.remove(temp).catch(() => {});
    throw error;
  }
}

async function swapIn(temp: string, siteDir: string, fs: SwapFileSystem): Promise<void> {
  if (!(await fs.exists(siteDir))) {
    try {
      await fs.rename(temp, siteDir);
    } catch (error) {
      throw failure(siteDir, `cannot move the new site into place`, error);
    }
    return;
  }
  const old = `${temp.replace(/-new-([^/\\]*)$/, "-old-$1")}`;
  try {
    await fs.rename(siteDir, old);
  } catch (error) {
    throw failure(siteDir, `cannot move the previous site aside to ${old}`, error);
  }
  try {
    await fs.rename(temp, siteDir);
  } catch (error) {
    // Put the previous site back before reporting.
    await fs.rename(old, siteDir).catch(() => {});
    throw failure(siteDir, `cannot move the new site into place`, error);
  }
  // The new site is in place; a leftover old copy is only clutter, named .site-*-old-* (gitignored).
  await fs.remove(old).catch(() => {});
}

function failure(siteDir: string, what: string, error: unknown, folder = dirname(siteDir)): SiteError {
  if (error instanceof SiteError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const hint = /No space left|ENOSPC|quota/i.test(reason)
    ? "free some disk space and render again"
    : /read-only|EROFS|denied|EACCES|EPERM|not permitted/i.test(reason)
    ? `make ${folder} writable, or render elsewhere`
    : "check the folder and render again";
  return new SiteError(siteDir, `${what} (${reason}); ${hint}. The previous site, if any, is unchanged`, {
    cause: error,
  });
}
