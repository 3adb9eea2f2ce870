/**
 * What a render checks before the first kernel starts, so that nothing is
 * lost and no minute of execution is wasted on a run that cannot finish:
 *
 * - the build and site folders are missing, empty, or claimbook's own (see
 *   `output-folder.ts`); neither is inside the other, and neither is (or
 *   holds) the workspace, its data or its notebooks;
 * - the build folder and the site's parent can be written, with room to
 *   spare (a probe file is written and removed);
 * - every notebook's name can be a page name (when a site is built);
 * - leftovers of a render that was killed (temporary site folders, `.tmp`
 *   files in the build folder) are removed.
 *
 * @example
 * ```ts
 * await preflight({ root, buildDir, siteDir, dataDir, notebooksDir, stems: ["korus-kei-2018"] });
 * ```
 * @module
 */

import { isAbsolute, join, relative, resolve } from "node:path";
import { markOutputFolder, outputFolderState, type OutputKind } from "../output-folder.ts";
import { removeLeftoverSiteFolders } from "../site/atomic.ts";
import { pageNameProblem } from "../site/page-name.ts";
import { EXIT } from "../cli/args.ts";

/**
 * A render refused before it started; `exitCode` is 2 for a folder that
 * must not be used (a usage error) and 1 for one that cannot be written.
 *
 * @example
 * ```ts
 * try { await preflight(input); } catch (error) { if (error instanceof PreflightError) return error.exitCode; }
 * ```
 */
export class PreflightError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = "PreflightError";
    this.exitCode = exitCode;
  }
}

/** The folders and notebooks of a render. */
export interface PreflightInput {
  root: string;
  buildDir: string;
  /** The site folder, when a site is built. */
  siteDir?: string;
  dataDir: string;
  notebooksDir: string;
  /** Names (file stems) of the notebooks, checked as page names when a site is built. */
  stems: string[];
}

/** Bytes written (and removed) to prove that a folder has room: about the size of one executed notebook. */
export const PROBE_BYTES = 1024 * 1024;

/**
 * Runs every check (see the module doc); throws {@link PreflightError}.
 *
 * @example
 * ```ts
 * await preflight({ root, buildDir: join(root, "_build"), dataDir, notebooksDir, stems: [] });
 * ```
 */
export async function preflight(input: PreflightInput): Promise<void> {
  const buildDir = resolve(input.buildDir);
  const siteDir = input.siteDir === undefined ? undefined : resolve(input.siteDir);
  const guarded: [string, string][] = [
    [resolve(input.root), "the workspace"],
    [resolve(input.dataDir), "the data folder"],
    [resolve(input.notebooksDir), "the notebooks folder"],
  ];
  const outputs: [string, OutputKind][] = [
    [buildDir, "build"],
    ...(siteDir ? [[siteDir, "site"] as [string, OutputKind]] : []),
  ];
  for (const [dir, kind] of outputs) {
    const flag = `--${kind}-dir`;
    for (const [other, what] of guarded) {
      if (dir === other || inside(other, dir)) {
        throw new PreflightError(
          `${flag} ${dir}: that is ${
            dir === other ? "" : "a folder holding "
          }${what}; give the ${kind} a folder of its own`,
          EXIT.usage,
        );
      }
    }
    const state = await outputFolderState(dir, kind);
    if (state.state === "foreign") throw new PreflightError(`${flag}: refusing ${dir}: ${state.reason}`, EXIT.usage);
  }
  if (siteDir && (siteDir === buildDir || inside(siteDir, buildDir) || inside(buildDir, siteDir))) {
    throw new PreflightError(
      `--site-dir ${siteDir} and --build-dir ${buildDir} overlap; the site folder is replaced as a whole, so give each its own folder`,
      EXIT.usage,
    );
  }
  if (siteDir) checkPageNames(input.stems);

  await probe(buildDir, "--build-dir");
  await markOutputFolder(buildDir, "build");
  await removeTempFiles(buildDir);
  if (siteDir) {
    await probe(join(siteDir, ".."), "--site-dir", siteDir);
    await removeLeftoverSiteFolders(siteDir);
  }
}

function checkPageNames(stems: string[]): void {
  const problems = stems.flatMap((stem) => {
    const problem = pageNameProblem(stem);
    return problem ? [`notebooks/${stem}.ipynb: ${problem}`] : [];
  });
  if (problems.length > 0) {
    throw new PreflightError(
      `nothing was executed: ${problems.length} notebook name(s) cannot be pages of the site:\n  ${
        problems.join("\n  ")
      }`,
      EXIT.failed,
    );
  }
}

/** Creates the folder and writes, then removes, a probe file of {@link PROBE_BYTES}. */
async function probe(folder: string, flag: string, shown = folder): Promise<void> {
  const file = join(folder, `.claimbook-probe-${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    await Deno.mkdir(folder, { recursive: true });
    await Deno.writeFile(file, new Uint8Array(PROBE_BYTES), { createNew: true });
  } catch (error) {
    const reason = (error as Error).message;
    const hint = /No space left|ENOSPC|quota/i.test(reason)
      ? "the disk is full; free some space"
      : /read-only|EROFS|denied|EACCES|EPERM|not permitted/i.test(reason)
      ? "it cannot be written; make it writable"
      : /Not a directory|ENOTDIR|File exists|EEXIST/i.test(reason)
      ? "part of the path is a file"
      : "it cannot be written";
    throw new PreflightError(
      `${flag} ${shown}: ${hint}, or choose another folder (${reason}); nothing was executed`,
      EXIT.failed,
    );
  } finally {
    await Deno.remove(file).catch(() => {});
  }
}

/** Removes `.*.tmp` files (our temp siblings) left in the build folder and its notebooks folder by a killed run. */
async function removeTempFiles(buildDir: string): Promise<void> {
  for (const folder of [buildDir, join(buildDir, "notebooks")]) {
    try {
      for await (const entry of Deno.readDir(folder)) {
        if (entry.isFile && entry.name.startsWith(".") && entry.name.endsWith(".tmp")) {
          await Deno.remove(join(folder, entry.name)).catch(() => {});
        }
      }
    } catch {
      // No such folder yet.
    }
  }
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}
