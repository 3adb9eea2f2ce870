/**
 * `deno task bench`: measures the render command against nbconvert (serial
 * and two at once), re-renders, scale, data loading and the columnar path,
 * side by side in one run; prints tables and appends a dated entry to
 * bench/RESULTS.md.
 *
 *   deno task bench            full run (10 minutes or more)
 *   deno task bench --quick    fewer rounds and smaller sizes, to try it out
 *   deno task bench --no-write print only; leave RESULTS.md alone
 *
 * @module
 */

import { parseArgs } from "node:util";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { coldRender, type ColdResult } from "./cold.ts";
import { incremental, type IncrementalResult } from "./incremental.ts";
import { scale, type ScaleRun } from "./scale.ts";
import { loading, type LoadingRun } from "./loading.ts";
import { columnar, type ColumnarResult, FILTER } from "./columnar.ts";
import { median, seconds } from "./lib/stats.ts";
import { mib } from "./lib/rss.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Targets from the benchmark issues. */
export const TARGETS = {
  /** `deno task render --force` against nbconvert one notebook after another. */
  serialRatio: 3,
  /** … and against nbconvert two notebooks at once. */
  parallelRatio: 2,
  noChangeMs: 500,
  /** Loading 1M rows of a columnar resource. */
  columnarLoadMs: 500,
  columnarLoadBytes: 150 * 1024 * 1024,
  /** One partner and one HS chapter of 10M rows, summed by year. */
  columnarFilterMs: 2000,
} as const;

async function versions(): Promise<string> {
  const text = async (cmd: string, args: string[]) => {
    try {
      const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
      return new TextDecoder().decode(out.stdout).trim().split("\n")[0];
    } catch {
      return "not installed";
    }
  };
  const memory = Deno.systemMemoryInfo();
  return [
    `${navigator.hardwareConcurrency} cores, ${(memory.total / 1024 ** 3).toFixed(0)} GiB`,
    `Deno ${Deno.version.deno}`,
    `nbconvert ${await text("jupyter-nbconvert", ["--version"])}`,
  ].join(" · ");
}

function section(title: string, rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [
    `### ${title}`,
    "",
    line(rows[0]),
    `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`,
    ...rows.slice(1).map(line),
    "",
  ].join("\n");
}

const met = (ok: boolean) => (ok ? "met" : "MISSED");

function coldTable(c: ColdResult): string {
  const oursMs = median(c.ours.map((r) => r.ms));
  const perNotebookCpu = (costs: { cpuMs: number }[]) => seconds(median(costs.map((r) => r.cpuMs)) / c.notebooks);
  const rows = [
    ["command (median of " + c.rounds + " interleaved rounds)", "wall", "CPU per notebook", "ratio", "target"],
    [
      `\`deno task render --force\` (${c.notebooks} notebooks, ledger of ${c.verdicts} verdicts, site)`,
      seconds(oursMs),
      perNotebookCpu(c.ours),
      "",
      "",
    ],
  ];
  if (c.serial && c.parallel && c.serialRatio && c.parallelRatio) {
    rows.push([
      "`jupyter nbconvert --execute`, one notebook after another",
      seconds(median(c.serial.map((r) => r.ms))),
      perNotebookCpu(c.serial),
      `${c.serialRatio.toFixed(2)}×`,
      `≥ ${TARGETS.serialRatio}× ${met(c.serialRatio >= TARGETS.serialRatio)}`,
    ]);
    rows.push([
      "`jupyter nbconvert --execute`, two at once (`xargs -P 2`)",
      seconds(median(c.parallel.map((r) => r.ms))),
      perNotebookCpu(c.parallel),
      `${c.parallelRatio.toFixed(2)}×`,
      `≥ ${TARGETS.parallelRatio}× ${met(c.parallelRatio >= TARGETS.parallelRatio)}`,
    ]);
  } else {
    rows.push(["`jupyter nbconvert --execute`", "not installed: skipped", "", "", ""]);
  }
  const each = [
    ["notebook alone", "`deno task run --force` wall", "its CPU", "nbconvert wall", "its CPU"],
    ...c.perNotebook.map((n) => [
      n.notebook,
      seconds(n.ours.ms),
      seconds(n.ours.cpuMs),
      n.nbconvert ? seconds(n.nbconvert.ms) : "—",
      n.nbconvert ? seconds(n.nbconvert.cpuMs) : "—",
    ]),
  ];
  const rounds = [
    ["round", "render wall / CPU", "nbconvert serial wall / CPU", "nbconvert ×2 wall / CPU"],
    ...c.ours.map((o, i) => [
      String(i + 1),
      `${seconds(o.ms)} / ${seconds(o.cpuMs)}`,
      c.serial ? `${seconds(c.serial[i].ms)} / ${seconds(c.serial[i].cpuMs)}` : "—",
      c.parallel ? `${seconds(c.parallel[i].ms)} / ${seconds(c.parallel[i].cpuMs)}` : "—",
    ]),
  ];
  return [
    section("1. Cold render, as a person runs it", rows),
    section("Each round", rounds),
    section("CPU (user + sys) of each notebook run alone", each),
  ].join("\n");
}

function incrementalTable(r: IncrementalResult): string {
  const inProcess = median(r.noChangeInProcessMs);
  const command = median(r.noChangeCommandMs);
  return section("2–3. Re-renders", [
    ["measure", "value", "target"],
    [
      `no change, renderWorkspace() in process (median of ${r.noChangeInProcessMs.length})`,
      seconds(inProcess),
      `≤ 0.5 s ${inProcess <= TARGETS.noChangeMs ? "met" : "MISSED"}`,
    ],
    [
      `no change, \`deno task render\` as a new process (median of ${r.noChangeCommandMs.length})`,
      seconds(command),
      `≤ 0.5 s ${command <= TARGETS.noChangeMs ? "met" : "MISSED"}`,
    ],
    [
      `one data file changed (${r.changedResource}, with its datapackage.json entry)`,
      seconds(r.oneFileChangedMs),
      "only its readers re-run",
    ],
    [
      "notebooks re-executed after that change",
      `${r.oneFileChangedRan.length} of ${r.notebooks}: ${r.oneFileChangedRan.join(", ") || "none"}`,
      "",
    ],
  ]);
}

function scaleTable(byJobs: ScaleRun[], growth: ScaleRun[]): string {
  const perNotebook = growth.map((g) => g.ms / g.notebooks);
  const linear = perNotebook.at(-1)! <= perNotebook[1] * 1.25;
  return [
    section(`4. Scale: ${byJobs[0].notebooks} notebooks × 20 cells`, [
      ["kernels at once", "total", "peak memory (runner + kernels)"],
      ...byJobs.map((r) => [String(r.jobs), seconds(r.ms), mib(r.peakRss)]),
    ]),
    section(`Growth (${growth[0].jobs} kernels at once)`, [
      ["notebooks", "total", "per notebook", "peak memory"],
      ...growth.map((g) => [String(g.notebooks), seconds(g.ms), seconds(g.ms / g.notebooks), mib(g.peakRss)]),
    ]),
    `Per-notebook time from 10 to ${growth.at(-1)!.notebooks} notebooks: ${
      linear ? "flat (linear growth)" : "rising (worse than linear)"
    }.\n`,
  ].join("\n");
}

function loadingTable(runs: LoadingRun[], bytes: number): string {
  const catalog = runs.find((r) => r.mode === "catalog")!;
  return section(
    `5. Loading a ${(runs[0].rows / 1e6).toFixed(1)}M-row trade table (${mib(bytes)} CSV), each in a fresh process`,
    [
      ["reader", "time", "rows/s", "peak memory", "vs catalog"],
      ...runs.map((r) => [
        ({
          papa: "plain CSV parse (Papa Parse, strings)",
          arquero: "arquero fromCSV (types guessed, no checks)",
          catalog: "catalog load(): parse + validate every row + arquero table (+ cache its columns)",
          "catalog-cached": "catalog load(), same bytes validated before (cached columns)",
          danfo: "Papa Parse + danfojs DataFrame",
        } as Record<string, string>)[r.mode],
        seconds(r.ms),
        `${Math.round(r.rowsPerSecond / 1000)}k`,
        mib(r.peakRss),
        `${(r.ms / catalog.ms).toFixed(2)}×`,
      ]),
    ],
  );
}

function columnarTable(c: ColumnarResult): string {
  const rows: string[][] = [["load()", "rows", "result", "batches read", "time", "peak memory", "target"]];
  for (const r of c.runs) {
    const small = r.rows === c.fileBytes[0].rows;
    const validated = r.label.includes("validated before");
    let target = "";
    if (small && r.label.startsWith("whole table")) {
      const ok = r.ms <= TARGETS.columnarLoadMs && r.peakRss <= TARGETS.columnarLoadBytes;
      target = `≤ 0.5 s, ≤ 150 MiB ${met(ok)}`;
    } else if (!small && r.label.startsWith("partner")) {
      target = `≤ 2 s ${met(r.ms <= TARGETS.columnarFilterMs)}`;
    }
    if (validated && r.checked === false) target += " (sums WRONG)";
    rows.push([
      r.label + (r.checked ? " ✓ sums" : ""),
      `${(r.rows / 1e6).toFixed(0)}M`,
      r.resultRows.toLocaleString("en-US"),
      r.batches ? `${r.batchesRead} of ${r.batches}` : "all",
      seconds(r.ms),
      mib(r.peakRss),
      target,
    ]);
  }
  const files = c.fileBytes.map((f) =>
    `${(f.rows / 1e6).toFixed(0)}M rows: Arrow ${mib(f.arrow)}${f.csv ? `, CSV ${mib(f.csv)}` : ""}`
  ).join("; ");
  return section(
    `6. Columnar path: Arrow files (partner × HS6 × month), each load in a fresh process, median of ${c.rounds}`,
    rows,
  ) +
    `\nFiles: ${files}. Filter: partner ${FILTER.partner}, HS chapter ${FILTER.chapter} (\`where: { partner, hs6: { prefix } }\`). ` +
    "✓ sums: the sums by year equal those computed while generating the rows.\n";
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { quick: { type: "boolean", default: false }, "no-write": { type: "boolean", default: false } },
  });
  const quick = values.quick;
  const rounds = quick ? 1 : 3;
  const started = Date.now();
  const machine = await versions();
  // Other work on this shared machine competes for its cores: say how much, at the start and the end.
  const loadAtStart = Deno.loadavg()[0];
  console.log(`claimbook benchmarks — ${machine}${quick ? " (quick)" : ""}\n`);

  console.log("cold render: deno task render --force vs nbconvert, serial and two at once …");
  const cold = await coldRender(ROOT, rounds);
  const coldText = coldTable(cold);
  console.log(coldText);

  console.log("re-renders …");
  const inc = await incremental(ROOT, quick ? 2 : 5);
  const incText = incrementalTable(inc);
  console.log(incText);

  console.log("scale …");
  const sc = await scale(ROOT, quick ? 12 : 40);
  const scaleText = scaleTable(sc.byJobs, sc.growth);
  console.log(scaleText);

  console.log("data loading …");
  const ld = await loading(quick ? 200_000 : 1_000_000);
  const loadText = loadingTable(ld.runs, ld.bytes);
  console.log(loadText);

  console.log("columnar path …");
  const col = await columnar({
    small: quick ? 200_000 : 1_000_000,
    large: quick ? 2_000_000 : 10_000_000,
    rounds: quick ? 1 : 3,
  });
  const colText = columnarTable(col);
  console.log(colText);

  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const entry = [
    `## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC${quick ? " (quick)" : ""}`,
    "",
    `${machine} · whole run ${minutes} min · load average ${loadAtStart.toFixed(1)} at the start, ${
      Deno.loadavg()[0].toFixed(1)
    } at the end`,
    "",
    coldText,
    incText,
    scaleText,
    loadText,
    colText,
  ].join("\n");
  if (!values["no-write"]) {
    const file = join(ROOT, "bench", "RESULTS.md");
    const current = await Deno.readTextFile(file).catch(() =>
      "# Benchmark results\n\nEach entry is appended by `deno task bench`.\n"
    );
    await Deno.writeTextFile(file, `${current.trimEnd()}\n\n${entry}\n`);
    console.log(`appended to bench/RESULTS.md (${minutes} min)`);
  }
}
