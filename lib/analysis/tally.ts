/**
 * A notebook's verdict counts in words, for its "In short" paragraph, so the
 * summary says what the verdicts are rather than what they were when the
 * paragraph was written.
 *
 * @module
 */

const ORDER = ["confirmed", "approximate", "discrepant", "unverifiable"];

/**
 * Verdict counts as a phrase, in the order confirmed, approximate,
 * discrepant, unverifiable (then any other kind); kinds with no claim are
 * left out.
 *
 * @example
 * ```ts
 * verdictTally({ discrepant: 6, confirmed: 5, approximate: 1, unverifiable: 1 });
 * // "5 confirmed, 1 approximate, 6 discrepant and 1 unverifiable"
 * verdictTally(claimStatus("korus-kei-2018").counts);
 * ```
 */
export function verdictTally(counts: Record<string, number>): string {
  const kinds = Object.keys(counts).filter((k) => counts[k] > 0).sort((a, b) => rankOf(a) - rankOf(b));
  if (kinds.length === 0) return "no verdicts";
  const parts = kinds.map((k) => `${counts[k]} ${k}`);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

function rankOf(kind: string): number {
  const i = ORDER.indexOf(kind);
  return i === -1 ? ORDER.length : i;
}
