/**
 * Cold render as a person runs it: `deno task render --force` (a new
 * process: Deno's start-up, every notebook, the ledger and the site)
 * against `jupyter nbconvert --to notebook --execute` run one notebook after
 * another and two at once (`xargs -P 2`), interleaved round after round so
 * that load from other work on the machine falls on all three alike. Each
 * command's CPU (user + sys of the command and every process it waited
 * for, from /proc/self/stat) is counted as well as its wall time. Then each
 * notebook alone: `deno task run --force <notebook>` against nbconvert on
 * that notebook, for the CPU a notebook costs either way.
 *
 * @module
 */

import { basename, join } from "node:path";
import { listNotebooks } from "../lib/workspace/executor/run.ts";
import { median } from "./lib/stats.ts";
import { ensureJupyter } from "./lib/jupyter.ts";

/** Wall time and CPU of one command. */
export interface CommandCost {
  ms: number;
  /** User + system CPU of the command and the processes it waited for. */
  cpuMs: number;
}

/** What the cold-render benchmark measured. */
export interface ColdResult {
  notebooks: number;
  rounds: number;
  ours: CommandCost[];
  /** Null when Jupyter is not installed (the comparison is then skipped). */
  serial: CommandCost[] | null;
  parallel: CommandCost[] | null;
  /** Serial nbconvert median ÷ ours median. */
  serialRatio: number | null;
  /** Two-at-once nbconvert median ÷ ours median. */
  parallelRatio: number | null;
  /** Verdicts in the ledger of our last render. */
  verdicts: number;
  /** Each notebook alone: CPU of `deno task run --force` and of nbconvert. */
  perNotebook: { notebook: string; ours: CommandCost; nbconvert: CommandCost | null }[];
}

const TICKS_PER_SECOND = 100;

/** CPU of this process's waited-for children so far (cutime + cstime), in ms. */
function childrenCpuMs(): number {
  const stat = Deno.readTextFileSync("/proc/self/stat");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/**
 * Runs a command to completion, as a person would (a new process), and
 * measures its wall time and CPU; throws with its stderr when it fails.
 *
 * @example
 * ```ts
 * const { ms, cpuMs } = await measureCommand("deno", ["task", "render", "--force"], "/work/main");
 * ```
 */
export async function measureCommand(command: string, args: string[], cwd: string): Promise<CommandCost> {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const out = await new Deno.Command(command, { args, cwd, stdout: "null", stderr: "piped" }).output();
  const ms = performance.now() - start;
  const cpuMs = childrenCpuMs() - cpuBefore;
  if (!out.success) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr).slice(-1500)}`);
  }
  return { ms, cpuMs };
}

function nbconvertArgs(outDir: string): string[] {
  return ["nbconvert", "--to", "notebook", "--execute", "--output-dir", outDir, "--ExecutePreprocessor.timeout=300"];
}

/**
 * Runs the comparison: `rounds` rounds of the three commands, interleaved
 * (the order rotates each round), then each notebook alone.
 *
 * @example
 * ```ts
 * const cold = await coldRender("/work/main", 3);
 * console.log(cold.serialRatio, cold.parallelRatio);
 * ```
 */
export async function coldRender(root: string, rounds: number): Promise<ColdResult> {
  const scratch = await Deno.makeTempDir({ prefix: "claimbook-bench-cold-" });
  const notebooks = await listNotebooks(join(root, "notebooks"));
  const deno = Deno.execPath();
  // Our render writes into folders of its own, so the workspace's _build/ and _site/ are left alone.
  const render = (round: number) =>
    measureCommand(deno, [
      "task",
      "render",
      "--force",
      "--quiet",
      "--build-dir",
      join(scratch, `build-${round}`),
      "--site-dir",
      join(scratch, `site-${round}`),
    ], root);
  const serial = async (round: number) => {
    const outDir = join(scratch, `nbconvert-serial-${round}`);
    const costs: CommandCost[] = [];
    for (const notebook of notebooks) {
      costs.push(await measureCommand("jupyter", [...nbconvertArgs(outDir), notebook], root));
    }
    return { ms: costs.reduce((s, c) => s + c.ms, 0), cpuMs: costs.reduce((s, c) => s + c.cpuMs, 0) };
  };
  const parallel = (round: number) => {
    const outDir = join(scratch, `nbconvert-parallel-${round}`);
    // xargs starts two nbconvert processes at a time, one notebook each.
    return measureCommand("sh", [
      "-c",
      `printf '%s\\n' "$@" | xargs -P 2 -n 1 jupyter ${nbconvertArgs(outDir).join(" ")}`,
      "claimbook-bench",
      ...notebooks,
    ], root);
  };

  const jupyter = await ensureJupyter();
  const ours: CommandCost[] = [];
  const serialCosts: CommandCost[] = [];
  const parallelCosts: CommandCost[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const contenders: (() => Promise<void>)[] = [async () => void ours.push(await render(round))];
      if (jupyter) {
        contenders.push(async () => void serialCosts.push(await serial(round)));
        contenders.push(async () => void parallelCosts.push(await parallel(round)));
      }
      // Rotate who goes first, so that no contender always follows the same one.
      for (let i = 0; i < contenders.length; i++) await contenders[(round + i) % contenders.length]();
    }
    const ledger = JSON.parse(await Deno.readTextFile(join(scratch, `build-${rounds - 1}`, "claims.json")));
    const perNotebook = [];
    for (const notebook of notebooks) {
      const oursAlone = await measureCommand(deno, [
        "task",
        "run",
        "--force",
        "--quiet",
        "--build-dir",
        join(scratch, "alone"),
        notebook,
      ], root);
      const theirs = jupyter
        ? await measureCommand("jupyter", [...nbconvertArgs(join(scratch, "nbconvert-alone")), notebook], root)
        : null;
      perNotebook.push({ notebook: basename(notebook), ours: oursAlone, nbconvert: theirs });
    }
    const ms = (costs: CommandCost[]) => median(costs.map((c) => c.ms));
    return {
      notebooks: notebooks.length,
      rounds,
      ours,
      serial: jupyter ? serialCosts : null,
      parallel: jupyter ? parallelCosts : null,
      serialRatio: jupyter ? ms(serialCosts) / ms(ours) : null,
      parallelRatio: jupyter ? ms(parallelCosts) / ms(ours) : null,
      verdicts: ledger.verdicts.length,
      perNotebook,
    };
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}
