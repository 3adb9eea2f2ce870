/**
 * One columnar measurement in a fresh process, so that its peak memory is
 * its own: `deno run -A bench/columnar-worker.ts <mode> <dataDir> <cacheDir>`
 * prints `{ ms, rows, peakRss, batchesRead, batches, sums }` as JSON.
 * Modes: `all` (the whole Arrow table), `filter` (one partner and one HS chapter, summed by year),
 * `chapter` (one HS chapter for every partner, summed by year).
 *
 * @module
 */

import * as aq from "arquero";
import { load, openCatalog } from "../lib/analysis/catalog/load.ts";
import { loadColumnar } from "../lib/analysis/catalog/columnar.ts";
import type { Condition } from "../lib/analysis/catalog/selection.ts";
import { join } from "node:path";
import { FILTER } from "./columnar.ts";

const [mode, dataDir, cacheDir] = Deno.args;

function peakRss(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function sumsByYear(table: aq.ColumnTable): Record<number, number> {
  const rolled = table.groupby("year").rollup({ value: aq.op.sum("value") }).objects() as {
    year: number;
    value: number;
  }[];
  return Object.fromEntries(rolled.map((r) => [r.year, r.value]));
}

const start = performance.now();
let rows = 0;
let batchesRead = 0;
let batches = 0;
let sums: Record<number, number> | undefined;
switch (mode) {
  case "all": {
    const table = load("trade", { dataDir, cacheDir });
    rows = table.numRows();
    break;
  }
  case "filter":
  case "chapter": {
    const where: Record<string, Condition> = mode === "filter"
      ? { partner: FILTER.partner, hs6: { prefix: FILTER.chapter } }
      : { hs6: { prefix: FILTER.chapter } };
    // Timed as a notebook writes it: load with the selection, then sum by year.
    const table = load("trade", { dataDir, cacheDir, columns: ["year", "value"], where });
    rows = table.numRows();
    sums = sumsByYear(table);
    const ms = performance.now() - start;
    // Untimed: how many record batches the same selection reads.
    const resource = openCatalog({ dataDir }).resource("trade");
    const read = loadColumnar({
      path: join(dataDir, resource.path),
      file: resource.path,
      resource,
      selection: { columns: ["year", "value"], where },
      cacheDir,
    });
    if (read.table.numRows() !== rows) throw new Error("load() and loadColumnar() disagree");
    batchesRead = read.batchesRead;
    batches = read.batches;
    console.log(JSON.stringify({ ms, rows, peakRss: peakRss(), batchesRead, batches, sums }));
    Deno.exit(0);
    break;
  }
  default:
    throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, rows, peakRss: peakRss(), batchesRead, batches, sums }));
