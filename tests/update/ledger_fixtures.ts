/**
 * Small ledgers for the update tests: one verdict per claim, the figures in
 * US$ billions, the sources named only when a test follows a revision.
 *
 * @module
 */

import { VERDICT_SCHEMA, type VerdictData } from "../../lib/analysis/claims/verdict.ts";
import { type Ledger, LEDGER_SCHEMA, type LedgerEntry } from "../../lib/workspace/ledger/types.ts";

/**
 * A verdict of `claim` (stated $6.4 billion); with `censusSha`, read from a
 * Census resource of that SHA-256 and an unchanged IMF one.
 *
 * @example
 * ```ts
 * ledgerEntry("a", "confirmed", 6.4, "census-1").sources.length; // 2
 * ```
 */
export function ledgerEntry(
  claim: string,
  verdict: VerdictData["verdict"],
  computed: number | null,
  censusSha?: string,
): LedgerEntry {
  return {
    schema: VERDICT_SCHEMA,
    claim,
    document: "kei-2018",
    quote: "…",
    subject: "…",
    period: "2018",
    verdict,
    stated: { value: 6.4, unit: "USD billions", text: "$6.4 billion" },
    computed: computed === null ? null : { value: computed, unit: "USD billions", text: `$${computed} billion` },
    difference: null,
    tolerance: "±5%",
    grade: "official series",
    sources: censusSha === undefined ? [] : [
      { resource: "census", title: "Census goods by partner", source: "Census", grade: "official", sha256: censusSha },
      { resource: "dots", title: "IMF DOTS", source: "IMF", grade: "official", sha256: "dots-1" },
    ],
    reason: "…",
    notebook: "notebooks/kei-2018.ipynb",
    cell: 3,
    cellId: "abc",
  };
}

/**
 * A ledger of these verdicts (no documents, zero totals).
 *
 * @example
 * ```ts
 * ledgerOf([ledgerEntry("a", "confirmed", 1)]).verdicts.length; // 1
 * ```
 */
export function ledgerOf(verdicts: LedgerEntry[]): Ledger {
  const zero = { confirmed: 0, approximate: 0, discrepant: 0, unverifiable: 0 };
  return { schema: LEDGER_SCHEMA, generated: "2026-11-23T00:00:00Z", documents: [], totals: zero, verdicts };
}
