/**
 * Line wrapping for the notebooks `new` writes: what `deno fmt` cannot wrap
 * (comments, Markdown headings, the text of a template) is written within
 * the workspace's line width, so a new notebook passes the notebook tests
 * from the start.
 *
 * @module
 */

/** The workspace's `fmt.lineWidth` (deno.json). */
export const LINE_WIDTH = 120;

/** How to wrap: the first line's prefix, the following lines' prefix, and the width. */
export interface WrapOptions {
  /** Before the first line, e.g. `"// "`. Default: none. */
  first?: string;
  /** Before every following line, e.g. `"//   "`. Default: `first`. */
  rest?: string;
  /** Longest line, prefix included. Default {@link LINE_WIDTH}. */
  width?: number;
  /** Code (e.g. commented out): never break inside a double-quoted string. Default false. */
  code?: boolean;
}

/**
 * Splits text into lines no longer than the width, at spaces (for code,
 * only outside double-quoted strings, so that commented-out code stays
 * valid when uncommented); a word longer than a line is kept whole.
 *
 * @example
 * ```ts
 * wrapLines("Tentative verdict: confirmed (7.7898). IMF DOTS, reporter KOR", { first: "// ", width: 40 });
 * // ["// Tentative verdict: confirmed", "// (7.7898). IMF DOTS, reporter KOR"]
 * wrapLines('quantityAt(t, "value", { partner_name: "Russian Federation" })', { first: "// ", width: 50, code: true });
 * // ['// quantityAt(t, "value", { partner_name:', '// "Russian Federation" })']
 * ```
 */
export function wrapLines(text: string, options: WrapOptions = {}): string[] {
  const first = options.first ?? "";
  const rest = options.rest ?? first;
  const width = options.width ?? LINE_WIDTH;
  const out: string[] = [];
  let line = first;
  let empty = true;
  const words = options.code ? wordsOutsideQuotes(text) : text.split(/\s+/).filter((w) => w.length > 0);
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  out.push(empty ? line.trimEnd() : line);
  return out;
}

/** The text's words, a double-quoted string (with its spaces) counting as part of one word. */
function wordsOutsideQuotes(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && quoted) {
      word += c + (text[i + 1] ?? "");
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      word += c;
    } else if (/\s/.test(c) && !quoted) {
      if (word) words.push(word);
      word = "";
    } else {
      word += c;
    }
  }
  if (word) words.push(word);
  return words;
}
