/**
 * The columnar path: generated trade tables (partner × HS6 product × month)
 * written as Arrow IPC files, read by `load()` in fresh processes:
 *
 * - 1M rows, the whole table, first load (validating every row) and after
 *   (the file recorded as validated);
 * - 10M rows, one partner and one HS chapter, summed by year: first load
 *   (validating), after, and one chapter alone (no key prefix to skip by).
 *
 * Every filtered result is checked against sums computed while generating.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeColumnar } from "../lib/workspace/data/columnar-out.ts";
import { median } from "./lib/stats.ts";

/** One measurement, from a fresh process. */
export interface ColumnarRun {
  label: string;
  rows: number;
  /** Rows in the result. */
  resultRows: number;
  ms: number;
  peakRss: number;
  batchesRead: number;
  batches: number;
  /** Whether the sums by year equal the generator's. */
  checked?: boolean;
}

/** What the columnar benchmark measured. */
export interface ColumnarResult {
  runs: ColumnarRun[];
  fileBytes: { rows: number; arrow: number; csv?: number }[];
  rounds: number;
}

/** The partner and chapter every filtered run selects. */
export const FILTER = { partner: "P042", chapter: "85" } as const;

const FIELDS = [
  { name: "partner", type: "string", constraints: { required: true } },
  { name: "hs6", type: "string", constraints: { required: true, pattern: "\\d{6}" } },
  { name: "period", type: "yearmonth", constraints: { required: true } },
  { name: "year", type: "year", constraints: { required: true } },
  { name: "value", type: "number", unit: "USD", constraints: { required: true, minimum: 0 } },
];
const SCHEMA = { fields: FIELDS, primaryKey: ["partner", "hs6", "period"] };

/**
 * Writes a data package with a generated trade table of `rows` rows as
 * Arrow (and as CSV when asked); returns the folder, file sizes and the
 * expected sums by year of {@link FILTER} and of its chapter alone.
 *
 * @example
 * ```ts
 * const table = await generateColumnar(1_000_000, { csv: true });
 * ```
 */
export async function generateColumnar(
  rows: number,
  options: { csv?: boolean } = {},
): Promise<{
  dir: string;
  arrowBytes: number;
  csvBytes?: number;
  expected: { partnerChapter: Record<number, number>; chapter: Record<number, number> };
}> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-bench-columnar-" });
  const partners = 100;
  const products = 1000;
  const months = Math.ceil(rows / (partners * products));
  const partnerNames = Array.from({ length: partners }, (_, p) => `P${String(p).padStart(3, "0")}`);
  // HS6 codes spread over the chapters 01–97, ten or so per chapter, in code order.
  const codes = Array.from({ length: products }, (_, h) => String(10_000 + h * 967).padStart(6, "0"));
  const periods = Array.from(
    { length: months },
    (_, m) => `${2010 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`,
  );
  const partner: string[] = new Array(rows);
  const hs6: string[] = new Array(rows);
  const period: string[] = new Array(rows);
  const year = new Int16Array(rows);
  const value = new Float64Array(rows);
  const partnerChapter: Record<number, number> = {};
  const chapter: Record<number, number> = {};
  let seed = 42;
  let n = 0;
  outer: for (let p = 0; p < partners; p++) {
    for (let h = 0; h < products; h++) {
      for (let m = 0; m < months; m++) {
        if (n >= rows) break outer;
        seed = (seed * 1103515245 + 12345) % 2147483648;
        partner[n] = partnerNames[p];
        hs6[n] = codes[h];
        period[n] = periods[m];
        year[n] = 2010 + Math.floor(m / 12);
        value[n] = seed % 10_000_000;
        if (codes[h].startsWith(FILTER.chapter)) {
          chapter[year[n]] = (chapter[year[n]] ?? 0) + value[n];
          if (partnerNames[p] === FILTER.partner) partnerChapter[year[n]] = (partnerChapter[year[n]] ?? 0) + value[n];
        }
        n++;
      }
    }
  }
  const written = await writeColumnar(join(dir, "trade.arrow"), { partner, hs6, period, year, value }, SCHEMA as never);
  const resource = (name: string, path: string, format?: string) => ({
    name,
    path,
    ...(format ? { format } : {}),
    grade: "official",
    vintage: { date: "2026-01", basis: "retrieved", label: "generated for the benchmark" },
    sources: [{ title: "generated for the benchmark" }],
    schema: SCHEMA,
  });
  const resources = [resource("trade", "trade.arrow", "arrow")];
  let csvBytes: number | undefined;
  if (options.csv) {
    const lines = ["partner,hs6,period,year,value"];
    for (let i = 0; i < rows; i++) lines.push(`${partner[i]},${hs6[i]},${period[i]},${year[i]},${value[i]}`);
    const text = lines.join("\n") + "\n";
    await Deno.writeTextFile(join(dir, "trade.csv"), text);
    csvBytes = new TextEncoder().encode(text).length;
    resources.push(resource("trade-csv", "trade.csv"));
  }
  await Deno.writeTextFile(join(dir, "datapackage.json"), JSON.stringify({ name: "bench", resources }));
  return { dir, arrowBytes: written.bytes, csvBytes, expected: { partnerChapter, chapter } };
}

async function measure(
  mode: string,
  dir: string,
  cacheDir: string,
  expected?: Record<number, number>,
): Promise<Omit<ColumnarRun, "label" | "rows">> {
  const worker = fileURLToPath(new URL("./columnar-worker.ts", import.meta.url));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", worker, mode, dir, cacheDir],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`columnar ${mode} failed: ${new TextDecoder().decode(out.stderr).slice(-1500)}`);
  const r = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  const checked = expected
    ? JSON.stringify(Object.entries(expected).sort()) === JSON.stringify(Object.entries(r.sums ?? {}).sort())
    : undefined;
  return {
    resultRows: r.rows,
    ms: r.ms,
    peakRss: r.peakRss,
    batchesRead: r.batchesRead,
    batches: r.batches,
    checked,
  };
}

/** Runs a measurement `rounds` times (fresh process each), keeping the median time and the largest memory. */
async function repeated(
  label: string,
  rows: number,
  rounds: number,
  once: (round: number) => Promise<Omit<ColumnarRun, "label" | "rows">>,
): Promise<ColumnarRun> {
  const runs = [];
  for (let round = 0; round < rounds; round++) runs.push(await once(round));
  return {
    ...runs[0],
    label,
    rows,
    ms: median(runs.map((r) => r.ms)),
    peakRss: Math.max(...runs.map((r) => r.peakRss)),
    checked: runs.every((r) => r.checked !== false) ? runs[0].checked : false,
  };
}

/**
 * Runs the columnar benchmark (`millions` sizes: 1M and 10M rows unless quick).
 *
 * @example
 * ```ts
 * const result = await columnar({ small: 1_000_000, large: 10_000_000, rounds: 3 });
 * ```
 */
export async function columnar(
  options: { small: number; large: number; rounds: number },
): Promise<ColumnarResult> {
  const runs: ColumnarRun[] = [];
  const small = await generateColumnar(options.small, { csv: true }); // the CSV only for its size, beside the Arrow file
  const large = await generateColumnar(options.large);
  try {
    const fresh = (dir: string, round: number) => join(dir, `cache-${round}`);
    runs.push(
      await repeated(
        "whole table, first load (validates every row)",
        options.small,
        options.rounds,
        (round) => measure("all", small.dir, fresh(small.dir, round)),
      ),
    );
    runs.push(
      await repeated(
        "whole table, validated before",
        options.small,
        options.rounds,
        () => measure("all", small.dir, fresh(small.dir, 0)),
      ),
    );
    const what = `partner ${FILTER.partner} + chapter ${FILTER.chapter}, sum by year`;
    runs.push(
      await repeated(
        `${what}, first load (validates every row)`,
        options.large,
        options.rounds,
        (round) => measure("filter", large.dir, fresh(large.dir, round), large.expected.partnerChapter),
      ),
    );
    runs.push(
      await repeated(
        `${what}, validated before`,
        options.large,
        options.rounds,
        () => measure("filter", large.dir, fresh(large.dir, 0), large.expected.partnerChapter),
      ),
    );
    runs.push(
      await repeated(
        `chapter ${FILTER.chapter} alone (every partner), sum by year, validated before`,
        options.large,
        options.rounds,
        () => measure("chapter", large.dir, fresh(large.dir, 0), large.expected.chapter),
      ),
    );
  } finally {
    await Deno.remove(small.dir, { recursive: true }).catch(() => {});
    await Deno.remove(large.dir, { recursive: true }).catch(() => {});
  }
  return {
    runs,
    rounds: options.rounds,
    fileBytes: [
      { rows: options.small, arrow: small.arrowBytes, csv: small.csvBytes },
      { rows: options.large, arrow: large.arrowBytes },
    ],
  };
}
