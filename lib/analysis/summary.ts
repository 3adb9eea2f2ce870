/**
 * `inShort`: the paragraph that sums up a notebook's verdicts, written as a
 * template so that every figure in it comes from the data. It displays as
 * Markdown in Jupyter (dollar amounts escaped for MathJax) and carries an
 * `application/vnd.claimbook.summary+json` payload, so the site can open the
 * document's page with it.
 *
 * @module
 */

import { escapeMarkdownDollars } from "./html.ts";
import { JUPYTER_DISPLAY } from "./jupyter.ts";

/** MIME type of a summary's payload. */
export const SUMMARY_MIME = "application/vnd.claimbook.summary+json";

/** Schema tag of the summary payload. */
export const SUMMARY_SCHEMA = "claimbook.summary/1";

/** The lead-in every summary starts with. */
export const IN_SHORT = "**In short.**";

/** The payload emitted under {@link SUMMARY_MIME}. */
export interface SummaryData {
  schema: typeof SUMMARY_SCHEMA;
  /** The paragraph, Markdown, starting with {@link IN_SHORT}; dollar signs not escaped. */
  markdown: string;
}

/**
 * A notebook's summary paragraph (made by {@link inShort}).
 *
 * @example
 * ```ts
 * new Summary("**In short.** The deficit doubled.").data.markdown; // "**In short.** The deficit doubled."
 * ```
 */
export class Summary {
  readonly data: SummaryData;

  constructor(markdown: string) {
    this.data = { schema: SUMMARY_SCHEMA, markdown };
  }

  /** The paragraph as Markdown. */
  toString(): string {
    return this.data.markdown;
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return {
      "text/plain": this.data.markdown,
      "text/markdown": escapeMarkdownDollars(this.data.markdown),
      [SUMMARY_MIME]: this.data,
    };
  }
}

/**
 * The summary paragraph, as a tagged template: the text is the analyst's,
 * every figure an interpolated computation. "**In short.**" is put in front.
 *
 * @example
 * ```ts
 * const deficit = usdBillions(27.6);
 * await report(inShort`The deficit reached ${formatMoney(deficit)} in 2016.`);
 * String(inShort`The deficit reached ${"$27.6 billion"}.`); // "**In short.** The deficit reached $27.6 billion."
 * ```
 */
export function inShort(strings: TemplateStringsArray, ...values: unknown[]): Summary {
  const text = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ""), "");
  const body = text.trim().replace(/^\*\*In short\.?\*\*\s*/, "");
  return new Summary(`${IN_SHORT} ${body}`);
}
