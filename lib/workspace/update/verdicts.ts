/**
 * After an update has written new data: re-render the workspace (the render
 * pipeline re-executes only the notebooks whose inputs changed) and list
 * the claim verdicts that moved, by comparing the claim ledger read before
 * the update with the one the render produced.
 *
 * @module
 */

import { join } from "node:path";
import { sha256 } from "../../analysis/catalog/reads.ts";
import type { Ledger } from "../ledger/types.ts";
import { LEDGER_PATH, readLedger } from "../ledger/file.ts";
import { diffLedgers, type VerdictChange } from "../ledger/diff.ts";
import { appendVerdictHistory, HISTORY_FILE, historyEntries } from "../ledger/history.ts";

/** The outcome of the verdict comparison. */
export interface VerdictStep {
  status: "compared" | "skipped" | "failed";
  /** Why it was skipped or failed, or what the comparison is against. */
  note?: string;
  changes: VerdictChange[];
}

/** The part of the render pipeline's result the updater reads (`RenderResult` has it). */
export interface RenderOutcome {
  ok: boolean;
  /** The ledger written, absent when a notebook failed. */
  ledger?: Ledger;
  failed: { notebook: string; message: string }[];
  ledgerProblems: { message: string }[];
  errors: string[];
}

/** Renders the workspace (`renderWorkspace` of `lib/workspace/render/pipeline.ts`). */
export type RenderWorkspace = (
  options: { root: string; quiet?: boolean; signal?: AbortSignal; dataDir?: string },
) => Promise<RenderOutcome>;

/**
 * The resources whose current file differs from the one the ledger's
 * verdicts were computed from (each verdict cites the SHA-256 of what it
 * read). When the ledger is stale, a before/after comparison would also
 * show changes made before this update.
 *
 * @example
 * ```ts
 * await staleResources(await readLedger(root), join(root, "data")); // [] when the ledger is current
 * ```
 */
export async function staleResources(ledger: Ledger | null, dataDir: string): Promise<string[]> {
  if (!ledger) return [];
  const cited = new Map<string, Set<string>>();
  for (const verdict of ledger.verdicts) {
    for (const source of verdict.sources ?? []) {
      if (!source.sha256) continue;
      if (!cited.has(source.resource)) cited.set(source.resource, new Set());
      cited.get(source.resource)!.add(source.sha256);
    }
  }
  let paths: Map<string, string>;
  try {
    const descriptor = JSON.parse(await Deno.readTextFile(join(dataDir, "datapackage.json")));
    paths = new Map(descriptor.resources.map((r: { name: string; path: string }) => [r.name, r.path]));
  } catch {
    return [...cited.keys()];
  }
  const stale: string[] = [];
  for (const [resource, hashes] of cited) {
    const path = paths.get(resource);
    const current = path ? await Deno.readFile(join(dataDir, path)).then(sha256, () => undefined) : undefined;
    if (!current || !hashes.has(current) || hashes.size > 1) stale.push(resource);
  }
  return stale.sort();
}

/**
 * The render pipeline, loaded only when needed (it is not needed by a dry
 * run or a run that changed nothing).
 *
 * @example
 * ```ts
 * const render = await loadRenderer();
 * await render({ root: "/work/main", quiet: true });
 * ```
 */
export async function loadRenderer(): Promise<RenderWorkspace> {
  const { renderWorkspace } = await import("../render/pipeline.ts");
  return (options) => renderWorkspace(options);
}

/**
 * Re-renders the workspace and compares the ledger with the one read before
 * the update.
 *
 * @example
 * ```ts
 * const before = await readLedger(root);
 * // … update data/ …
 * const step = await rerenderAndCompare(root, before, { quiet: false });
 * ```
 */
export async function rerenderAndCompare(
  root: string,
  before: Ledger | null,
  options: {
    quiet: boolean;
    render?: RenderWorkspace;
    stale?: string[];
    signal?: AbortSignal;
    /** The data folder the notebooks read (default: the workspace's). */
    dataDir?: string;
    /**
     * Where the moves are recorded (`<dataDir>/verdict-history.json`) and the date they carry; by default the
     * data folder the notebooks read and today. `false` records nothing.
     */
    history?: { dataDir: string; date: string } | false;
  },
): Promise<VerdictStep> {
  const failed = (why: string): VerdictStep => ({
    status: "failed",
    note: `data/ was updated, but ${why}; run deno task render to see the details`,
    changes: [],
  });
  let result: RenderOutcome;
  try {
    const render = options.render ?? await loadRenderer();
    result = await render({ root, quiet: options.quiet, signal: options.signal, dataDir: options.dataDir });
  } catch (error) {
    return failed(`re-rendering failed: ${(error as Error).message}`);
  }
  const after = result.ledger ?? (result.ok ? await readLedger(root) : null);
  if (!after) {
    const reasons = [
      ...result.failed.map((f) => `${f.notebook}: ${f.message}`),
      ...result.errors,
    ];
    return failed(`re-rendering did not produce a ledger (${reasons.join("; ") || "no reason given"})`);
  }
  const notes = [
    before
      ? `verdicts compared with the ledger of ${before.generated}`
      : `no previous ${LEDGER_PATH}: every verdict is new`,
  ];
  if (options.stale?.length) {
    notes.push(
      `the previous ledger was not rendered from the data as it was before this update (${
        options.stale.join(", ")
      }), so some changes below may predate it; render before updating for an exact comparison`,
    );
  }
  if (result.ledgerProblems.length > 0) notes.push(`the new ledger has ${result.ledgerProblems.length} problem(s)`);
  if (result.errors.length > 0) notes.push(`render errors: ${result.errors.join("; ")}`);
  if (result.ok && options.history !== false) {
    // Each verdict that moved keeps the move in its history; the site shows it once rendered again.
    const { dataDir, date } = options.history ?? { dataDir: options.dataDir ?? workspaceDataDir(root), date: today() };
    const moves = historyEntries(before, after, date);
    if (moves.length > 0) {
      try {
        await appendVerdictHistory(dataDir, moves);
        const render = options.render ?? await loadRenderer();
        const again = await render({ root, quiet: true, signal: options.signal, dataDir: options.dataDir });
        notes.push(
          `${moves.length} move(s) added to ${join(dataDir, HISTORY_FILE)}${
            again.ok ? " and shown on the site" : ", but the site was not rendered again"
          }`,
        );
      } catch (error) {
        notes.push(`the verdicts' history could not be recorded: ${(error as Error).message}`);
      }
    }
  }
  return {
    status: result.ok ? "compared" : "failed",
    note: notes.join("; "),
    changes: diffLedgers(before, after),
  };
}

/** The data folder the notebooks read: `$CLAIMBOOK_DATA_DIR`, else `<root>/data`. */
function workspaceDataDir(root: string): string {
  try {
    return Deno.env.get("CLAIMBOOK_DATA_DIR") || join(root, "data");
  } catch {
    return join(root, "data");
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
