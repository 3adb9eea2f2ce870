/**
 * Executed notebooks as the renderer reads them (nbformat 4.5 JSON): the
 * shapes of cells and outputs, and a reader that rejects a malformed file
 * with the file's name instead of failing somewhere deep in a template.
 *
 * @module
 */

import { SiteError } from "./errors.ts";
import { isObject } from "../../analysis/json.ts";

/** A MIME bundle: MIME type → text (possibly split in lines) or JSON. */
export type MimeBundle = Record<string, unknown>;

/** One output of a code cell. */
export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  /** `stdout` or `stderr`, for streams. */
  name?: string;
  text?: string | string[];
  data?: MimeBundle;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell. */
export interface NotebookCell {
  /** nbformat 4.5 cell id; older notebooks have none. */
  id?: string;
  cell_type: "code" | "markdown" | "raw" | string;
  source: string | string[];
  metadata?: { tags?: string[]; [key: string]: unknown };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  /** Images pasted into a markdown cell, referenced as `attachment:<name>`. */
  attachments?: Record<string, MimeBundle>;
}

/** A whole notebook. */
export interface NotebookFile {
  nbformat: number;
  nbformat_minor: number;
  metadata: {
    claimbook?: { document?: string; [key: string]: unknown };
    kernelspec?: { name?: string; language?: string; display_name?: string };
    language_info?: { name?: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  cells: NotebookCell[];
}

/**
 * Joins nbformat's multi-line text (a string or an array of lines).
 *
 * @example
 * ```ts
 * multiline(["a\n", "b"]); // "a\nb"
 * multiline(undefined); // ""
 * ```
 */
export function multiline(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((line) => String(line)).join("");
  return "";
}

/**
 * Parses executed-notebook text, checking the parts the renderer relies on.
 * `label` names the notebook in errors (e.g. `notebooks/x.ipynb`).
 *
 * @example
 * ```ts
 * const nb = parseNotebook('{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}', "x.ipynb");
 * nb.cells.length; // 0
 * ```
 */
export function parseNotebook(text: string, label: string): NotebookFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SiteError(
      label,
      `not valid notebook JSON (${(error as Error).message}); re-run it with \`deno task run\``,
    );
  }
  if (!isObject(json) || !Array.isArray(json.cells)) {
    throw new SiteError(label, "not an nbformat 4 notebook (no cells array)");
  }
  if (json.nbformat !== 4) {
    throw new SiteError(label, `nbformat ${JSON.stringify(json.nbformat)} is not supported; save it as nbformat 4.5`);
  }
  json.cells.forEach((cell: unknown, index: number) => {
    const at = `cell ${index}`;
    if (!isObject(cell) || typeof cell.cell_type !== "string") {
      throw new SiteError(label, `${at}: expected a cell with a cell_type`);
    }
    if (cell.outputs !== undefined && !Array.isArray(cell.outputs)) {
      throw new SiteError(label, `${at}: outputs must be an array`);
    }
  });
  if (!isObject(json.metadata)) json.metadata = {};
  return json as unknown as NotebookFile;
}

/**
 * Reads and parses an executed notebook.
 *
 * @example
 * ```ts
 * const nb = await readNotebook("/work/main/_build/notebooks/x.ipynb", "notebooks/x.ipynb");
 * ```
 */
export async function readNotebook(path: string, label: string): Promise<NotebookFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new SiteError(
      label,
      `cannot read the executed notebook ${path} (${(error as Error).message}); run \`deno task run\` first`,
    );
  }
  return parseNotebook(text, label);
}

/**
 * The anchor of a cell in its page: `cell-<id>`, or `cell-<index>` for
 * notebooks saved without cell ids. The claims page links to it.
 *
 * @example
 * ```ts
 * cellAnchor("3f2a", 7); // "cell-3f2a"
 * cellAnchor("", 7); // "cell-7"
 * ```
 */
export function cellAnchor(cellId: string | undefined, index: number): string {
  const safe = (cellId ?? "").replace(/[^A-Za-z0-9_-]/g, "");
  return `cell-${safe || index}`;
}
