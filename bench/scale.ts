/**
 * Scale: a generated workspace of many notebooks × 20 cells, executed with
 * 1, 2 and 4 kernels at once (total time and peak memory of the runner plus
 * its kernels), and how time grows from 4 to 40 notebooks.
 *
 * @module
 */

import { join } from "node:path";
import { runNotebooks } from "../lib/workspace/executor/run.ts";
import { peakTreeRss } from "./lib/rss.ts";
import { codeNotebook } from "../lib/workspace/scaffold/mod.ts";

/** One measured run. */
export interface ScaleRun {
  notebooks: number;
  jobs: number;
  ms: number;
  peakRss: number;
}

const CELLS = 20;

/**
 * Writes `count` generated notebooks of 20 cells into `dir` (inside the
 * workspace, so the kernels find deno.json and `@lib/`).
 *
 * @example
 * ```ts
 * await generateNotebooks("/work/main/_build/bench/scale", 40);
 * ```
 */
export async function generateNotebooks(dir: string, count: number): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let n = 0; n < count; n++) {
    const cells = [
      `import { load, quantityAt, balance, show, report } from "@lib/analysis/mod.ts";\nconst dots = load("imf-dots-annual");`,
      ...Array.from({ length: CELLS - 1 }, (_, i) => {
        const year = 1995 + ((n + i) % 25);
        return `const b${i} = balance(quantityAt(dots, "value", { reporter: "KOR", partner: "USA", flow: "exports", year: ${year} }), quantityAt(dots, "value", { reporter: "KOR", partner: "USA", flow: "imports", year: ${year} }));\n` +
          (i % 5 === 0 ? `await report(show(dots.filter((d) => d.year === ${year}).slice(0, 5)));` : `b${i}.value`);
      }),
    ];
    const nb = codeNotebook(cells);
    const path = join(dir, `generated-${String(n).padStart(2, "0")}.ipynb`);
    await Deno.writeTextFile(path, JSON.stringify(nb));
    paths.push(path);
  }
  return paths;
}

async function measure(root: string, notebooks: string[], jobs: number, buildDir: string): Promise<ScaleRun> {
  const start = performance.now();
  const { value, peak } = await peakTreeRss(() => runNotebooks({ root, notebooks, jobs, force: true, buildDir }));
  const ms = performance.now() - start;
  const failed = value.outcomes.filter((o) => o.status !== "ran");
  if (failed.length > 0) {
    throw new Error(`scale run failed: ${failed.map((f) => `${f.notebook}: ${f.failure?.message}`).join("; ")}`);
  }
  return { notebooks: notebooks.length, jobs, ms, peakRss: peak };
}

/**
 * Runs the scale benchmarks.
 *
 * @example
 * ```ts
 * const { byJobs, growth } = await scale("/work/main", 40);
 * ```
 */
export async function scale(root: string, count: number): Promise<{ byJobs: ScaleRun[]; growth: ScaleRun[] }> {
  const dir = join(root, "_build", "bench", "scale");
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  const all = await generateNotebooks(dir, count);
  const buildDir = join(root, "_build", "bench", "scale-build");
  const byJobs: ScaleRun[] = [];
  for (const jobs of [1, 2, 4]) byJobs.push(await measure(root, all, jobs, buildDir));
  const growth: ScaleRun[] = [];
  const jobs = navigator.hardwareConcurrency;
  for (const n of [4, 10, 20, count]) growth.push(await measure(root, all.slice(0, n), jobs, buildDir));
  await Deno.remove(join(root, "_build", "bench"), { recursive: true }).catch(() => {});
  return { byJobs, growth };
}
