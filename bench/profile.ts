/**
 * Where a kernel's time goes: starts one Deno kernel per notebook (one at a
 * time), runs its cells, and prints the kernel's wall time and CPU (user +
 * sys, from /proc) for start-up and for each cell, slowest first.
 *
 *   deno run -A bench/profile.ts [notebook …]
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startKernel } from "../lib/workspace/kernel/client.ts";
import { readNotebook, sourceText } from "../lib/workspace/executor/notebook.ts";
import { listNotebooks } from "../lib/workspace/executor/run.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + sys) of a process in milliseconds, from /proc.
 *
 * @example
 * ```ts
 * processCpuMs(Deno.pid);
 * ```
 */
export function processCpuMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

if (import.meta.main) {
  const names = Deno.args.length ? Deno.args : await listNotebooks(join(ROOT, "notebooks"));
  for (const name of names) {
    const source = await readNotebook(name, { root: ROOT });
    const t0 = performance.now();
    const kernel = await startKernel({ cwd: join(ROOT, "notebooks") });
    const rows: { what: string; ms: number; cpu: number }[] = [];
    let cpu = processCpuMs(kernel.process.pid);
    rows.push({ what: "kernel start", ms: performance.now() - t0, cpu });
    for (const [i, cell] of source.notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const t = performance.now();
      await kernel.execute(sourceText(cell.source));
      const now = processCpuMs(kernel.process.pid);
      rows.push({
        what: `cell ${i + 1}: ${sourceText(cell.source).split("\n")[0].slice(0, 60)}`,
        ms: performance.now() - t,
        cpu: now - cpu,
      });
      cpu = now;
    }
    await kernel.shutdown();
    const total = rows.reduce((s, r) => s + r.ms, 0);
    const totalCpu = rows.reduce((s, r) => s + r.cpu, 0);
    console.log(`\n${source.relativePath}: ${total.toFixed(0)} ms wall, ${totalCpu.toFixed(0)} ms CPU`);
    for (const r of rows.sort((a, b) => b.cpu - a.cpu).slice(0, 8)) {
      console.log(`  ${r.ms.toFixed(0).padStart(6)} ms ${r.cpu.toFixed(0).padStart(6)} ms CPU  ${r.what}`);
    }
  }
}
