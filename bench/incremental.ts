/**
 * Re-renders: with nothing changed (in process, and as the `deno task
 * render` command a person runs), and after one data file changed the way
 * `data:import` or `update` changes it (the CSV and its entry in
 * datapackage.json): only the notebooks that read it may re-execute.
 *
 * @module
 */

import { join } from "node:path";
import { renderWorkspace } from "../lib/workspace/render/pipeline.ts";
import { sha256 } from "../lib/analysis/catalog/reads.ts";
import { timed } from "./lib/stats.ts";

/** What the incremental benchmarks measured. */
export interface IncrementalResult {
  noChangeInProcessMs: number[];
  noChangeCommandMs: number[];
  oneFileChangedMs: number;
  oneFileChangedRan: string[];
  notebooks: number;
  changedResource: string;
}

const QUIET = { quiet: true, onEvent: () => {} };

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isFile) await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Runs the re-render benchmarks.
 *
 * @example
 * ```ts
 * const inc = await incremental("/work/main", 5);
 * ```
 */
export async function incremental(root: string, rounds: number): Promise<IncrementalResult> {
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-bench-inc-" });
  const buildDir = join(scratch, "build");
  const siteDir = join(scratch, "site");
  const dataDir = join(scratch, "data");
  await copyDir(join(root, "data"), dataDir);
  const warm = await renderWorkspace({ root, buildDir, siteDir, dataDir, ...QUIET });
  if (!warm.ok) throw new Error("warm-up render failed");

  const noChangeInProcessMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const { ms, value } = await timed(() => renderWorkspace({ root, buildDir, siteDir, dataDir, ...QUIET }));
    if (value.ran.length > 0) throw new Error(`a no-change render re-ran ${value.ran.join(", ")}`);
    noChangeInProcessMs.push(ms);
  }

  // The command a person types, in a fresh process (Deno start-up included), on the workspace's own _build/.
  const command = () =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(root, "main.ts"), "render", "--quiet"],
      cwd: root,
      stdout: "null",
      stderr: "null",
    })
      .output();
  await command(); // warm the workspace's own _build/ and _site/
  const noChangeCommandMs: number[] = [];
  for (let i = 0; i < rounds; i++) noChangeCommandMs.push((await timed(command)).ms);

  // One data file changed, with its datapackage.json entry (hash, bytes) as data:import would write it.
  const changedResource = "press-korea-export-items";
  const descriptorPath = join(dataDir, "datapackage.json");
  const descriptor = JSON.parse(await Deno.readTextFile(descriptorPath));
  const entry = descriptor.resources.find((r: { name: string }) => r.name === changedResource);
  const csvPath = join(dataDir, entry.path);
  const csv = (await Deno.readTextFile(csvPath)).replace(",9690,", ",9691,");
  await Deno.writeTextFile(csvPath, csv);
  entry.hash = `sha256:${sha256(csv)}`;
  entry.bytes = new TextEncoder().encode(csv).length;
  await Deno.writeTextFile(descriptorPath, JSON.stringify(descriptor, null, 2) + "\n");
  const changed = await timed(() => renderWorkspace({ root, buildDir, siteDir, dataDir, ...QUIET }));
  await Deno.remove(scratch, { recursive: true }).catch(() => {});
  return {
    noChangeInProcessMs,
    noChangeCommandMs,
    oneFileChangedMs: changed.ms,
    oneFileChangedRan: changed.value.ran,
    notebooks: warm.notebooks.length,
    changedResource,
  };
}
