/**
 * Data loading: a generated 1M-row trade table (partner × product × month)
 * read by the catalog (parse, validate every row, build an arquero table;
 * then again, the same bytes, from the columns it cached), by arquero's own
 * CSV reader, into a danfojs DataFrame, and by a plain CSV parse — rows per
 * second and peak memory, each in a fresh process.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** One loader's figures. */
export interface LoadingRun {
  mode: string;
  ms: number;
  rows: number;
  rowsPerSecond: number;
  peakRss: number;
}

/**
 * Writes a data package with one 1M-row resource; returns its folder and file size.
 *
 * @example
 * ```ts
 * const { dir } = await generateTradeTable(1_000_000);
 * ```
 */
export async function generateTradeTable(rows: number): Promise<{ dir: string; bytes: number }> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-bench-1m-" });
  const partners = 50;
  const products = 100;
  const months = Math.ceil(rows / (partners * products));
  const lines = ["partner,product,period,exports,imports"];
  let n = 0;
  // A deterministic pseudo-random sequence, so every run reads the same file; values below 10^7 keep
  // 1M rows under the CSV path's 32 MB limit.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  outer: for (let m = 0; m < months; m++) {
    const period = `${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
    for (let p = 0; p < partners; p++) {
      for (let h = 0; h < products; h++) {
        if (n++ >= rows) break outer;
        lines.push(
          `P${String(p).padStart(3, "0")},${String(h + 1).padStart(2, "0")},${period},${next() % 10000000},${
            next() % 10000000
          }`,
        );
      }
    }
  }
  const csv = lines.join("\n") + "\n";
  await Deno.writeTextFile(join(dir, "trade-1m.csv"), csv);
  const descriptor = {
    name: "bench",
    resources: [{
      name: "trade-1m",
      path: "trade-1m.csv",
      grade: "official",
      vintage: { date: "2026-01", basis: "retrieved", label: "generated for the benchmark" },
      sources: [{ title: "generated for the benchmark" }],
      schema: {
        fields: [
          { name: "partner", type: "string", constraints: { required: true } },
          { name: "product", type: "string", constraints: { required: true, pattern: "\\d{2,3}" } },
          { name: "period", type: "yearmonth", constraints: { required: true } },
          { name: "exports", type: "number", unit: "USD", constraints: { minimum: 0 } },
          { name: "imports", type: "number", unit: "USD", constraints: { minimum: 0 } },
        ],
        primaryKey: ["partner", "product", "period"],
      },
    }],
  };
  await Deno.writeTextFile(join(dir, "datapackage.json"), JSON.stringify(descriptor));
  return { dir, bytes: new TextEncoder().encode(csv).length };
}

/**
 * Runs each loader in its own process.
 *
 * @example
 * ```ts
 * const runs = await loading(1_000_000);
 * ```
 */
export async function loading(rows: number): Promise<{ runs: LoadingRun[]; bytes: number }> {
  const { dir, bytes } = await generateTradeTable(rows);
  const worker = fileURLToPath(new URL("./loading-worker.ts", import.meta.url));
  const runs: LoadingRun[] = [];
  // "catalog" validates with an empty cache (and caches the columns); "catalog-cached" reads them back.
  const cacheDir = join(dir, "cache");
  for (const mode of ["papa", "arquero", "catalog", "catalog-cached", "danfo"]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--v8-flags=--max-old-space-size=8192", worker, mode, dir, cacheDir],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`loading ${mode} failed: ${new TextDecoder().decode(out.stderr).slice(-1000)}`);
    const r = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
    runs.push({ mode, ms: r.ms, rows: r.rows, rowsPerSecond: r.rows / (r.ms / 1000), peakRss: r.peakRss });
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  return { runs, bytes };
}
