/**
 * Reading a document's text for `new --from`: refuses an empty, binary or
 * non-UTF-8 file with the line at fault, and splits the text into
 * paragraphs that remember their first line. Markdown is read with
 * markdown-it, so markup never reaches a quote.
 *
 * @module
 */

import MarkdownIt from "markdown-it";

/** A block of text and where it starts in the file. */
export interface Paragraph {
  /** The text, verbatim (plain text) or with the Markdown markup removed. */
  text: string;
  /** 1-based line of the file where the paragraph starts. */
  line: number;
}

/** A file `new --from` cannot read, with what to do about it. */
export class SourceTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourceTextError";
  }
}

/**
 * Reads a text file as UTF-8, refusing what is not text.
 *
 * @example
 * ```ts
 * const text = await readSourceText("article.md"); // throws SourceTextError for an empty or binary file
 * ```
 */
export async function readSourceText(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new SourceTextError(`${path}: cannot read the file (${(error as Error).message})`);
  }
  return decodeSourceText(bytes, path);
}

/**
 * Decodes a file's bytes as UTF-8 text; see `readSourceText`.
 *
 * @example
 * ```ts
 * decodeSourceText(new TextEncoder().encode("Exports rose 5 percent."), "a.txt"); // "Exports rose 5 percent."
 * ```
 */
export function decodeSourceText(bytes: Uint8Array, path: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new SourceTextError(
      `${path}:${
        lineAt(bytes, nul)
      }: a NUL byte; this looks like a binary file (PDF, Word, image). Save the document as plain text or Markdown and try again`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const line = lossy.slice(0, lossy.indexOf("\uFFFD")).split("\n").length;
    throw new SourceTextError(
      `${path}:${line}: not UTF-8 text; convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8) and try again`,
    );
  }
  text = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (text.trim() === "") throw new SourceTextError(`${path}: the file is empty; there is nothing to extract`);
  return text;
}

/**
 * Splits a text into paragraphs: blank-line separated blocks for plain
 * text; paragraphs, headings, list items and indented blocks for Markdown
 * (fenced code is left out).
 *
 * @example
 * ```ts
 * paragraphsOf("Title\n\nExports rose 5 percent.\nImports fell.", "text");
 * // [{ text: "Title", line: 1 }, { text: "Exports rose 5 percent.\nImports fell.", line: 3 }]
 * ```
 */
export function paragraphsOf(text: string, format: "text" | "markdown"): Paragraph[] {
  return format === "markdown" ? markdownParagraphs(text) : textParagraphs(text);
}

function textParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  let start = 0;
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") {
      if (current.length > 0) paragraphs.push({ text: current.join("\n"), line: start + 1 });
      current = [];
      return;
    }
    if (current.length === 0) start = index;
    current.push(line);
  });
  if (current.length > 0) paragraphs.push({ text: current.join("\n"), line: start + 1 });
  return paragraphs;
}

function markdownParagraphs(text: string): Paragraph[] {
  const md = new MarkdownIt();
  const paragraphs: Paragraph[] = [];
  for (const token of md.parse(text, {})) {
    const line = (token.map?.[0] ?? 0) + 1;
    if (token.type === "inline") {
      const plain = (token.children ?? []).map((child) => {
        if (child.type === "text" || child.type === "code_inline") return child.content;
        if (child.type === "softbreak" || child.type === "hardbreak") return "\n";
        return "";
      }).join("");
      if (plain.trim() !== "") paragraphs.push({ text: plain, line });
    } else if (token.type === "code_block" && token.content.trim() !== "") {
      // An indented block in an article pasted as Markdown is prose, not code.
      paragraphs.push({ text: token.content.replace(/\n$/, ""), line });
    }
  }
  return paragraphs;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}
