/**
 * The one model of a notebook file in claimbook (nbformat 4.5): the shapes
 * of cells and outputs that the executor writes and the site reads, how a
 * cell's text is joined, and how a cell is named — 1-based, as Jupyter's own
 * front ends count, so "cell 7" in a render error, in the ledger, on the
 * site and on the claims page is the same cell.
 *
 * @example
 * ```ts
 * cellLabel(6, "a1b2"); // "cell 7 (id a1b2)"
 * sourceText(["a\n", "b"]); // "a\nb"
 * ```
 * @module
 */

import { isObject } from "../../analysis/json.ts";

/** Text in nbformat: a string, or a list of lines. */
export type MultilineString = string | string[];

/** A MIME bundle: MIME type → data (JSON types are objects, others strings). */
export type MimeBundle = Record<string, unknown>;

/** `stream` output. */
export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}

/** `display_data` output. */
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** `execute_result` output. */
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** `error` output. */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any output of a code cell. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/**
 * An output as found in a notebook file that any tool may have written:
 * the fields of {@link Output}, each of which may be missing (the site
 * renders what is there, and says so for output types it does not know).
 */
export interface OutputAsRead {
  output_type: Output["output_type"] | string;
  name?: string;
  text?: MultilineString;
  data?: MimeBundle;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** A code cell. */
export interface CodeCell {
  id: string;
  cell_type: "code";
  metadata: Record<string, unknown>;
  source: MultilineString;
  execution_count: number | null;
  outputs: Output[];
}

/** A markdown or raw cell. */
export interface TextCell {
  id: string;
  cell_type: "markdown" | "raw";
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}

/** Any cell. */
export type Cell = CodeCell | TextCell;

/** Notebook metadata (the parts the executor reads). */
export interface NotebookMetadata {
  kernelspec?: { name: string; display_name?: string; language?: string };
  language_info?: Record<string, unknown>;
  claimbook?: { document?: string; timeout?: number; [key: string]: unknown };
  [key: string]: unknown;
}

/** A whole notebook (nbformat 4). */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: NotebookMetadata;
  cells: Cell[];
}

/**
 * A cell's text (a source, an output's text or a MIME value) as one string:
 * nbformat stores text as a string or a list of lines; anything else is "".
 *
 * @example
 * ```ts
 * sourceText(["a\n", "b"]); // "a\nb"
 * sourceText(undefined); // ""
 * ```
 */
export function sourceText(source: MultilineString | unknown): string {
  if (typeof source === "string") return source;
  if (Array.isArray(source)) return source.map((line) => String(line)).join("");
  return "";
}

/**
 * How messages name a cell: its 1-based position, and its id when known.
 *
 * @example
 * ```ts
 * cellLabel(0); // "cell 1"
 * cellLabel(6, "a1b2"); // "cell 7 (id a1b2)"
 * ```
 */
export function cellLabel(index: number, id?: string): string {
  return `cell ${index + 1}${id ? ` (id ${id})` : ""}`;
}

/**
 * The anchor of a cell in its page: `cell-<id>`, or `cell-<n>` (1-based, as
 * {@link cellLabel}) for notebooks saved without cell ids. The claims page
 * links to it.
 *
 * @example
 * ```ts
 * cellAnchor("3f2a", 6); // "cell-3f2a"
 * cellAnchor("", 6); // "cell-7"
 * ```
 */
export function cellAnchor(cellId: string | undefined, index: number): string {
  const safe = (cellId ?? "").replace(/[^A-Za-z0-9_-]/g, "");
  return `cell-${safe || index + 1}`;
}

/**
 * The notebook as Jupyter's nbformat writes it: one-space indent, sorted
 * keys, a final newline (so executed notebooks diff cleanly).
 *
 * @example
 * ```ts
 * serializeNotebook(notebook).endsWith("}\n"); // true
 * ```
 */
export function serializeNotebook(notebook: Notebook): string {
  return JSON.stringify(notebook, sortKeys, 1) + "\n";
}

function sortKeys(_key: string, value: unknown): unknown {
  if (!isObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}
