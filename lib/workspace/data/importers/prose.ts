/**
 * Figures printed in running text (not tables) of the raw press files. Each
 * figure is bound to a verbatim excerpt of the file: the excerpt must occur
 * in the file, and the number is read from the excerpt, never typed in by
 * hand. If the file changes so that the excerpt is gone, the import fails.
 *
 * @module
 */

import { FormatError } from "../errors.ts";
import { count, moneyMillions, percentage, type PrintedFigure } from "./press-values.ts";

/** How to read the number in a part of an excerpt. */
export type FigureKind = "money-millions" | "count" | "percent" | "year";

/** One number to read: the column it fills and where it is in the excerpt. */
export interface FigurePart {
  column: string;
  kind: FigureKind;
  /** Regular expression matched against the excerpt; the number is read from its first group (or the match). */
  find: RegExp;
}

/** A row made of fixed fields and figures read from one excerpt. */
export interface ProseSpec {
  /** Verbatim excerpt of the raw file (must occur in it exactly once or more). */
  quote: string;
  /** Fields that describe the figure (period, item, flow…), not numbers read from the text. */
  fields: Record<string, string | number | boolean>;
  parts: FigurePart[];
}

/** A row read from an excerpt, with the excerpt itself for the reader. */
export type ProseRow = Record<string, string | number | boolean | null>;

/**
 * Reads rows from the excerpts of a text. Fails when an excerpt is not in
 * the text or a figure cannot be read from it.
 *
 * @example
 * ```ts
 * readProse("Semiconductors: $9.69B, +70% y/y", [{
 *   quote: "Semiconductors: $9.69B, +70% y/y",
 *   fields: { item: "semiconductors" },
 *   parts: [{ column: "value", kind: "money-millions", find: /\$[\d.]+B/ }],
 * }], "motie.md");
 * // [{ item: "semiconductors", value: 9690, approximate: false, quote: "Semiconductors: $9.69B, +70% y/y" }]
 * ```
 */
export function readProse(text: string, specs: ProseSpec[], source: string): ProseRow[] {
  const flat = text.replace(/\s+/g, " ");
  return specs.map((spec) => {
    if (!flat.includes(spec.quote)) {
      throw new FormatError(source, `excerpt not found (the file changed?): ${JSON.stringify(spec.quote)}`);
    }
    for (const value of Object.values(spec.fields)) {
      if (typeof value === "string" && /^https?:/.test(value) && !text.includes(value)) {
        throw new FormatError(source, `URL ${value} does not occur in the file; cite the page the file gives`);
      }
    }
    const row: ProseRow = { ...spec.fields };
    let approximate = false;
    for (const part of spec.parts) {
      const match = part.find.exec(spec.quote);
      if (!match) throw new FormatError(source, `no ${part.column} in excerpt ${JSON.stringify(spec.quote)}`);
      const figure = readFigure(match[1] ?? match[0], part.kind);
      if (!figure) throw new FormatError(source, `cannot read a ${part.kind} from ${JSON.stringify(match[0])}`);
      row[part.column] = figure.value;
      approximate ||= figure.approximate;
    }
    row.approximate = approximate;
    row.quote = spec.quote;
    return row;
  });
}

function readFigure(text: string, kind: FigureKind): PrintedFigure | null {
  switch (kind) {
    case "money-millions":
      return moneyMillions(text);
    case "count":
      return count(text);
    case "percent":
      return percentage(text);
    case "year": {
      const m = /\b(1[89]\d\d|20\d\d)\b/.exec(text);
      return m ? { value: Number(m[1]), approximate: false } : null;
    }
  }
}
