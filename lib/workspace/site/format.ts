/**
 * How verdicts and figures read on the site: a label, a mark and a one-line
 * meaning per verdict (colour is never the only cue), differences with
 * their sign and unit, counts in words.
 *
 * @module
 */

import type { VerdictData, VerdictKind } from "../../analysis/claims/verdict.ts";
import { formatNumber, formatPercentChange, formatQuantity, isMoney } from "../../analysis/units.ts";

/** What a reader sees for each verdict. */
export interface VerdictLook {
  /** Capitalised words, e.g. "Confirmed". */
  label: string;
  /** The words after a count, e.g. "2 not checkable". */
  counted: string;
  /** A mark that survives greyscale printing and colour blindness. */
  mark: string;
  /** What the verdict means, in one line. */
  meaning: string;
}

/**
 * Label, mark and meaning of each verdict. An unverifiable claim is shown
 * as "not checkable": the data at hand cannot settle it either way, which
 * says nothing against the document.
 */
export const VERDICT_LOOK: Readonly<Record<VerdictKind, VerdictLook>> = {
  confirmed: {
    label: "Confirmed",
    counted: "confirmed",
    mark: "✔",
    meaning: "the data gives the stated figure, within what its wording allows",
  },
  approximate: {
    label: "Approximate",
    counted: "approximate",
    mark: "≈",
    meaning: "close to the data, but outside what its wording allows",
  },
  discrepant: {
    label: "Discrepant",
    counted: "discrepant",
    mark: "✘",
    meaning: "the data gives a clearly different figure",
  },
  unverifiable: {
    label: "Not checkable",
    counted: "not checkable",
    mark: "?",
    meaning: "unverifiable: the data at hand cannot settle it either way",
  },
};

/**
 * The signed difference between computed and stated, in the claim's unit,
 * with the relative difference when there is one.
 *
 * @example
 * ```ts
 * formatDifference({ absolute: -0.42, relative: -0.015, unit: "USD billions" }); // "−$0.42 billion (−1.5%)"
 * formatDifference({ absolute: 1, relative: 0.0005, unit: "year" }); // "+1 year"
 * formatDifference({ absolute: -0.006, relative: -0.00026, unit: "USD billions" }); // "−$0.01 billion (−0.026%)"
 * formatDifference(null); // "—"
 * ```
 */
export function formatDifference(difference: VerdictData["difference"]): string {
  if (!difference) return "—";
  const { absolute, relative, unit } = difference;
  if (absolute === 0) return "none";
  const sign = absolute < 0 ? "−" : "+";
  const size = Math.abs(absolute);
  let text: string;
  if (isMoney(unit)) text = formatQuantity({ value: size, unit });
  else if (unit === "percent") text = `${formatNumber(size, 2)} percentage points`;
  else if (unit === "ratio") text = `${formatNumber(size, 2)}×`;
  else if (unit === "rank") text = `${formatNumber(size, 0)} ${size === 1 ? "place" : "places"}`;
  else if (unit === "year") text = `${formatNumber(size, 0)} ${size === 1 ? "year" : "years"}`;
  else if (unit === "persons") text = `${formatNumber(size, 0)} persons`;
  else text = formatNumber(size, 3);
  // A relative difference means something for amounts, not for years, ranks or percentages.
  const amount = isMoney(unit) || ["ratio", "persons", "count"].includes(unit);
  const rel = !amount || relative === null || !Number.isFinite(relative) ? "" : ` (${signedPercent(relative)})`;
  return `${sign}${text}${rel}`;
}

function signedPercent(fraction: number): string {
  return formatPercentChange(fraction * 100);
}

/**
 * "1 claim", "3 claims".
 *
 * @example
 * ```ts
 * plural(1, "claim"); // "1 claim"
 * plural(0, "claim"); // "0 claims"
 * ```
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * A date as people read it ("2018-09" → "September 2018"), or the text as given.
 *
 * @example
 * ```ts
 * readableDate("2020-09-07"); // "7 September 2020"
 * readableDate("2018-09"); // "September 2018"
 * readableDate("2020"); // "2020"
 * ```
 */
export function readableDate(date: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!match) return date;
  const month = new Date(Date.UTC(2000, Number(match[2]) - 1, 1)).toLocaleString("en-GB", {
    month: "long",
    timeZone: "UTC",
  });
  return match[3] ? `${Number(match[3])} ${month} ${match[1]}` : `${month} ${match[1]}`;
}

/**
 * When the site was rendered, as a `<time>` element in UTC.
 *
 * @example
 * ```ts
 * renderedTime("2026-12-02T10:46:40.123Z");
 * // '<time datetime="2026-12-02T10:46:40Z">2 December 2026, 10:46 UTC</time>'
 * ```
 */
export function renderedTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `<time datetime="${stamp}">${readableDate(stamp)}, ${stamp.slice(11, 16)} UTC</time>`;
}
