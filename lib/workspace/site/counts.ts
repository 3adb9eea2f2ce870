/**
 * Verdict counts as the reader sees them: four separate numbers —
 * confirmed, approximate, discrepant, not checkable — each with its mark and
 * word, beside a stacked bar (colour), so nothing depends on colour alone
 * and claims the data cannot settle never read as failures.
 *
 * @module
 */

import { VERDICT_KINDS, type VerdictKind } from "../../analysis/claims/verdict.ts";
import { plural, VERDICT_LOOK } from "./format.ts";

/**
 * The counts in words, e.g. "5 confirmed, 2 approximate, 1 discrepant, 0 not checkable".
 *
 * @example
 * ```ts
 * countsInWords({ confirmed: 5, approximate: 2, discrepant: 1, unverifiable: 0 });
 * // "5 confirmed, 2 approximate, 1 discrepant, 0 not checkable"
 * ```
 */
export function countsInWords(counts: Record<VerdictKind, number>): string {
  return VERDICT_KINDS.map((kind) => `${counts[kind]} ${VERDICT_LOOK[kind].counted}`).join(", ");
}

/**
 * A stacked bar of the counts; an image to assistive technology, named by the counts in words.
 *
 * @example
 * ```ts
 * verdictBar({ confirmed: 1, approximate: 0, discrepant: 1, unverifiable: 0 });
 * // '<div class="bar" role="img" aria-label="1 confirmed, 0 approximate, 1 discrepant, 0 not checkable">…</div>'
 * ```
 */
export function verdictBar(counts: Record<VerdictKind, number>): string {
  const segments = VERDICT_KINDS.filter((kind) => counts[kind] > 0)
    .map((kind) => `<span class="v-${kind}" style="flex-grow:${counts[kind]}"></span>`)
    .join("");
  return `<div class="bar" role="img" aria-label="${countsInWords(counts)}">${segments}</div>`;
}

/**
 * The counts as a list, each with mark, number and word. `data-count` holds
 * the number for tests and scripts.
 *
 * @example
 * ```ts
 * countsList({ confirmed: 2, approximate: 0, discrepant: 0, unverifiable: 0 }).includes('data-count="confirmed"'); // true
 * ```
 */
export function countsList(counts: Record<VerdictKind, number>, className = "counts"): string {
  const items = VERDICT_KINDS.map((kind) => {
    const look = VERDICT_LOOK[kind];
    return `<li class="v-${kind}${counts[kind] === 0 ? " zero" : ""}"><span aria-hidden="true">${look.mark}</span> ` +
      `<span class="n" data-count="${kind}">${counts[kind]}</span> ${look.counted}</li>`;
  });
  return `<ul class="${className}">${items.join("")}</ul>`;
}

/**
 * The number of claims checked, the headline above the counts (the counts
 * themselves say how they came out; no single score hides the claims the
 * data cannot settle among the failures).
 *
 * @example
 * ```ts
 * countsHeadline({ confirmed: 2, approximate: 1, discrepant: 0, unverifiable: 10 });
 * // "<strong>13</strong> claims checked"
 * ```
 */
export function countsHeadline(counts: Record<VerdictKind, number>): string {
  const checked = VERDICT_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
  if (checked === 0) return `<strong>—</strong> no claim checked yet`;
  return `<strong>${checked}</strong> ${plural(checked, "claim").replace(/^\d+ /, "")} checked`;
}
