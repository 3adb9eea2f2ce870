/**
 * Text outputs: ANSI colour codes (the Deno kernel colours its results)
 * turned into HTML with `ansi_up`, carriage-return progress lines collapsed
 * the way a terminal shows them, and very large outputs cut with a note.
 *
 * @module
 */

import { AnsiUp } from "ansi_up";

/** Most characters of one text output kept in a page (about 200 KB). */
export const TEXT_OUTPUT_LIMIT = 200_000;

/**
 * Converts text with ANSI escape codes to HTML. Text is escaped; colours
 * become `ansi-*` classes (so the site's light and dark themes pick readable
 * shades); only `http(s)` terminal hyperlinks become links.
 *
 * @example
 * ```ts
 * ansiToHtml("\x1b[33m42\x1b[39m <b>"); // '<span class="ansi-yellow-fg">42</span> &lt;b&gt;'
 * ```
 */
export function ansiToHtml(text: string): string {
  const converter = new AnsiUp();
  converter.use_classes = true;
  converter.escape_html = true;
  converter.url_allowlist = { http: 1, https: 1 };
  return converter.ansi_to_html(collapseCarriageReturns(text));
}

/**
 * Keeps, on each line, what a terminal would show after `\r` rewrites
 * (progress bars print many states of one line).
 *
 * @example
 * ```ts
 * collapseCarriageReturns("10%\r50%\r100%\ndone"); // "100%\ndone"
 * ```
 */
export function collapseCarriageReturns(text: string): string {
  if (!text.includes("\r")) return text;
  return text
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => {
      const parts = line.split("\r").filter((part) => part.length > 0);
      return parts.length > 0 ? parts[parts.length - 1] : "";
    })
    .join("\n");
}

/** Text cut to a size limit, with how much was cut. */
export interface TruncatedText {
  text: string;
  /** Characters left out (0 when nothing was cut). */
  omitted: number;
}

/**
 * Cuts text beyond `limit` characters, at a line break when one is near.
 *
 * @example
 * ```ts
 * truncateText("abcdef", 4); // { text: "abcd", omitted: 2 }
 * truncateText("abc", 4); // { text: "abc", omitted: 0 }
 * ```
 */
export function truncateText(text: string, limit: number = TEXT_OUTPUT_LIMIT): TruncatedText {
  if (text.length <= limit) return { text, omitted: 0 };
  const lineBreak = text.lastIndexOf("\n", limit);
  const cut = lineBreak > limit * 0.9 ? lineBreak : limit;
  return { text: text.slice(0, cut), omitted: text.length - cut };
}

/**
 * A size in characters as people read it.
 *
 * @example
 * ```ts
 * describeSize(1_500_000); // "1.5 MB"
 * describeSize(2_048); // "2 KB"
 * ```
 */
export function describeSize(characters: number): string {
  if (characters >= 1_000_000) return `${(characters / 1_000_000).toFixed(1)} MB`;
  if (characters >= 1_000) return `${Math.round(characters / 1_000)} KB`;
  return `${characters} characters`;
}
