/**
 * Which claim verdicts moved between two claim ledgers (`_build/claims.json`
 * before and after a render: the updater's, or one after data or notebooks
 * were changed by hand): a verdict that changed kind, a computed figure that
 * changed under the same verdict, and claims that appeared or disappeared.
 * Pure functions.
 *
 * @module
 */

import type { Ledger, LedgerEntry } from "./types.ts";

/** A verdict as the diff shows it. */
export interface VerdictState {
  verdict: LedgerEntry["verdict"];
  /** The computed figure as people read it (null when the claim could not be computed). */
  computed: string | null;
}

/** One claim whose verdict or computed figure moved. */
export interface VerdictChange {
  claim: string;
  document: string;
  notebook: string;
  /** `verdict`: the kind changed; `computed`: same kind, other figure; `added` / `removed`: only in one ledger. */
  kind: "verdict" | "computed" | "added" | "removed";
  before: VerdictState | null;
  after: VerdictState | null;
}

/**
 * Lists the claims whose verdict or computed value differ between two
 * ledgers (all claims of `after` count as added when there is no `before`).
 *
 * @example
 * ```ts
 * diffLedgers(oldLedger, newLedger).filter((c) => c.kind === "verdict");
 * ```
 */
export function diffLedgers(before: Ledger | null, after: Ledger): VerdictChange[] {
  const old = indexEntries(before?.verdicts ?? []);
  const now = indexEntries(after.verdicts);
  const changes: VerdictChange[] = [];
  for (const [key, entry] of now) {
    const previous = old.get(key);
    if (!previous) {
      changes.push(change("added", null, entry));
    } else if (previous.verdict !== entry.verdict) {
      changes.push(change("verdict", previous, entry));
    } else if (computedValue(previous) !== computedValue(entry)) {
      changes.push(change("computed", previous, entry));
    }
  }
  for (const [key, entry] of old) if (!now.has(key)) changes.push(change("removed", entry, null));
  const order = { verdict: 0, computed: 1, added: 2, removed: 3 };
  return changes.sort((a, b) => order[a.kind] - order[b.kind] || (a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : 0));
}

/**
 * The changes as lines: `claim: confirmed → discrepant (computed $27.6 billion → $29.1 billion)`.
 *
 * @example
 * ```ts
 * console.log(formatVerdictChanges(diffLedgers(oldLedger, newLedger)));
 * ```
 */
export function formatVerdictChanges(changes: VerdictChange[]): string {
  if (changes.length === 0) return "No claim verdict or computed figure changed.";
  const counts = (kind: VerdictChange["kind"]) => changes.filter((c) => c.kind === kind).length;
  const lines = [
    `Claims: ${counts("verdict")} verdict(s) changed, ${counts("computed")} computed figure(s) moved, ${
      counts("added")
    } added, ${counts("removed")} removed`,
  ];
  return [...lines, ...verdictChangeLines(changes)].join("\n");
}

/**
 * One line per change, indented: `  * claim: confirmed → discrepant; computed $27.6 billion → $29.1 billion`
 * (`+` added, `−` removed).
 *
 * @example
 * ```ts
 * verdictChangeLines(diffLedgers(before, after).filter((c) => c.kind === "computed"));
 * ```
 */
export function verdictChangeLines(changes: VerdictChange[]): string[] {
  return changes.map((c) => {
    const b = c.before;
    const a = c.after;
    if (c.kind === "added") return `  + ${c.claim}: ${a!.verdict} (computed ${a!.computed ?? "—"})`;
    if (c.kind === "removed") return `  − ${c.claim}: was ${b!.verdict} (computed ${b!.computed ?? "—"})`;
    const verdict = c.kind === "verdict" ? `${b!.verdict} → ${a!.verdict}` : `${a!.verdict} (unchanged)`;
    return `  * ${c.claim}: ${verdict}; computed ${b!.computed ?? "—"} → ${a!.computed ?? "—"}`;
  });
}

/** Entries keyed by notebook and claim; a claim checked twice in a notebook keeps its occurrences apart. */
function indexEntries(entries: LedgerEntry[]): Map<string, LedgerEntry> {
  const index = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    let key = `${entry.notebook}::${entry.claim}`;
    for (let n = 2; index.has(key); n++) key = `${entry.notebook}::${entry.claim}#${n}`;
    index.set(key, entry);
  }
  return index;
}

function computedValue(entry: LedgerEntry): string {
  return JSON.stringify(entry.computed ? [entry.computed.value, entry.computed.unit] : null);
}

function change(kind: VerdictChange["kind"], before: LedgerEntry | null, after: LedgerEntry | null): VerdictChange {
  const entry = (after ?? before)!;
  const state = (e: LedgerEntry | null): VerdictState | null =>
    e ? { verdict: e.verdict, computed: e.computed?.text ?? null } : null;
  return {
    claim: entry.claim,
    document: entry.document,
    notebook: entry.notebook,
    kind,
    before: state(before),
    after: state(after),
  };
}
