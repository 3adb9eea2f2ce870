/**
 * Reads of the data folder that the cache cannot see. A notebook is re-run
 * when data it read through `load()` (or the catalog) changed: the kernel
 * reports those reads with their hash. A cell that opens a file itself —
 * `Deno.readTextFile("../data/x.csv")`, `new URL("../data/x.csv",
 * import.meta.url)`, a path built from `$CLAIMBOOK_DATA_DIR` — reads data
 * the cache never hears of, so an edit of that file would leave the
 * notebook's old results in place. Such cells are found by looking at their
 * code (no kernel needed) and reported at render as warnings.
 *
 * What counts: a string (or the text of a template string) that is a path
 * into the data folder (`data/…`, `./data/…`, `../data/…`), and any mention
 * of `CLAIMBOOK_DATA_DIR` or `defaultDataDir`. Comments do not count, nor
 * cells tagged `skip-execution`. A path assembled from pieces
 * (`join("..", "data", name)`) is not recognised.
 *
 * @example
 * ```ts
 * untrackedReads(notebook).map((read) => untrackedReadWarning("notebooks/x.ipynb", read));
 * // ['notebooks/x.ipynb, cell 3 (id c2), line 1: "../data/x.csv" is read directly; this read is not tracked …']
 * ```
 * @module
 */

import { cellLabel, type Notebook, sourceText } from "../notebook/format.ts";

/** A place where a cell reaches into the data folder without `load()`. */
export interface UntrackedRead {
  /** 0-based index of the cell among all cells of the notebook (messages say {@link cellLabel}: from 1). */
  index: number;
  cellId?: string;
  /** 1-based line within the cell. */
  line: number;
  /** What was found: the path as written, or the name that locates the data folder. */
  text: string;
}

/** A relative path into the workspace's data folder. */
const DATA_PATH = /^(?:(?:\.{1,2}\/)+data(?:\/|$)|data\/)/;
/** Names that locate the data folder, in code or in a string. */
const DATA_DIR_NAMES = /\b(CLAIMBOOK_DATA_DIR|defaultDataDir|DATA_DIR_ENV)\b/g;

/**
 * The places in a notebook's code cells that read the data folder without
 * `load()` (see the module doc), in cell order.
 *
 * @example
 * ```ts
 * untrackedReads(notebook)[0]; // { index: 2, cellId: "c2", line: 1, text: "../data/x.csv" }
 * ```
 */
export function untrackedReads(notebook: Notebook): UntrackedRead[] {
  const found: UntrackedRead[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const tags = Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
    if (tags.includes("skip-execution")) return;
    const code = sourceText(cell.source);
    const lineAt = (offset: number) => code.slice(0, offset).split("\n").length;
    for (const piece of codePieces(code)) {
      if (piece.kind === "string" && DATA_PATH.test(piece.text)) {
        found.push({ index, cellId: cell.id, line: lineAt(piece.start), text: piece.text });
        continue;
      }
      for (const match of piece.text.matchAll(DATA_DIR_NAMES)) {
        found.push({ index, cellId: cell.id, line: lineAt(piece.start + match.index), text: match[1] });
      }
    }
  });
  return found;
}

/**
 * The warning shown at render for one untracked read.
 *
 * @example
 * ```ts
 * untrackedReadWarning("notebooks/x.ipynb", { index: 2, cellId: "c2", line: 1, text: "../data/x.csv" });
 * // 'notebooks/x.ipynb, cell 3 (id c2), line 1: "../data/x.csv" is read directly; this read is not tracked …'
 * ```
 */
export function untrackedReadWarning(notebook: string, read: UntrackedRead): string {
  const what = DATA_PATH.test(read.text) ? `"${read.text}" is read directly` : `${read.text} locates the data folder`;
  return `${notebook}, ${
    cellLabel(read.index, read.cellId)
  }, line ${read.line}: ${what}; this read is not tracked by the cache ` +
    `(a change to the file will not re-run the notebook); use load()`;
}

/** A run of code, or the text of one string literal (for a template: one of its text parts). */
interface CodePiece {
  kind: "code" | "string";
  text: string;
  /** Offset of the text in the cell. */
  start: number;
}

/**
 * Splits TypeScript into code and string texts, leaving comments out. A
 * scanner, not a parser: enough to tell a path in a string from the same
 * characters in a comment. Regular expression literals are recognised by the
 * usual rule (a `/` where an operand is expected), so a quote inside one does
 * not open a string.
 */
function codePieces(code: string): CodePiece[] {
  const pieces: CodePiece[] = [];
  /** For each open template: the depth of braces inside its current `${…}`. */
  const templates: number[] = [];
  let codeStart = 0;
  let i = 0;
  const flushCode = (end: number) => {
    if (end > codeStart) pieces.push({ kind: "code", text: code.slice(codeStart, end), start: codeStart });
  };
  /** Reads a template's text from `i` up to its closing backtick or the next `${`. */
  const templateText = () => {
    const start = i;
    let text = "";
    while (i < code.length && code[i] !== "`" && !(code[i] === "$" && code[i + 1] === "{")) {
      if (code[i] === "\\") text += code[++i] ?? "";
      else text += code[i];
      i++;
    }
    pieces.push({ kind: "string", text, start });
    if (code[i] === "`") {
      i++;
    } else if (i < code.length) {
      i += 2;
      templates.push(0);
    }
    codeStart = i;
  };
  while (i < code.length) {
    const char = code[i];
    const next = code[i + 1];
    if (char === "/" && next === "/") {
      flushCode(i);
      while (i < code.length && code[i] !== "\n") i++;
      codeStart = i;
    } else if (char === "/" && next === "*") {
      flushCode(i);
      const end = code.indexOf("*/", i + 2);
      i = end === -1 ? code.length : end + 2;
      codeStart = i;
    } else if (char === '"' || char === "'") {
      flushCode(i);
      const start = ++i;
      let text = "";
      while (i < code.length && code[i] !== char && code[i] !== "\n") {
        if (code[i] === "\\") text += code[++i] ?? "";
        else text += code[i];
        i++;
      }
      pieces.push({ kind: "string", text, start });
      codeStart = ++i;
    } else if (char === "`") {
      flushCode(i);
      i++;
      templateText();
    } else if (char === "{" && templates.length > 0) {
      templates[templates.length - 1]++;
      i++;
    } else if (char === "}" && templates.length > 0) {
      if (templates[templates.length - 1] === 0) {
        flushCode(i);
        templates.pop();
        i++;
        templateText();
      } else {
        templates[templates.length - 1]--;
        i++;
      }
    } else if (char === "/" && expectsOperand(code, i)) {
      // A regular expression literal: skip it (its class may hold a quote or a slash).
      let inClass = false;
      i++;
      while (i < code.length && code[i] !== "\n" && (inClass || code[i] !== "/")) {
        if (code[i] === "\\") i++;
        else if (code[i] === "[") inClass = true;
        else if (code[i] === "]") inClass = false;
        i++;
      }
      i++;
    } else {
      i++;
    }
  }
  flushCode(code.length);
  return pieces;
}

/** Whether a `/` at `at` starts an operand (a regular expression) rather than dividing. */
function expectsOperand(code: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(code[j])) j--;
  if (j < 0) return true;
  if ("(,=:[!&|?{};+-*%<>~^".includes(code[j])) return true;
  const word = /[A-Za-z_$]+$/.exec(code.slice(Math.max(0, j - 10), j + 1))?.[0];
  return word !== undefined && ["return", "typeof", "case", "in", "of", "void", "yield", "await"].includes(word);
}
