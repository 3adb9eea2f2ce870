/**
 * One data-loading measurement in a fresh process, so that its peak memory
 * is its own: `deno run -A bench/loading-worker.ts <mode> <dataDir> <cacheDir>` prints
 * `{ ms, rows, peakRss }` as JSON. Modes: `catalog` (load + validate into
 * arquero, with an empty cache folder), `catalog-cached` (the same, the
 * columns cached by the previous run), `arquero` (arquero's own CSV reader, no validation), `danfo`
 * (Papa Parse, then a danfojs DataFrame), `papa` (plain parse to arrays).
 *
 * @module
 */

import { join } from "node:path";
// @ts-types="@types/papaparse"
import Papa from "papaparse";
import * as aq from "arquero";
import { load } from "../lib/analysis/catalog/load.ts";
import { danfojs } from "../lib/analysis/frame.ts";

const [mode, dataDir, cacheDir] = Deno.args;
const file = join(dataDir, "trade-1m.csv");

function peakRss(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

const dfd = mode === "danfo" ? await danfojs() : undefined; // load the library before timing
const start = performance.now();
let rows = 0;
switch (mode) {
  case "catalog":
  case "catalog-cached":
    rows = load("trade-1m", { dataDir, cacheDir }).numRows();
    break;
  case "arquero":
    rows = aq.fromCSV(await Deno.readTextFile(file)).numRows();
    break;
  case "danfo": {
    const parsed = Papa.parse<Record<string, unknown>>(await Deno.readTextFile(file), {
      header: true,
      dynamicTyping: true,
      skipEmptyLines: true,
    });
    rows = new dfd.DataFrame(parsed.data).shape[0];
    break;
  }
  case "papa":
    rows = Papa.parse<string[]>(await Deno.readTextFile(file), { skipEmptyLines: true }).data.length - 1;
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
console.log(JSON.stringify({ ms: performance.now() - start, rows, peakRss: peakRss() }));
