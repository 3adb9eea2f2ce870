/**
 * Cold render: the project's executor against `jupyter nbconvert --execute`
 * run one notebook after another, interleaved; plus the floor (kernel
 * start-up and the kernel's own cell time, summed over notebooks) and the
 * executor's overhead above it, measured on a serial run (`--jobs 1`).
 *
 * @module
 */

import { join } from "node:path";
import { renderWorkspace } from "../lib/workspace/render/pipeline.ts";
import { listNotebooks } from "../lib/workspace/executor/run.ts";
import { interleave, median } from "./lib/stats.ts";
import { ensureJupyter, nbconvertExecute } from "./lib/jupyter.ts";

/** What the cold-render benchmark measured. */
export interface ColdResult {
  notebooks: number;
  jobs: number;
  oursMs: number[];
  nbconvertMs: number[] | null;
  /** nbconvert median ÷ ours median. */
  ratio: number | null;
  /** Σ over notebooks of kernel start + cell times, from the serial run. */
  floorMs: number;
  serialMs: number;
  /** serial wall time ÷ floor − 1. */
  overhead: number;
}

async function oursOnce(root: string, buildDir: string, jobs: number) {
  const result = await renderWorkspace({
    root,
    force: true,
    site: false,
    buildDir,
    jobs,
    quiet: true,
    onEvent: () => {},
  });
  if (!result.ok) throw new Error(`render failed: ${JSON.stringify(result.failed.concat(result.errors as never))}`);
  return result;
}

/**
 * Runs the cold-render comparison.
 *
 * @example
 * ```ts
 * const cold = await coldRender("/work/main", 3);
 * console.log(cold.ratio);
 * ```
 */
export async function coldRender(root: string, rounds: number): Promise<ColdResult> {
  const jobs = navigator.hardwareConcurrency;
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-bench-cold-" });
  const notebooks = await listNotebooks(join(root, "notebooks"));
  const jupyter = await ensureJupyter();
  let ours: number[];
  let theirs: number[] | null = null;
  if (jupyter) {
    const times = await interleave(
      rounds,
      () => oursOnce(root, join(scratch, "build"), jobs),
      async () => {
        for (const nb of notebooks) await nbconvertExecute(nb, join(scratch, "nbconvert"));
      },
    );
    ours = times.a;
    theirs = times.b;
  } else {
    ours = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      await oursOnce(root, join(scratch, "build"), jobs);
      ours.push(performance.now() - start);
    }
  }
  // The floor and the overhead, from one serial run.
  const start = performance.now();
  const serial = await oursOnce(root, join(scratch, "serial"), 1);
  const serialMs = performance.now() - start;
  const floorMs = serial.notebooks.reduce((sum, n) => {
    const t = n.timings;
    return sum + (t ? t.kernelStartMs + t.cells.reduce((s, c) => s + c.ms, 0) : 0);
  }, 0);
  await Deno.remove(scratch, { recursive: true }).catch(() => {});
  return {
    notebooks: notebooks.length,
    jobs,
    oursMs: ours,
    nbconvertMs: theirs,
    ratio: theirs ? median(theirs) / median(ours) : null,
    floorMs,
    serialMs,
    overhead: serialMs / floorMs - 1,
  };
}
