/**
 * `deno task bench`: measures render speed against nbconvert, re-renders,
 * scale and data loading, side by side in one run; prints a table and
 * appends a dated entry to bench/RESULTS.md.
 *
 *   deno task bench            full run (a few minutes)
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
import { median, seconds } from "./lib/stats.ts";
import { mib } from "./lib/rss.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Targets from the benchmark issue. */
export const TARGETS = { coldRatio: 2, coldRatioAim: 3, overhead: 0.1, noChangeMs: 500 } as const;

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

function coldTable(c: ColdResult): string {
  const ours = median(c.oursMs);
  const rows = [
    ["measure", "value", "target"],
    [
      `claimbook executor, ${c.notebooks} notebooks, ${c.jobs} kernels at once (median of ${c.oursMs.length})`,
      seconds(ours),
      "",
    ],
    [
      "jupyter nbconvert --execute, one after the other (median)",
      c.nbconvertMs ? seconds(median(c.nbconvertMs)) : "skipped",
      "",
    ],
    [
      "speed-up (nbconvert ÷ executor, same run, interleaved)",
      c.ratio ? `${c.ratio.toFixed(2)}×` : "—",
      `≥ ${TARGETS.coldRatio}× (aim ${TARGETS.coldRatioAim}×) ${
        c.ratio ? (c.ratio >= TARGETS.coldRatio ? "met" : "MISSED") : ""
      }`,
    ],
    ["floor: Σ kernel start + kernel's cell time (serial run)", seconds(c.floorMs), ""],
    ["executor, serial (--jobs 1)", seconds(c.serialMs), ""],
    [
      "executor overhead above the floor",
      `${(c.overhead * 100).toFixed(1)}%`,
      `≤ ${TARGETS.overhead * 100}% ${c.overhead <= TARGETS.overhead ? "met" : "MISSED"}`,
    ],
  ];
  return section("1. Cold render", rows);
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
          catalog: "catalog load(): parse + validate every row + arquero table",
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

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { quick: { type: "boolean", default: false }, "no-write": { type: "boolean", default: false } },
  });
  const quick = values.quick;
  const rounds = quick ? 1 : 3;
  const started = Date.now();
  const machine = await versions();
  console.log(`claimbook benchmarks — ${machine}${quick ? " (quick)" : ""}\n`);

  console.log("cold render: executor vs nbconvert …");
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

  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const entry = [
    `## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC${quick ? " (quick)" : ""}`,
    "",
    `${machine} · whole run ${minutes} min`,
    "",
    coldText,
    incText,
    scaleText,
    loadText,
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
