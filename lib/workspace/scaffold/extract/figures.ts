/**
 * Finds the figures of a sentence with compromise's number parser (digits
 * and numbers in words, "$42.3 billion", "888.8 million dollars", "17.3%",
 * "25 times", "ninth") and classifies each: money, percent, multiple, rank
 * or count. Years, page numbers and other bare numbers are set aside with
 * the reason.
 *
 * @module
 */

import nlp from "compromise";
import type { Unit } from "../../../analysis/units.ts";
import { type Term, termsOf, trimPunctuation } from "./terms.ts";
import type { Figure } from "./types.ts";
import { koreanAmounts } from "./korean.ts";

/** A number that is not a claim's figure, and why. */
export interface SetAside {
  text: string;
  reason: string;
}

interface NumberJson {
  text: string;
  offset: { start: number; length: number };
  number: { num: number | null; unit: string; suffix: string; hasComma: boolean } | null;
}

const SCALES: [string, number, Unit][] = [
  ["trillion", 1e12, "USD billions"],
  ["billion", 1e9, "USD billions"],
  ["million", 1e6, "USD millions"],
  ["thousand", 1e3, "USD thousands"],
];
const MULTIPLE_VERBS: Record<string, number> = { doubled: 2, tripled: 3, quadrupled: 4, halved: 0.5 };
const COUNT_NOUNS =
  /^(tourists?|travell?ers?|visitors?|people|persons?|arrivals?|workers?|jobs?|companies|firms|students?|residents?|units?|vehicles?|cars?|containers?|countries|nations|partners?)$/;
const RANK_BEFORE = new Set(["ranked", "ranks", "rank", "ranking", "placed"]);
const RANK_AFTER = new Set(["place", "largest", "biggest", "position", "spot", "-ranked"]);

/**
 * The figures of a sentence, and the numbers set aside.
 *
 * @example
 * ```ts
 * figuresIn("exports rose 2.7 percent to $42.3 billion in 2016").figures.map((f) => [f.kind, f.value, f.unit]);
 * // [["percent", 2.7, "percent"], ["money", 42.3, "USD billions"]]
 * ```
 */
export function figuresIn(sentence: string): { figures: Figure[]; setAside: SetAside[] } {
  const terms = termsOf(sentence);
  const figures: Figure[] = [];
  const setAside: SetAside[] = [];
  const numbers = nlp(sentence).numbers().json({ offset: true }) as NumberJson[];
  for (const n of numbers) {
    const text = trimPunctuation(n.text);
    const start = n.offset.start + Math.max(n.text.indexOf(text), 0);
    const end = start + text.length;
    const value = n.number?.num;
    if (value === null || value === undefined || !Number.isFinite(value) || text === "") continue;
    const after = terms.filter((t) => t.start >= end).slice(0, 2);
    const before = terms.filter((t) => t.end <= start).slice(-2);
    const inside = terms.filter((t) => t.start >= start && t.end <= end);
    const classified = classify({ text, start, end, value, inside, before, after, number: n.number! });
    if ("reason" in classified) setAside.push({ text, reason: classified.reason });
    else figures.push(classified);
  }
  for (const t of terms) {
    const times = MULTIPLE_VERBS[t.normal];
    if (times !== undefined) {
      figures.push({
        kind: "multiple",
        start: t.start,
        end: t.end,
        text: t.text,
        value: times,
        unit: "ratio",
        step: 1,
      });
    } else if (t.normal === "topped" && !figures.some((f) => f.start > t.end && f.start - t.end < 12)) {
      // "topped the market" is a first place; "topped $50 billion" is a money figure with more-than wording.
      const next = terms.find((x) => x.start >= t.end);
      if (next && !next.tags.has("Value") && !next.text.startsWith("$")) {
        figures.push({ kind: "rank", start: t.start, end: t.end, text: t.text, value: 1, unit: "rank", step: 1 });
      }
    }
  }
  for (const k of koreanAmounts(sentence)) {
    if (k.unit === null) setAside.push({ text: k.text, reason: k.reason });
    else figures.push({ kind: "money", start: k.start, end: k.end, text: k.text, ...moneyIn(k.value, k.unit) });
  }
  figures.sort((a, b) => a.start - b.start);
  return { figures, setAside };
}

interface Candidate {
  text: string;
  start: number;
  end: number;
  value: number;
  inside: Term[];
  before: Term[];
  after: Term[];
  number: NonNullable<NumberJson["number"]>;
}

function classify(c: Candidate): Figure | SetAside {
  const words = c.inside.map((t) => t.normal);
  const next = c.after[0]?.normal ?? "";
  const previous = c.before.at(-1)?.normal ?? "";
  const base = { start: c.start, end: c.end, text: c.text };
  const isMoney = c.text.includes("$") || /^(dollars?|usd)$/.test(c.number.unit) || /^(dollars?|usd)$/.test(next) ||
    c.inside.some((t) => t.tags.has("Money") || t.tags.has("Currency"));
  if (/^(won|krw|yen|euros?|rubles?|roubles?|yuan)$/.test(next) || /₩|€|¥/.test(c.text)) {
    return {
      text: c.text,
      reason: `an amount in ${next || "another currency"}: claimbook's money units are US dollars`,
    };
  }
  if (isMoney) {
    const end = /^(dollars?|usd)$/.test(next) ? c.after[0].end : c.end;
    const scale = SCALES.find(([word]) => words.includes(word));
    const printed = c.inside.map((t) => t.text).join(" ");
    const quantity = scale
      ? { value: round(c.value / scale[1] * (scale[0] === "trillion" ? 1000 : 1)), unit: scale[2] }
      : { value: c.value, unit: "USD" as Unit };
    return {
      kind: "money",
      ...base,
      end,
      text: c.text + (end > c.end ? ` ${c.after[0].text}` : ""),
      ...quantity,
      step: stepOf(printed, quantity.unit, scale?.[0] === "trillion"),
    };
  }
  if (c.number.unit === "percent" || c.number.suffix === "%" || /^(percent|per)$/.test(next)) {
    const end = next === "percent" ? c.after[0].end : c.end;
    return {
      kind: "percent",
      ...base,
      end,
      text: sliceText(c, end),
      value: c.value,
      unit: "percent",
      step: decimalStep(c.text),
    };
  }
  if (/^(times|fold|-fold)$/.test(next) || /-fold$/i.test(c.text)) {
    const end = next ? c.after[0].end : c.end;
    return {
      kind: "multiple",
      ...base,
      end,
      text: sliceText(c, end),
      value: c.value,
      unit: "ratio",
      step: decimalStep(c.text),
    };
  }
  const ordinal = c.inside.some((t) => t.tags.has("Ordinal"));
  if ((ordinal && (RANK_BEFORE.has(previous) || RANK_AFTER.has(next))) || (previous === "number" && c.value <= 50)) {
    return { kind: "rank", ...base, value: c.value, unit: "rank", step: 1 };
  }
  if (ordinal) return { text: c.text, reason: "an ordinal with no ranking words (ranked, place, number)" };
  const integer = Number.isInteger(c.value) && !/[.]/.test(c.text);
  if (integer && c.value >= 1800 && c.value <= 2100 && !c.number.hasComma) {
    return { text: c.text, reason: "a year: read as the period, not as a figure" };
  }
  if (COUNT_NOUNS.test(next) && c.value < 10) {
    return { text: c.text, reason: "a small count (a description such as “the two countries”, not a figure)" };
  }
  if (COUNT_NOUNS.test(next) || (c.number.hasComma && c.value >= 1000)) {
    const people = COUNT_NOUNS.test(next) &&
      /^(tourists?|travell?ers?|visitors?|people|persons?|arrivals?|workers?|students?|residents?)$/.test(next);
    return { kind: "count", ...base, value: c.value, unit: people ? "persons" : "count", step: integerStep(c.text) };
  }
  return { text: c.text, reason: "a number with no unit (no $, percent, times, rank or counted noun)" };
}

function sliceText(c: Candidate, end: number): string {
  return end > c.end ? `${c.text} ${c.after[0].text}` : c.text;
}

/**
 * A money value in the unit its scale word names.
 *
 * @example
 * ```ts
 * moneyIn(890_000_000, "USD"); // { value: 890, unit: "USD millions", step: 10 }
 * ```
 */
export function moneyIn(dollars: number, _unit: "USD"): { value: number; unit: Unit; step: number } {
  const unit: Unit = dollars >= 1e9 ? "USD billions" : dollars >= 1e6 ? "USD millions" : "USD";
  const value = round(dollars / (unit === "USD billions" ? 1e9 : unit === "USD millions" ? 1e6 : 1));
  return { value, unit, step: integerStep(String(value)) };
}

/** 0.1 for "42.3", 1 for "77". */
function decimalStep(printed: string): number {
  const digits = printed.replace(/[^0-9.]/g, "");
  const decimals = digits.includes(".") ? digits.split(".")[1].length : 0;
  return decimals > 0 ? Number((10 ** -decimals).toFixed(decimals)) : 1;
}

/** Money and counts: decimals as printed; trailing zeros of a whole number are rounding ("$200 million" → 100). */
function stepOf(printed: string, _unit: Unit, trillion: boolean): number {
  const step = decimalStep(printed.replace(/[a-z]/gi, ""));
  return trillion ? step * 1000 : step === 1 ? integerStep(printed) : step;
}

function integerStep(printed: string): number {
  const digits = printed.replace(/[^0-9.]/g, "");
  if (digits.includes(".")) return decimalStep(digits);
  const zeros = digits.length - digits.replace(/0+$/, "").length;
  return zeros > 0 && zeros < digits.length ? 10 ** zeros : 1;
}

function round(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}
