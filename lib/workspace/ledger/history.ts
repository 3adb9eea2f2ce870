/**
 * The history of verdicts (`data/verdict-history.json`): each time an update
 * of the data moved a verdict or its computed figure, one entry — the date,
 * what it was, what it became, and which of the series it read were revised
 * (the sources whose file changed between the two ledgers). Kept beside the
 * data it explains, so it is committed with the data; the updater appends to
 * it, the site shows it on each verdict.
 *
 * @module
 */

import { join } from "node:path";
import type { VerdictKind } from "../../analysis/claims/verdict.ts";
import { isObject } from "../../analysis/json.ts";
import { writeFileAtomic } from "../atomic.ts";
import type { Ledger, LedgerEntry } from "./types.ts";

/** Schema tag of the history file. */
export const HISTORY_SCHEMA = "claimbook.verdict-history/1";

/** File name of the history, in the data folder. */
export const HISTORY_FILE = "verdict-history.json";

/** A verdict at one moment. */
export interface VerdictMoment {
  verdict: VerdictKind;
  /** The computed figure as people read it; null when nothing was computed. */
  computed: string | null;
}

/** A series whose revision moved a verdict. */
export interface RevisedSeries {
  /** Resource name in the data package. */
  resource: string;
  title: string;
}

/** One move of one verdict. */
export interface VerdictHistoryEntry {
  /** ISO date of the update. */
  date: string;
  claim: string;
  document: string;
  from: VerdictMoment;
  to: VerdictMoment;
  /** The sources of the verdict whose data changed (empty when none did: the notebook's reading changed). */
  revised: RevisedSeries[];
}

/** The whole file. */
export interface VerdictHistory {
  schema: typeof HISTORY_SCHEMA;
  entries: VerdictHistoryEntry[];
}

/**
 * The entries for the verdicts that moved between two ledgers: the verdict
 * changed kind, or the computed figure changed under the same verdict.
 * Claims added or removed are not moves and get no entry.
 *
 * @example
 * ```ts
 * historyEntries(before, after, "2026-12-02").map((e) => `${e.claim}: ${e.from.verdict} → ${e.to.verdict}`);
 * ```
 */
export function historyEntries(before: Ledger | null, after: Ledger, date: string): VerdictHistoryEntry[] {
  if (!before) return [];
  const key = (e: LedgerEntry) => `${e.notebook}::${e.claim}`;
  const old = new Map(before.verdicts.map((e) => [key(e), e]));
  const entries: VerdictHistoryEntry[] = [];
  for (const now of after.verdicts) {
    const was = old.get(key(now));
    if (!was) continue;
    const from = moment(was);
    const to = moment(now);
    const movedFigure = JSON.stringify(was.computed?.value ?? null) !== JSON.stringify(now.computed?.value ?? null);
    if (from.verdict === to.verdict && !movedFigure) continue;
    entries.push({ date, claim: now.claim, document: now.document, from, to, revised: revisedSources(was, now) });
  }
  return entries;
}

function moment(entry: LedgerEntry): VerdictMoment {
  return { verdict: entry.verdict, computed: entry.computed?.text ?? null };
}

function revisedSources(was: LedgerEntry, now: LedgerEntry): RevisedSeries[] {
  const read = new Map((was.sources ?? []).map((s) => [s.resource, s.sha256]));
  return (now.sources ?? [])
    .filter((s) => s.sha256 && read.get(s.resource) !== s.sha256)
    .map((s) => ({ resource: s.resource, title: s.title }));
}

/**
 * Reads the history of a data folder (an absent file is an empty history).
 * A file that is not a history is an error naming it.
 *
 * @example
 * ```ts
 * (await readVerdictHistory("/work/main/data")).entries.length;
 * ```
 */
export async function readVerdictHistory(dataDir: string): Promise<VerdictHistory> {
  const path = join(dataDir, HISTORY_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { schema: HISTORY_SCHEMA, entries: [] };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message}); restore it from git`);
  }
  if (!isObject(json) || json.schema !== HISTORY_SCHEMA || !Array.isArray(json.entries)) {
    throw new Error(`${path}: expected a verdict history (schema ${HISTORY_SCHEMA}, entries); restore it from git`);
  }
  return json as unknown as VerdictHistory;
}

/**
 * Appends entries to the history of a data folder (written atomically).
 * Nothing is written when there is nothing to add.
 *
 * @example
 * ```ts
 * await appendVerdictHistory(dataDir, historyEntries(before, after, "2026-12-02"));
 * ```
 */
export async function appendVerdictHistory(dataDir: string, entries: VerdictHistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const history = await readVerdictHistory(dataDir);
  history.entries.push(...entries);
  await writeFileAtomic(join(dataDir, HISTORY_FILE), JSON.stringify(history, null, 2) + "\n");
}
