/**
 * Extraction for `new --from`: from a document's text to proposed claim
 * records. Each figure of each sentence (money, percentages and changes,
 * multiples, ranks, counts) becomes a proposal with the shortest quote that
 * carries it, its stated value and unit, its period and the tolerance its
 * wording sets; sentences whose numbers are not claims are listed with the
 * reason.
 *
 * @example
 * ```ts
 * const { proposals } = extractClaims("From 2011 to 2016, the deficit more than doubled.", { format: "text" });
 * proposals[0].tolerance; // { kind: "more-than" }
 * ```
 * @module
 */

import nlp from "compromise";
import { figuresIn } from "./figures.ts";
import { featuresOf } from "./features.ts";
import { type DocumentDate, documentDate, namedSpan, periodFor, periodMentions } from "./period.ts";
import type { PeriodSpan } from "./types.ts";
import { paragraphsOf } from "./source.ts";
import { type Term, termsOf, trimPunctuation } from "./terms.ts";
import type { Extraction, Figure, Period, Proposal, Skipped } from "./types.ts";
import { measureOf, wordingOf } from "./wording.ts";

export type * from "./types.ts";
export { formatPeriod } from "./period.ts";
export { decodeSourceText, readSourceText, SourceTextError } from "./source.ts";

/** How to read the text. */
export interface ExtractOptions {
  format: "text" | "markdown";
  /** The document's date (YYYY, YYYY-MM or YYYY-MM-DD): "last year" and month names are read against it. */
  date?: string;
}

const CONNECTORS = new Set(["to", "from", "and", "while", "reaching", "breaking", "surpassing"]);

/**
 * Proposes claims from a document's text.
 *
 * @example
 * ```ts
 * extractClaims("USTR said U.S. exports to South Korea in 2016 were valued at $42.3 billion.", { format: "text" })
 *   .proposals[0].value; // 42.3
 * ```
 */
export function extractClaims(text: string, options: ExtractOptions): Extraction {
  const date = documentDate(options.date);
  const proposals: Proposal[] = [];
  const skipped: Skipped[] = [];
  const partYears = new Map<number, [number, number]>();
  const seen = new Map<string, number>();
  for (const paragraph of paragraphsOf(text, options.format)) {
    let previous: Period | undefined;
    let recent: PeriodSpan | undefined;
    let context: Term[] = [];
    for (const { sentence, offset } of sentencesOf(paragraph.text)) {
      const line = paragraph.line + countNewlines(paragraph.text.slice(0, offset));
      const terms = termsOf(sentence);
      const { figures, setAside } = figuresIn(sentence);
      const mentions = periodMentions(sentence, terms, date);
      for (const m of mentions) if (m.span?.months && !m.yearToDate) partYears.set(m.span.year, m.span.months);
      if (figures.length === 0) {
        if (setAside.length > 0) {
          skipped.push({ line, text: oneLine(sentence), reason: describeSetAside(setAside) });
        }
      }
      const segments = segmentsOf(sentence, terms, figures);
      figures.forEach((figure, index) => {
        const segment = segments[index];
        const wording = wordingOf(terms, figure, sentence);
        const { measure, direction } = measureOf(terms, figure, segment[0]);
        const lead = terms.filter((t) => t.start >= segment[0] && t.end <= figure.start).map((t) => t.normal);
        const fromSide = lead.includes("from") ? "from" : lead.includes("to") ? "to" : undefined;
        const period = periodFor(
          { measure, start: figure.start, end: figure.end, segment, fromSide },
          mentions,
          { date, previous, partYears, recent },
        );
        if (period.kind !== "unstated") previous = period;
        const quote = trimPunctuationKeepingParens(sentence.slice(segment[0], segment[1]));
        const quoteLine = line + countNewlines(sentence.slice(0, segment[0]));
        const key = `${quote}|${figure.value}`;
        if (seen.has(key)) {
          skipped.push({
            line: quoteLine,
            text: oneLine(quote),
            reason: `repeats the claim proposed from line ${seen.get(key)}`,
          });
          return;
        }
        seen.set(key, quoteLine);
        const value = figure.kind === "percent" && measure === "change" && direction === "down"
          ? -figure.value
          : figure.value;
        const notes: string[] = [];
        if (wording.record) {
          notes.push(`The text also calls this a record (“${wording.record}”): a separate yes/no claim you may add.`);
        }
        if (options.date === undefined && /last year|this year|month|earlier/i.test(sentence)) {
          notes.push("Give the document's --date to read relative dates (last year, this year, month names).");
        }
        const features = featuresOf(terms, segment, context);
        const unit = figure.kind === "count" && features.flow === "persons" ? "persons" : figure.unit;
        proposals.push({
          kind: figure.kind,
          measure,
          quote,
          line: quoteLine,
          sentence: oneLine(sentence),
          value,
          unit,
          wording: oneLine(wording.wording),
          tolerance: wording.tolerance,
          period,
          ...(direction && measure === "change" ? { direction } : {}),
          features,
          notes,
        });
      });
      context = [...context, ...terms].slice(-200);
      recent = namedSpan(mentions, partYears) ?? recent;
    }
  }
  return { proposals, skipped };
}

/** Sentences of a paragraph with their offsets (compromise's sentence splitter). */
function sentencesOf(text: string): { sentence: string; offset: number }[] {
  const json = nlp(text).sentences().json({ offset: true }) as { offset: { start: number; length: number } }[];
  return json.map((s) => {
    const raw = text.slice(s.offset.start, s.offset.start + s.offset.length);
    const lead = raw.length - raw.trimStart().length;
    return { sentence: raw.trim(), offset: s.offset.start + lead };
  }).filter((s) => s.sentence !== "");
}

/**
 * Each figure's own part of the sentence: its clause (split at commas,
 * semicolons, colons, dashes and "but"), cut again between two figures of
 * one clause at the word that links them ("rising from $13.2 billion | to
 * $27.6 billion").
 */
function segmentsOf(sentence: string, terms: Term[], figures: Figure[]): [number, number][] {
  const bounds = clauseBounds(sentence);
  return figures.map((figure, index) => {
    const clause = bounds.find(([a, b]) => figure.start >= a && figure.start < b) ?? [0, sentence.length];
    let [start, end] = clause;
    const prev = figures[index - 1];
    const next = figures[index + 1];
    if (prev && prev.start >= clause[0]) start = splitBetween(terms, prev, figure) ?? prev.end;
    if (next && next.start < clause[1]) end = splitBetween(terms, figure, next) ?? next.start;
    return [start, end];
  });
}

function splitBetween(terms: Term[], a: Figure, b: Figure): number | undefined {
  const gap = terms.filter((t) => t.start >= a.end && t.end <= b.start);
  return [...gap].reverse().find((t) => CONNECTORS.has(t.normal))?.start;
}

function clauseBounds(sentence: string): [number, number][] {
  const cuts: number[] = [0];
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    if ((ch === "," && !/\d/.test(sentence[i + 1] ?? "")) || ch === ";" || ch === ":" || ch === "\n") cuts.push(i + 1);
    else if ((ch === "–" || ch === "—" || ch === "-") && sentence[i - 1] === " " && sentence[i + 1] === " ") {
      cuts.push(i + 1);
    } else if (sentence.startsWith(" but ", i)) cuts.push(i + 1);
    // A sentence inside a quotation that the splitter kept whole.
    else if (
      ch === "." && sentence[i + 1] === " " && /[A-Z]/.test(sentence[i + 2] ?? "") &&
      /[a-z]/.test(sentence[i - 1] ?? "")
    ) {
      cuts.push(i + 1);
    }
  }
  cuts.push(sentence.length);
  const bounds: [number, number][] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    let a = cuts[i];
    while (a < cuts[i + 1] && /\s/.test(sentence[a])) a++;
    bounds.push([a, cuts[i + 1] - (i + 1 < cuts.length - 1 && sentence[cuts[i + 1] - 1] !== " " ? 1 : 0)]);
  }
  return bounds;
}

function trimPunctuationKeepingParens(text: string): string {
  const trimmed = text.trim().replace(/^(but|and)\s+/i, "").replace(/[\s,;:.–—-]+$/, "");
  const open = (trimmed.match(/\(/g) ?? []).length;
  const close = (trimmed.match(/\)/g) ?? []).length;
  return open < close ? trimPunctuation(trimmed) : trimmed;
}

function describeSetAside(list: { text: string; reason: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const { text, reason } of list) byReason.set(reason, [...(byReason.get(reason) ?? []), text]);
  return [...byReason].map(([reason, texts]) => `${texts.map((t) => `“${t}”`).join(", ")}: ${reason}`).join("; ");
}

function countNewlines(text: string): number {
  return (text.match(/\n/g) ?? []).length;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** For tests and the bench: the document date parser. */
export { documentDate };
export type { DocumentDate };
