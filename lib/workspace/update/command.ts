/**
 * What `deno task update` does once its command line is read: run the
 * restricted updater process, print what moved, re-render the workspace and
 * list the claim verdicts that changed — or, with `--settle`, fetch the
 * queries the claim records name and say which claims left `unverifiable`.
 * Ctrl-C and SIGTERM stop the updater process before it writes; the command
 * then exits 130 or 143.
 *
 * @module
 */

import { resolve } from "node:path";
import { exitCodeForSignal } from "../cli/args.ts";
import { formatVerdictChanges } from "../ledger/diff.ts";
import { formatChanges } from "./report.ts";
import type { UpdatePlan, UpdateReport } from "./run.ts";
import {
  formatSettleOutcome,
  formatSettlePlan,
  type SettleEntry,
  type SettleOutcome,
  settleOutcome,
} from "./settle.ts";
import { childPermissions, spawnUpdater } from "./spawn.ts";
import { readLedger } from "../ledger/file.ts";
import { rerenderAndCompare, staleResources, type VerdictStep } from "./verdicts.ts";

/** How the command runs besides the plan. */
export interface CommandOptions {
  /** The code's workspace (config, lock file; the updater process reads it). */
  codeRoot: string;
  /** The workspace whose notebooks are re-rendered (`--workspace`; default the code's). */
  root: string;
  /** The data folder the notebooks of `root` read. */
  workspaceDataDir: string;
  json: boolean;
  render: boolean;
  /** `--settle`: the claim records' settling queries (possibly none). */
  settle?: SettleEntry[];
}

/**
 * Runs the update (or the settle) and prints its report; returns the exit code.
 *
 * @example
 * ```ts
 * const code = await runUpdateCommand(plan, { codeRoot: root, root, workspaceDataDir: `${root}/data`, json: false, render: true });
 * ```
 */
export async function runUpdateCommand(plan: UpdatePlan, options: CommandOptions): Promise<number> {
  const say = (line: string) => console.log(line);
  if (options.settle) {
    if (options.settle.length === 0) {
      say("No claim record names a settling query (settleBy in documents.json): nothing to fetch.");
      return 0;
    }
    plan = { ...plan, settle: options.settle.map((entry) => entry.query) };
    if (plan.dryRun) {
      say(`update --settle would fetch:\n${formatSettlePlan(options.settle, planContext(plan))}`);
      say("\nDry run: nothing fetched, nothing written.");
      return 0;
    }
  }
  const permissions = childPermissions(plan, options.codeRoot);
  if (!plan.quiet) {
    const what = plan.settle
      ? `settling ${plan.settle.map((q) => q.resource).join(", ")}`
      : plan.only?.length
      ? plan.only.join(", ")
      : "all resources";
    console.error(
      `update: ${what} → ${plan.dataDir}${plan.dryRun ? " (dry run: nothing will be written)" : ""}\n` +
        `  network limited to ${permissions.net.join(", ")}`,
    );
  }
  const ledgerBefore = options.render && !plan.dryRun ? await readLedger(options.root).catch(() => null) : null;
  const stale = ledgerBefore ? await staleResources(ledgerBefore, plan.dataDir) : [];

  const interrupt = onInterrupt();
  try {
    let report: UpdateReport;
    try {
      ({ report } = await spawnUpdater(plan, { root: options.codeRoot, permissions, signal: interrupt.signal }));
    } catch (error) {
      const by = interrupt.code() === undefined ? "" : `stopped by ${interrupt.name()}: `;
      console.error(`update: ${by}${(error as Error).message}`);
      return interrupt.code() ?? 1;
    }
    if (interrupt.code() !== undefined) {
      console.error(
        `update: stopped by ${interrupt.name()}${
          report.written.length > 0
            ? ` after writing ${report.written.join(", ")} (the signal came during the final renames)`
            : "; nothing was written"
        }; not re-rendering`,
      );
      return interrupt.code()!;
    }

    if (!options.json) printDataReport(report, say);
    if (options.settle && !report.ok && !options.json) {
      say(
        `\nupdate --settle would fetch (nothing was written):\n${formatSettlePlan(options.settle, planContext(plan))}`,
      );
    }

    let verdicts: VerdictStep | undefined;
    if (report.ok && report.written.length > 0 && options.render) {
      if (resolve(plan.dataDir) !== resolve(options.workspaceDataDir)) {
        verdicts = {
          status: "skipped",
          note: "verdict comparison skipped: the notebooks read the workspace's data folder, not --data-dir",
          changes: [],
        };
      } else {
        if (!options.json && !plan.quiet) say("\nRe-rendering the notebooks that read changed data…");
        verdicts = await rerenderAndCompare(options.root, ledgerBefore, {
          quiet: plan.quiet || options.json,
          stale,
          signal: interrupt.signal,
          dataDir: plan.dataDir,
        });
        if (interrupt.code() !== undefined) {
          console.error(
            `update: stopped by ${interrupt.name()} while re-rendering; data/ was updated, run deno task render`,
          );
          return interrupt.code()!;
        }
      }
    }

    const settled: SettleOutcome | undefined = options.settle && verdicts?.status === "compared"
      ? settleOutcome(options.settle, verdicts.changes)
      : undefined;
    if (options.json) {
      console.log(JSON.stringify({ ...report, verdicts: verdicts ?? null, settled: settled ?? null }, null, 2));
    } else {
      if (verdicts) {
        say(`\n${verdicts.note ?? ""}`);
        if (verdicts.status !== "skipped") say(formatVerdictChanges(verdicts.changes));
      }
      if (settled) say(`\n${formatSettleOutcome(settled)}`);
      else if (options.settle && report.ok && report.written.length === 0) {
        say("\nThe settled resources were already in data/, unchanged: the verdicts are those of the last render.");
      }
    }
    return report.ok && verdicts?.status !== "failed" ? 0 : 1;
  } finally {
    interrupt.dispose();
  }
}

function planContext(plan: UpdatePlan): { today: string; env: () => undefined; baseUrl?: string } {
  return { today: plan.today, env: () => undefined, baseUrl: plan.baseUrl };
}

/** Ctrl-C or SIGTERM while the update runs: the child is stopped, and the command exits 130 or 143. */
interface Interrupt {
  signal: AbortSignal;
  /** The exit code owed to the signal received, if any. */
  code(): number | undefined;
  name(): string;
  dispose(): void;
}

function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let received: "SIGINT" | "SIGTERM" | undefined;
  const listeners = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const listener = () => {
      if (received) Deno.exit(exitCodeForSignal(name)); // a second signal: stop waiting
      received = name;
      controller.abort();
    };
    Deno.addSignalListener(name, listener);
    return [name, listener] as const;
  });
  return {
    signal: controller.signal,
    code: () => (received === undefined ? undefined : exitCodeForSignal(received)),
    name: () => received ?? "",
    dispose: () => listeners.forEach(([name, listener]) => Deno.removeSignalListener(name, listener)),
  };
}

function printDataReport(report: UpdateReport, say: (line: string) => void): void {
  const changes = report.resources.flatMap((r) => (r.change ? [r.change] : []));
  if (changes.length > 0) say(`\n${formatChanges(changes)}`);
  for (const r of report.resources) {
    if (r.status === "skipped") say(`\nskipped ${r.name}: ${r.note}`);
  }
  if (report.errors.length > 0) {
    say("");
    for (const e of report.errors) say(`✗ ${e.resource}: ${e.message}\n  → ${e.hint}`);
    say(`\nUpdate failed: nothing was written; ${report.dataDir} is as it was.`);
  } else if (report.dryRun) say("\nDry run: nothing written.");
  else if (report.written.length === 0) say("\nNothing changed; data/ untouched.");
  else say(`\nWrote ${report.written.length} file(s) in ${report.dataDir}: ${report.written.join(", ")}`);
}
