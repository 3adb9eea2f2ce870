/**
 * Shared paths and helpers of the executor tests.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** Fixture notebooks (under the workspace, so that the kernels find deno.json and its import map). */
export const NOTEBOOKS: string = join(ROOT, "tests/fixtures/notebooks");

/** Fixture data package and documents.json. */
export const FIXTURE_DATA: string = join(ROOT, "tests/fixtures/executor/data");

/**
 * A fresh temporary folder, removed by the returned function.
 *
 * @example
 * ```ts
 * const [dir, cleanup] = await tempDir();
 * ```
 */
export async function tempDir(prefix = "claimbook-test-"): Promise<[string, () => Promise<void>]> {
  const dir = await Deno.makeTempDir({ prefix });
  return [dir, () => Deno.remove(dir, { recursive: true }).catch(() => {})];
}

/**
 * A copy of the fixture data folder that a test may change.
 *
 * @example
 * ```ts
 * const data = await copyFixtureData(dir);
 * ```
 */
export async function copyFixtureData(into: string): Promise<string> {
  const target = join(into, "data");
  await Deno.mkdir(target, { recursive: true });
  for await (const entry of Deno.readDir(FIXTURE_DATA)) {
    if (entry.isFile) await Deno.copyFile(join(FIXTURE_DATA, entry.name), join(target, entry.name));
  }
  return target;
}

/**
 * Command lines of running processes whose command line contains `needle`
 * (read from /proc; empty elsewhere).
 *
 * @example
 * ```ts
 * processesMatching("claimbook-kernel-").length; // 0 when no kernel runs
 * ```
 */
export function processesMatching(needle: string): string[] {
  const found: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc")];
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).split("\0").join(" ");
      if (cmdline.includes(needle)) found.push(`${entry.name}: ${cmdline}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * Whether `jupyter-nbconvert` is on PATH.
 *
 * @example
 * ```ts
 * if (!hasNbconvert()) console.log("skipped");
 * ```
 */
export function hasNbconvert(): boolean {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(join(dir, "jupyter-nbconvert")).isFile) return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}
