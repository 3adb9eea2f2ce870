/**
 * The words around a figure that decide how it is checked: the tolerance
 * ("nearly", "about", "more than", "less than"; otherwise the rounding the
 * printed figure implies), the direction of a change ("decline", "rose"),
 * and whether a percentage is a change or a share.
 *
 * @module
 */

import type { Tolerance } from "../../../analysis/claims/schema.ts";
import type { Term } from "./terms.ts";
import type { Figure, Measure } from "./types.ts";

/** The tolerance a figure's wording sets, with the words. */
export interface Wording {
  tolerance: Tolerance;
  /** The words, from the cue to the end of the figure (e.g. "nearly $20 billion"). */
  wording: string;
  /** Offset in the sentence where the wording starts (the cue, or the figure). */
  start: number;
  /** "record", "historic maximum" and the like, when the text calls the figure a record. */
  record?: string;
}

const CUES: [string[], Tolerance["kind"]][] = [
  [["more", "than"], "more-than"],
  [["in", "excess", "of"], "more-than"],
  [["upwards", "of"], "more-than"],
  [["over"], "more-than"],
  [["above"], "more-than"],
  [["exceeding"], "more-than"],
  [["surpassing"], "more-than"],
  [["less", "than"], "less-than"],
  [["fewer", "than"], "less-than"],
  [["under"], "less-than"],
  [["below"], "less-than"],
  [["just", "under"], "nearly"],
  [["close", "to"], "nearly"],
  [["nearly"], "nearly"],
  [["almost"], "nearly"],
  [["approximately"], "about"],
  [["about"], "about"],
  [["around"], "about"],
  [["roughly"], "about"],
  [["some"], "about"],
  [["an", "estimated"], "about"],
];
const RECORD = [["record", "high", "of"], ["record", "high"], ["historic", "maximum", "of"], ["historic", "maximum"], [
  "all-time",
  "high",
], ["record"]];
const DOWN = new Set([
  "decline",
  "declined",
  "declines",
  "decrease",
  "decreased",
  "decreases",
  "fell",
  "fall",
  "falls",
  "dropped",
  "drop",
  "drops",
  "reduced",
  "reduction",
  "shrank",
  "shrunk",
  "contracted",
  "down",
  "lower",
  "plunged",
  "slumped",
  "slid",
]);
const UP = new Set([
  "increase",
  "increased",
  "increasing",
  "increases",
  "rose",
  "rise",
  "rising",
  "grew",
  "growth",
  "grow",
  "expanded",
  "expand",
  "leaped",
  "leapt",
  "jumped",
  "surged",
  "climbed",
  "up",
  "gained",
  "soared",
  "skyrocketed",
  "higher",
  "doubled",
  "tripled",
]);
const SHARE = [["accounting", "for"], ["accounted", "for"], ["share", "of"], ["a", "share"], ["accounts", "for"]];

/**
 * The tolerance a figure's wording sets. Without a cue the figure is read as
 * a rounding of what it prints (`rounded` with the printed step); a rank,
 * a multiple in words ("doubled") or a count in words is `exact` unless a
 * cue says otherwise.
 *
 * @example
 * ```ts
 * // "rose nearly $20 billion"
 * wordingOf(terms, figure).tolerance; // { kind: "nearly", relative: 0.1 }
 * ```
 */
export function wordingOf(terms: Term[], figure: Figure, sentence: string): Wording {
  const before = terms.filter((t) => t.end <= figure.start).slice(-4);
  const end = figure.end;
  let record: string | undefined;
  for (const words of RECORD) {
    const at = endsWith(before, words, 1);
    if (at >= 0) {
      record = sentence.slice(before[at].start, before[at + words.length - 1].end);
      break;
    }
  }
  for (const [words, kind] of CUES) {
    const at = endsWith(before, words, 0);
    if (at < 0) continue;
    const start = before[at].start;
    return { tolerance: toleranceOf(kind, figure), wording: sentence.slice(start, end), start, record };
  }
  const recordStart = record ? sentence.indexOf(record, Math.max(0, figure.start - 40)) : -1;
  const start = recordStart >= 0 && recordStart < figure.start ? recordStart : figure.start;
  const verb = terms.filter((t) => t.end <= figure.start).slice(-2);
  const verbStart = verb.find((t) => DOWN.has(t.normal) || UP.has(t.normal))?.start;
  const wordingStart = Math.min(start, verbStart ?? start);
  const exact = figure.kind === "rank" || (figure.kind === "multiple" && !/\d/.test(figure.text));
  const tolerance: Tolerance = exact ? { kind: "exact" } : { kind: "rounded", step: figure.step };
  return { tolerance, wording: sentence.slice(wordingStart, end), start: wordingStart, record };
}

/**
 * Whether a figure measures a change (and which way), a share, a rank or a
 * level, from the words of its own part of the sentence.
 *
 * @example
 * ```ts
 * // "the deficit decreased by 17.3%"
 * measureOf(terms, figure, 0).measure; // "change"
 * ```
 */
export function measureOf(
  terms: Term[],
  figure: Figure,
  segmentStart: number,
): { measure: Measure; direction?: "up" | "down" } {
  if (figure.kind === "rank") return { measure: "rank" };
  const own = terms.filter((t) => t.start >= segmentStart && t.end <= figure.end + 24);
  const words = own.map((t) => t.normal);
  // The nearest change word before the figure decides; one just after it ("a 2.4 percent decline") otherwise.
  const changeWord = (t: Term) => DOWN.has(t.normal) || UP.has(t.normal);
  const nearest = own.filter((t) => t.end <= figure.start).reverse().find(changeWord) ??
    own.find((t) => t.start >= figure.end && changeWord(t));
  const direction = nearest ? (DOWN.has(nearest.normal) ? "down" : "up") : undefined;
  if (figure.kind === "multiple") return { measure: "change", direction: figure.value < 1 ? "down" : "up" };
  if (figure.kind === "percent") {
    if (SHARE.some((s) => containsRun(words, s))) return { measure: "share" };
    return { measure: "change", direction: direction ?? "up" };
  }
  // Money and counts: a change only when a change verb leads to the figure ("rose nearly $20 billion", "expanded by $355 million").
  const lead = terms.filter((t) => t.start >= segmentStart && t.end <= figure.start).slice(-6).map((t) => t.normal);
  const reaching = lead.includes("to") || lead.includes("reach") || lead.includes("reached") || lead.includes("from") ||
    lead.includes("of");
  if (direction && !reaching && (lead.some((w) => DOWN.has(w) || UP.has(w)) || lead.includes("by"))) {
    return { measure: "change", direction };
  }
  if (lead.includes("by") && direction) return { measure: "change", direction };
  return { measure: "level" };
}

function toleranceOf(kind: Tolerance["kind"], figure: Figure): Tolerance {
  switch (kind) {
    case "nearly":
      return { kind: "nearly", relative: 0.1 };
    case "about":
      return { kind: "about", relative: 0.05 };
    case "more-than":
      return { kind: "more-than" };
    case "less-than":
      return { kind: "less-than" };
    default:
      return { kind: "rounded", step: figure.step };
  }
}

/** Index in `terms` where `words` end `skip` terms before the end (or -1). */
function endsWith(terms: Term[], words: string[], slack: number): number {
  for (let skip = 0; skip <= slack; skip++) {
    const at = terms.length - skip - words.length;
    if (at < 0) continue;
    if (words.every((w, i) => terms[at + i].normal === w)) {
      // The slack lets a determiner sit between cue and figure ("a record $55.1 billion"), nothing else.
      if (skip === 0 || ["a", "the", "an"].includes(terms[terms.length - 1].normal)) return at;
    }
  }
  return -1;
}

function containsRun(words: string[], run: string[]): boolean {
  return words.some((_, i) => run.every((w, j) => words[i + j] === w));
}
