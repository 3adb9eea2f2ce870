/**
 * A sentence as compromise's terms, with their offsets in the sentence.
 *
 * @module
 */

import nlp from "compromise";

/** One word (or number, or symbol) of a sentence. */
export interface Term {
  /** As printed, without surrounding punctuation. */
  text: string;
  /** Lower case, possessive and punctuation removed. */
  normal: string;
  /** Offsets in the sentence, end exclusive. */
  start: number;
  end: number;
  tags: Set<string>;
}

interface TermJson {
  text: string;
  offset: { start: number; length: number };
  terms: { normal: string; tags: string[] }[];
}

/**
 * Tokenises a sentence with compromise.
 *
 * @example
 * ```ts
 * termsOf("Korea is now ranked ninth").map((t) => t.normal); // ["korea", "is", "now", "ranked", "ninth"]
 * ```
 */
export function termsOf(sentence: string): Term[] {
  const json = nlp(sentence).terms().json({ offset: true }) as TermJson[];
  return json.map((t) => {
    const printed = trimPunctuation(t.text);
    const lead = t.text.indexOf(printed);
    const start = t.offset.start + Math.max(lead, 0);
    return {
      text: printed,
      normal: (t.terms[0]?.normal ?? printed.toLowerCase()).replace(/['’]s$/, ""),
      start,
      end: start + printed.length,
      tags: new Set(t.terms[0]?.tags ?? []),
    };
  });
}

/**
 * Drops punctuation around a printed figure or word ("$27.6 billion." → "$27.6 billion").
 *
 * @example
 * ```ts
 * trimPunctuation("(2015),"); // "2015"
 * ```
 */
export function trimPunctuation(text: string): string {
  return text.replace(/^[\s"“”‘'(\[]+/, "").replace(/[\s"“”’'.,;:!?)\]–—-]+$/, "");
}
