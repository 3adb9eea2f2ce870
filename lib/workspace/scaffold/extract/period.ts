/**
 * The period a figure refers to: years and ranges ("from 2011 to 2016",
 * "since 2011"), parts of a year ("the first six months of 2018",
 * "thus far in 2018"), and dates relative to the document's date ("last
 * year", "in September", "a year earlier", read with chrono-node).
 *
 * @module
 */

import * as chrono from "chrono-node";
import type { Term } from "./terms.ts";
import type { Measure, Period, PeriodSpan } from "./types.ts";

/** A period phrase of a sentence. */
export interface Mention {
  start: number;
  end: number;
  role: "span" | "range" | "since" | "earlier" | "same" | "unstated" | "now";
  span?: PeriodSpan;
  /** For a range: its start (`span` is its end); for "the same period of 2017", that year. */
  from?: PeriodSpan;
  /** For "a year earlier" / "a month earlier". */
  shift?: "year" | "month";
  /** A year-to-date phrase whose months the text gives elsewhere. */
  yearToDate?: boolean;
}

/** The document's date, when known: year and month (1–12). */
export interface DocumentDate {
  year: number;
  month?: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const COUNT_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
};

/**
 * Parses a document date given as YYYY, YYYY-MM or YYYY-MM-DD.
 *
 * @example
 * ```ts
 * documentDate("2018-09"); // { year: 2018, month: 9 }
 * ```
 */
export function documentDate(text: string | undefined): DocumentDate | undefined {
  const match = text?.match(/^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$/);
  if (!match) return undefined;
  return { year: Number(match[1]), ...(match[2] ? { month: Number(match[2]) } : {}) };
}

/**
 * The period phrases of a sentence.
 *
 * @example
 * ```ts
 * periodMentions("From 2011 to 2016, the deficit more than doubled", termsOf(…), undefined)[0].role; // "range"
 * ```
 */
export function periodMentions(sentence: string, terms: Term[], date: DocumentDate | undefined): Mention[] {
  const mentions: Mention[] = [];
  const used = new Set<number>();
  const yearOf = (t: Term | undefined): number | undefined => {
    if (!t || !/^\d{4}$/.test(t.text)) return undefined;
    const y = Number(t.text);
    return y >= 1800 && y <= 2100 ? y : undefined;
  };
  const relativeYear = (i: number): { year: number; length: number } | undefined => {
    const y = yearOf(terms[i]);
    if (y !== undefined) return { year: y, length: 1 };
    if (!date) return undefined;
    if (terms[i]?.normal === "this" && terms[i + 1]?.normal === "year") return { year: date.year, length: 2 };
    if (terms[i]?.normal === "last" && terms[i + 1]?.normal === "year") return { year: date.year - 1, length: 2 };
    return undefined;
  };

  // Parts of a year: "the first six months of 2018", "the first half of 2017", "the six-month …", "YTD 2018", "thus far in 2018".
  terms.forEach((t, i) => {
    const n = t.normal;
    if ((n === "first" || n === "last") && terms[i + 2]?.normal.startsWith("month") && terms[i + 3]?.normal === "of") {
      const count = COUNT_WORDS[terms[i + 1].normal] ?? Number(terms[i + 1].text);
      const year = relativeYear(i + 4);
      if (Number.isInteger(count) && count >= 1 && count <= 12 && year) {
        const months: [number, number] = n === "first" ? [1, count] : [13 - count, 12];
        push(i, i + 3 + year.length, { role: "span", span: { year: year.year, months } });
      }
    } else if (
      (n === "first" || n === "second") && (terms[i + 1]?.normal === "half" || terms[i + 1]?.normal === "quarter") &&
      terms[i + 2]?.normal === "of"
    ) {
      const year = relativeYear(i + 3);
      if (year) {
        const half = terms[i + 1].normal === "half";
        const months: [number, number] = half ? (n === "first" ? [1, 6] : [7, 12]) : (n === "first" ? [1, 3] : [4, 6]);
        push(i, i + 2 + year.length, { role: "span", span: { year: year.year, months } });
      }
    } else if ((n === "six-month" || (n === "six" && terms[i + 1]?.normal === "month")) && date) {
      // The latest half-year complete at the document's date.
      const h1 = (date.month ?? 12) >= 7;
      push(i, i + (n === "six" ? 1 : 0), {
        role: "span",
        span: { year: h1 ? date.year : date.year - 1, months: h1 ? [1, 6] : [7, 12] },
      });
    } else if (n === "ytd" || (n === "year" && terms[i + 1]?.normal === "to" && terms[i + 2]?.normal === "date")) {
      const year = relativeYear(i + (n === "ytd" ? 1 : 3)) ?? (date ? { year: date.year, length: 0 } : undefined);
      if (year) {
        push(i, i + (n === "ytd" ? year.length : 2 + year.length), {
          role: "span",
          span: { year: year.year },
          yearToDate: true,
        });
      }
    } else if ((n === "thus" || n === "so") && terms[i + 1]?.normal === "far") {
      const year = terms[i + 2]?.normal === "in" ? relativeYear(i + 3) : relativeYear(i + 2);
      const y = year ?? (date ? { year: date.year, length: 0 } : undefined);
      if (y) {
        push(i, i + 1 + (terms[i + 2]?.normal === "in" ? 1 : 0) + y.length, {
          role: "span",
          span: { year: y.year },
          yearToDate: true,
        });
      }
    } else if (n === "now" && date) {
      push(i, i, { role: "now", span: { year: date.year }, yearToDate: true });
    } else if ((n === "same") && terms[i + 1]?.normal === "period") {
      // "from the same period of 2017": the year the change runs from.
      const of = terms[i + 2]?.normal === "of" ? relativeYear(i + 3) : undefined;
      if (of) push(i, i + 2 + of.length, { role: "same", from: { year: of.year } });
      else push(i, i + 1, { role: "same" });
    } else if (n === "over" && terms[i + 1]?.normal === "the" && terms[i + 2]?.normal === "year") {
      push(i, i + 2, { role: "unstated" });
    }
  });

  // Years, ranges and "since".
  terms.forEach((t, i) => {
    if (used.has(i)) return;
    const range = t.text.match(/^(\d{4})[–-](\d{4})$/);
    if (range) return push(i, i, { role: "range", from: { year: Number(range[1]) }, span: { year: Number(range[2]) } });
    const y = yearOf(t);
    if (y === undefined) return;
    const prev = terms[i - 1]?.normal;
    const link = terms[i + 1]?.normal;
    const y2 = yearOf(terms[i + 2]);
    if ((prev === "from" && link === "to" && y2) || (prev === "between" && link === "and" && y2)) {
      return push(i - 1, i + 2, { role: "range", from: { year: y }, span: { year: y2! } });
    }
    if (prev === "since") return push(i - 1, i, { role: "since", from: { year: y } });
    push(i, i, { role: "span", span: { year: y } });
  });

  // Dates relative to the document: "last year", "this year", "in September", "a year earlier".
  if (date) {
    const reference = new Date(Date.UTC(date.year, (date.month ?? 12) - 1, 15));
    for (const result of chrono.parse(sentence, reference)) {
      const start = result.index;
      const end = start + result.text.length;
      if (mentions.some((m) => m.start < end && start < m.end)) continue;
      const text = result.text.toLowerCase();
      const before = sentence.slice(Math.max(0, start - 14), start).toLowerCase();
      const parsed = result.start;
      if (
        /\b(a|one) (year|month) (earlier|before|ago)$/.test(text) || /^(a|one) (year|month) (earlier|before)/.test(text)
      ) {
        mentions.push({ start, end, role: "earlier", shift: text.includes("month") ? "month" : "year" });
      } else if (/^(last|this) year$/.test(text)) {
        const year = parsed.get("year")!;
        const comparing = /(compared (to|with)|than|from) $/.test(before);
        mentions.push(
          comparing ? { start, end, role: "earlier", shift: "year" } : { start, end, role: "span", span: { year } },
        );
      } else if (parsed.isCertain("month") && !parsed.isCertain("day")) {
        const month = parsed.get("month")!;
        mentions.push({ start, end, role: "span", span: { year: parsed.get("year")!, months: [month, month] } });
      }
    }
  }
  return mentions.sort((a, b) => a.start - b.start);

  function push(from: number, to: number, mention: Omit<Mention, "start" | "end">): void {
    for (let k = from; k <= to; k++) used.add(k);
    mentions.push({ start: terms[from].start, end: terms[to].end, ...mention });
  }
}

/** What the period resolution reads besides the sentence. */
export interface PeriodContext {
  date?: DocumentDate;
  /** The period of the figure before this one in the paragraph. */
  previous?: Period;
  /** Months of the latest part-year named for each year ("first seven months of 2018"). */
  partYears: Map<number, [number, number]>;
  /** The most specific period named in the sentences before, in the paragraph. */
  recent?: PeriodSpan;
}

/**
 * The period of one figure: phrases inside its own part of the sentence
 * first, then the rest of the sentence, then the figure before it.
 *
 * @example
 * ```ts
 * formatPeriod(periodFor({ measure: "change", start: 40, end: 48, segment: [30, 60] }, mentions, context)); // "2011→2016"
 * ```
 */
export function periodFor(
  figure: { measure: Measure; start: number; end: number; segment: [number, number]; fromSide?: "from" | "to" },
  mentions: Mention[],
  context: PeriodContext,
): Period {
  const inSegment = mentions.filter((m) => m.start >= figure.segment[0] && m.end <= figure.segment[1]);
  const spans = (list: Mention[]) => list.filter((m) => m.role === "span");
  const byDistance = (list: Mention[]) =>
    [...list].sort((a, b) => distance(a, figure) - distance(b, figure) || specificity(b) - specificity(a));
  const settle = (span: PeriodSpan, m?: Mention): PeriodSpan => {
    if (!m?.yearToDate || span.months) return span;
    const months = context.partYears.get(span.year);
    return months ? { ...span, months } : span;
  };

  if (figure.measure === "change") {
    const range = mentions.find((m) => m.role === "range");
    if (range) return { kind: "change", from: range.from!, to: range.span! };
    const since = mentions.find((m) => m.role === "since");
    if (since) {
      const later = spans(mentions).map((m) =>
        m.span!
      ).filter((s) => s.year > since.from!.year).sort((a, b) => b.year - a.year)[0];
      const to = later ?? (context.date ? { year: context.date.year } : undefined);
      return to
        ? { kind: "change", from: since.from!, to }
        : { kind: "unstated", why: `since ${since.from!.year}, end not stated` };
    }
    // "In the first seven months of 2018 … from the same period of 2017": the same months, a year apart.
    const sameOf = mentions.find((m) => m.role === "same" && m.from);
    const later = sameOf && mostSpecific(spans(mentions).filter((m) => m.span!.year > sameOf.from!.year));
    if (sameOf && later) {
      const to = settle(later.span!, later);
      return { kind: "change", from: { year: sameOf.from!.year, ...(to.months ? { months: to.months } : {}) }, to };
    }
    if (mentions.some((m) => m.role === "same") && context.previous?.kind === "change") return context.previous;
    const years = [...new Set(spans(mentions).map((m) => m.span!.year))];
    const ownSpan = byDistance(spans(inSegment))[0];
    // Two years named in the sentence and none in the figure's own words: the change runs from the first to the last.
    if (!ownSpan && years.length >= 2) {
      return { kind: "change", from: { year: Math.min(...years) }, to: { year: Math.max(...years) } };
    }
    // "expanded this year by $355 million … during the first six months of 2018": the more specific span of the same year.
    const specific = mostSpecific(spans(mentions));
    const base = ownSpan && specific && specific.span!.year === ownSpan.span!.year &&
        specificity(specific) > specificity(ownSpan)
      ? specific
      : ownSpan ?? specific;
    const earlier = mentions.find((m) => m.role === "earlier");
    if (base) {
      const to = settle(base.span!, base);
      return { kind: "change", from: shifted(to, earlier?.shift ?? "year"), to };
    }
    if (mentions.some((m) => m.role === "unstated")) {
      return { kind: "unstated", why: "over a year the text does not name" };
    }
    if (earlier && context.previous?.kind === "span") {
      return { kind: "change", from: shifted(context.previous.span, earlier.shift!), to: context.previous.span };
    }
    if (context.previous?.kind === "change") return context.previous;
    if (context.recent) return { kind: "change", from: shifted(context.recent, "year"), to: context.recent };
    return { kind: "unstated", why: "no period in the sentence" };
  }

  const own = byDistance(spans(inSegment))[0];
  if (own) return { kind: "span", span: settle(own.span!, own) };
  const earlier = mentions.find((m) =>
    m.role === "earlier" && m.start >= figure.segment[0] && m.end <= figure.segment[1] + 30
  );
  const previousSpan = context.previous?.kind === "span"
    ? context.previous.span
    : context.previous?.kind === "change"
    ? context.previous.to
    : undefined;
  if (earlier && previousSpan) return { kind: "span", span: shifted(previousSpan, earlier.shift!) };
  const range = mentions.find((m) => m.role === "range");
  if (range && figure.fromSide) return { kind: "span", span: figure.fromSide === "from" ? range.from! : range.span! };
  const near = byDistance(spans(mentions))[0];
  if (near) return { kind: "span", span: settle(near.span!, near) };
  if (range) return { kind: "span", span: range.span! };
  if (previousSpan) return { kind: "span", span: previousSpan };
  const now = mentions.find((m) => m.role === "now");
  if (now) return { kind: "span", span: settle(now.span!, now) };
  if (context.recent) return { kind: "span", span: context.recent };
  return { kind: "unstated", why: "no period in the sentence" };
}

/**
 * The most specific period a sentence names (part of a year before a year),
 * with a year-to-date phrase given the months named earlier.
 *
 * @example
 * ```ts
 * namedSpan(mentions, new Map([[2018, [1, 7]]])); // { year: 2018, months: [1, 7] } for "YTD 2018"
 * ```
 */
export function namedSpan(mentions: Mention[], partYears: Map<number, [number, number]>): PeriodSpan | undefined {
  const best = mostSpecific(mentions.filter((m) => m.role === "span"));
  if (!best) return undefined;
  const months = best.yearToDate && !best.span!.months ? partYears.get(best.span!.year) : undefined;
  return months ? { ...best.span!, months } : best.span;
}

/**
 * A period as the claim records write it: "2016", "Sep 2017", "H1 2018",
 * "Jan–Jul 2018", "2011→2016".
 *
 * @example
 * ```ts
 * formatPeriod({ kind: "change", from: { year: 2011 }, to: { year: 2016 } }); // "2011→2016"
 * ```
 */
export function formatPeriod(period: Period): string {
  if (period.kind === "unstated") return `not stated (${period.why})`;
  if (period.kind === "change") return `${formatSpan(period.from)}→${formatSpan(period.to)}`;
  return formatSpan(period.span);
}

function formatSpan(span: PeriodSpan): string {
  if (!span.months) return String(span.year);
  const [a, b] = span.months;
  if (a === b) return `${MONTHS[a - 1]} ${span.year}`;
  if (a === 1 && b === 6) return `H1 ${span.year}`;
  if (a === 7 && b === 12) return `H2 ${span.year}`;
  if (a === 1 && b === 12) return String(span.year);
  return `${MONTHS[a - 1]}–${MONTHS[b - 1]} ${span.year}`;
}

function shifted(span: PeriodSpan, by: "year" | "month"): PeriodSpan {
  if (by === "year" || !span.months) return { ...span, year: span.year - 1 };
  const [a, b] = span.months;
  if (a !== b) return { ...span, year: span.year - 1 };
  return a === 1 ? { year: span.year - 1, months: [12, 12] } : { year: span.year, months: [a - 1, a - 1] };
}

function distance(m: Mention, figure: { start: number; end: number }): number {
  return m.end <= figure.start ? figure.start - m.end : m.start >= figure.end ? m.start - figure.end : 0;
}

function specificity(m: Mention): number {
  return m.span?.months ? 2 : m.yearToDate ? 1 : 0;
}

function mostSpecific(list: Mention[]): Mention | undefined {
  return [...list].sort((a, b) => specificity(b) - specificity(a))[0];
}
