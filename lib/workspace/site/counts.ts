/**
 * Verdict counts as the reader sees them: a stacked bar (colour) beside a
 * list of counts with marks and words (text), so nothing depends on colour
 * alone, and a headline of how many claims hold up.
 *
 * @module
 */

import { VERDICT_KINDS, type VerdictKind } from "../../analysis/claims/verdict.ts";
import { plural, VERDICT_LOOK } from "./format.ts";

/**
 * The counts in words, e.g. "5 confirmed, 2 approximate, 1 discrepant, 0 unverifiable".
 *
 * @example
 * ```ts
 * countsInWords({ confirmed: 5, approximate: 2, discrepant: 1, unverifiable: 0 });
 * // "5 confirmed, 2 approximate, 1 discrepant, 0 unverifiable"
 * ```
 */
export function countsInWords(counts: Record<VerdictKind, number>): string {
  return VERDICT_KINDS.map((kind) => `${counts[kind]} ${kind}`).join(", ");
}

/**
 * A stacked bar of the counts; an image to assistive technology, named by the counts in words.
 *
 * @example
 * ```ts
 * verdictBar({ confirmed: 1, approximate: 0, discrepant: 1, unverifiable: 0 });
 * // '<div class="bar" role="img" aria-label="1 confirmed, 0 approximate, 1 discrepant, 0 unverifiable">…</div>'
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
      `<span class="n" data-count="${kind}">${counts[kind]}</span> ${kind}</li>`;
  });
  return `<ul class="${className}">${items.join("")}</ul>`;
}

/**
 * How many claims hold up (confirmed or approximate) out of those checked.
 *
 * @example
 * ```ts
 * holdUp({ confirmed: 5, approximate: 2, discrepant: 1, unverifiable: 1 }); // { right: 7, checked: 9 }
 * ```
 */
export function holdUp(counts: Record<VerdictKind, number>): { right: number; checked: number } {
  const checked = VERDICT_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
  return { right: counts.confirmed + counts.approximate, checked };
}

/**
 * The headline of a document's score, e.g. "<strong>7 of 9</strong> claims hold up".
 *
 * @example
 * ```ts
 * scoreHeadline({ confirmed: 1, approximate: 0, discrepant: 0, unverifiable: 0 });
 * // "<strong>1 of 1</strong> claim holds up <span class=\"muted\">(confirmed or approximate)</span>"
 * ```
 */
export function scoreHeadline(counts: Record<VerdictKind, number>): string {
  const { right, checked } = holdUp(counts);
  if (checked === 0) return `<strong>—</strong> no claim checked yet`;
  const noun = plural(checked, "claim").replace(/^\d+ /, "");
  return `<strong>${right} of ${checked}</strong> ${noun} ${checked === 1 ? "holds" : "hold"} up ` +
    `<span class="muted">(confirmed or approximate)</span>`;
}
