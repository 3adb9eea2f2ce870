/**
 * Notebooks written for the reliability tests, inside the workspace (so the
 * kernel finds deno.json and `@lib/`), under `_build/` (never committed).
 *
 * @module
 */

import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { codeNotebook } from "../../lib/workspace/scaffold/mod.ts";
import { markOutputFolder, outputFolderState } from "../../lib/workspace/output-folder.ts";
import { type RenderOptions, type RenderResult, renderWorkspace } from "../../lib/workspace/render/pipeline.ts";

/**
 * Writes notebooks with the given code cells into a fresh folder under
 * `_build/`; returns the folder and a cleanup function.
 *
 * @example
 * ```ts
 * const { dir, cleanup } = await writeNotebooks({ bad: ["const x = ;"] });
 * ```
 */
export async function writeNotebooks(
  notebooks: Record<string, string[]>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  // _build is claimbook's build folder: keep it recognisable as such for the next real render.
  const build = join(ROOT, "_build");
  if ((await outputFolderState(build, "build")).state !== "foreign") await markOutputFolder(build, "build");
  const dir = join(build, `reliability-${crypto.randomUUID().slice(0, 8)}`);
  await Deno.mkdir(join(dir, "notebooks"), { recursive: true });
  for (const [name, cells] of Object.entries(notebooks)) {
    const nb = codeNotebook(cells);
    await Deno.writeTextFile(join(dir, "notebooks", `${name}.ipynb`), JSON.stringify(nb));
  }
  // A data folder of their own: the real resources, but no documents (so no claims are owed).
  await Deno.mkdir(join(dir, "data"));
  await Deno.copyFile(join(ROOT, "data", "datapackage.json"), join(dir, "data", "datapackage.json"));
  await Deno.writeTextFile(join(dir, "data", "documents.json"), JSON.stringify({ documents: [], claims: [] }));
  return { dir, cleanup: () => Deno.remove(dir, { recursive: true }).catch(() => {}) };
}

/**
 * Process ids of running `deno jupyter --kernel` processes whose command
 * line or environment holds `marker` (or any, without a marker). A kernel's
 * environment names the data folder it reads (`CLAIMBOOK_DATA_DIR`), so the
 * folder of `writeNotebooks` finds the kernels of its render, even one that
 * outlived its parent.
 *
 * @example
 * ```ts
 * assert.deepEqual(kernelProcesses(dir), []);
 * ```
 */
export function kernelProcesses(marker = ""): number[] {
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0").join(" ");
      if (!cmd.includes("jupyter --kernel")) continue;
      if (cmd.includes(marker) || Deno.readTextFileSync(`/proc/${entry.name}/environ`).includes(marker)) {
        pids.push(Number(entry.name));
      }
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * Waits until no kernel matches `marker` (see {@link kernelProcesses}) or
 * `ms` have passed: a killed kernel may take a moment to leave /proc.
 * Returns the ones still running.
 *
 * @example
 * ```ts
 * assert.deepEqual(await kernelsGone(dir), []);
 * ```
 */
export async function kernelsGone(marker: string, ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  let found = kernelProcesses(marker);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = kernelProcesses(marker);
  }
  return found;
}

/**
 * SHA-256 of every file under a folder, by relative path.
 *
 * @example
 * ```ts
 * const before = await snapshot("_site");
 * ```
 */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (folder: string, prefix: string) => {
    for await (const entry of Deno.readDir(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await walk(path, `${prefix}${entry.name}/`);
      else {
        const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
        out[`${prefix}${entry.name}`] = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(
          "",
        );
      }
    }
  };
  await walk(dir, "");
  return out;
}

/**
 * Renders the notebooks written by `writeNotebooks` (their own notebooks,
 * data, build and site folders), quietly.
 *
 * @example
 * ```ts
 * const result = await renderScratch(dir, { site: false });
 * ```
 */
export function renderScratch(dir: string, options: Partial<RenderOptions> = {}): Promise<RenderResult> {
  return renderWorkspace({
    root: ROOT,
    notebooksDir: join(dir, "notebooks"),
    dataDir: join(dir, "data"),
    buildDir: join(dir, "_build"),
    siteDir: join(dir, "_site"),
    quiet: true,
    onEvent: () => {},
    ...options,
  });
}
