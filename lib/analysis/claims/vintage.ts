/**
 * Which vintage of the data a verdict judged, in words a reader can weigh:
 * official series are revised, and a document quoted the figures published
 * when it was written. When the figures judged are later than the document,
 * the verdict says so; when the same figure is computed on another vintage,
 * the verdict shows both and whether the revision changes the outcome.
 *
 * @module
 */

import type { VintageBasis } from "../catalog/datapackage.ts";
import type { ShownValue, SourceRef, VerdictKind } from "./verdict.ts";

/** The vintage of one resource a verdict read. */
export interface VintageRef {
  resource: string;
  /** ISO date, as precise as known. */
  date: string;
  basis: VintageBasis;
  /** The vintage in words, e.g. "BEA's March 2025 annual revision". */
  label: string;
}

/** The same figure computed on another vintage, judged by the same wording. */
export interface OtherVintage {
  vintages: VintageRef[];
  computed: ShownValue;
  verdict: VerdictKind;
  sources: SourceRef[];
}

/** What a verdict records about vintages. */
export interface VintageNote {
  /** The vintages the verdict judged (one per resource read). */
  judged: VintageRef[];
  /** The same figure on other vintages, if the notebook computed it. */
  others?: OtherVintage[];
  /** All of it in words. */
  text: string;
}

/**
 * English month names, January first (as publishers print them in dates and table notes).
 *
 * @example
 * ```ts
 * MONTH_NAMES[2]; // "March"
 * ```
 */
export const MONTH_NAMES: readonly string[] = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * An ISO date in words: `2025-03` → "March 2025", `2022-02-02` → "2 February 2022".
 *
 * @example
 * ```ts
 * dateInWords("2018-09"); // "September 2018"
 * ```
 */
export function dateInWords(date: string): string {
  const [year, month, day] = date.split("-");
  if (!month) return year;
  const name = MONTH_NAMES[Number(month) - 1] ?? month;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

/**
 * Whether vintage date `a` is known to be later than date `b`, comparing only
 * as precisely as both are given (`2018-10` is not known to be later than `2018`).
 *
 * @example
 * ```ts
 * isLaterThan("2025-03", "2018-09"); // true
 * isLaterThan("2018-10", "2018"); // false
 * ```
 */
export function isLaterThan(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) > b.slice(0, n);
}

/**
 * The vintages behind a list of cited sources, one per resource, in citing order.
 *
 * @example
 * ```ts
 * vintagesOf([{ resource: "x", title: "X", source: "X", grade: "official",
 *   vintage: { date: "2025-03", basis: "release", label: "BEA's March 2025 revision" } }]).length; // 1
 * ```
 */
export function vintagesOf(sources: SourceRef[]): VintageRef[] {
  const seen = new Set<string>();
  const refs: VintageRef[] = [];
  for (const s of sources) {
    if (!s.vintage || seen.has(s.resource)) continue;
    seen.add(s.resource);
    refs.push({ resource: s.resource, ...s.vintage });
  }
  return refs;
}

/**
 * The vintage note of a verdict: which releases were judged and, when they
 * are later than the document, that the figures it quoted are not at hand;
 * other vintages of the same figure with their outcome.
 *
 * @example
 * ```ts
 * const note = vintageNote(
 *   [{ resource: "bea", date: "2025-03", basis: "release", label: "BEA's March 2025 revision" }],
 *   "2018-09",
 *   "confirmed",
 * );
 * note?.text; // "Judged on BEA's March 2025 revision (March 2025), later than the document (September 2018): …"
 * ```
 */
export function vintageNote(
  judged: VintageRef[],
  documentDate: string,
  verdict: VerdictKind,
  others: OtherVintage[] = [],
): VintageNote | undefined {
  if (judged.length === 0) return undefined;
  const sentences = [judgedSentence(judged, documentDate, others)];
  for (const other of others) sentences.push(otherSentence(other, verdict));
  return { judged, ...(others.length > 0 ? { others } : {}), text: sentences.join(" ") };
}

function judgedSentence(judged: VintageRef[], documentDate: string, others: OtherVintage[]): string {
  const described = unique(judged.map(describe));
  const later = judged.filter((v) => v.basis !== "as-printed" && isLaterThan(v.date, documentDate));
  const judgedText = `Judged on ${listInWords(described)}`;
  if (later.length === 0) return `${judgedText}.`;
  const olderAtHand = others.some((o) =>
    o.vintages.length > 0 && o.vintages.every((v) => v.basis === "as-printed" || !isLaterThan(v.date, documentDate))
  );
  const when = dateInWords(documentDate);
  return olderAtHand
    ? `${judgedText}, later than the document (${when}); an earlier vintage is shown below.`
    : `${judgedText}, later than the document (${when}): the figures as published when it was written are not at hand here, and revisions since then may move them.`;
}

function otherSentence(other: OtherVintage, verdict: VerdictKind): string {
  const on = listInWords(unique(other.vintages.map(describe)));
  const effect = other.verdict === verdict
    ? "the revision does not change the verdict"
    : `on that vintage the verdict would be ${other.verdict}, not ${verdict}`;
  return `On ${on} the figure is ${other.computed.text} (${other.verdict}): ${effect}.`;
}

function describe(v: VintageRef): string {
  return v.basis === "as-printed" ? v.label : `${v.label} (${dateInWords(v.date)})`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("; ")} and ${items[items.length - 1]}`;
}
