/**
 * Notebooks as files: the nbformat 4.5 shapes we read and write, and
 * `readNotebook`, which refuses (with the file named and what to do) anything
 * the executor cannot run — invalid JSON, nbformat 3, a missing or non-Deno
 * kernelspec, a bad `metadata.claimbook` — and gives every cell an id.
 *
 * @example
 * ```ts
 * const loaded = await readNotebook("/work/main/notebooks/korus-kei-2018.ipynb", { root: "/work/main" });
 * loaded.documentId; // "korus-kei-2018"
 * ```
 * @module
 */

import { createHash } from "node:crypto";
import { basename, dirname, extname, relative } from "node:path";
import { isObject, jsonSyntaxLocation } from "../../analysis/json.ts";
import {
  type Cell,
  cellLabel,
  type Notebook,
  type NotebookMetadata,
  type Output,
  type TextCell,
} from "../notebook/format.ts";

export type {
  Cell,
  CodeCell,
  DisplayDataOutput,
  ErrorOutput,
  ExecuteResultOutput,
  MimeBundle,
  MultilineString,
  Notebook,
  NotebookMetadata,
  Output,
  StreamOutput,
  TextCell,
} from "../notebook/format.ts";
export { serializeNotebook, sourceText } from "../notebook/format.ts";

/** A notebook read from disk and validated. */
export interface LoadedNotebook {
  /** Absolute path of the source file. */
  path: string;
  /** Path relative to the workspace root, with `/` separators (e.g. `notebooks/x.ipynb`). */
  relativePath: string;
  /** File name without `.ipynb`. */
  stem: string;
  /** `metadata.claimbook.document`, else the stem. */
  documentId: string;
  /** `metadata.claimbook.timeout` in seconds, when set. */
  timeoutSeconds?: number;
  /** The parsed notebook, upgraded to nbformat 4.5 (every cell has a unique id). */
  notebook: Notebook;
  /** The exact bytes read (what the cache hashes). */
  bytes: Uint8Array;
}

/**
 * Raised for a notebook the executor cannot run; the message names the file and what to do.
 *
 * @example
 * ```ts
 * await readNotebook("notebooks/broken.ipynb", { root }); // throws NotebookError: notebooks/broken.ipynb: …
 * ```
 */
export class NotebookError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "NotebookError";
    this.file = file;
  }
}

const DENO_KERNELSPEC = '{"name": "deno", "display_name": "Deno", "language": "typescript"}';
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * Reads and validates a notebook file.
 *
 * @example
 * ```ts
 * await readNotebook("notebooks/korus-kei-2018.ipynb", { root: Deno.cwd() });
 * ```
 */
export async function readNotebook(path: string, options: { root: string }): Promise<LoadedNotebook> {
  const shown = displayPath(path, options.root);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new NotebookError(shown, `cannot read the notebook (${(error as Error).message})`);
  }
  return parseNotebook(bytes, { path, root: options.root });
}

/**
 * Validates a notebook's bytes (see {@link readNotebook}).
 *
 * @example
 * ```ts
 * parseNotebook(new TextEncoder().encode("{}"), { path: "/w/notebooks/x.ipynb", root: "/w" }); // throws NotebookError
 * ```
 */
export function parseNotebook(bytes: Uint8Array, options: { path: string; root: string }): LoadedNotebook {
  const shown = displayPath(options.path, options.root);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new NotebookError(
      shown,
      "not a valid notebook: the file is not UTF-8; restore it from git or re-save it from Jupyter",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const at = jsonSyntaxLocation(text);
    throw new NotebookError(
      shown,
      `not a valid notebook: the file is not valid JSON (${at.reason} at line ${at.line}, column ${at.column}); ` +
        `fix it there, restore it from git, or re-save it from Jupyter`,
    );
  }
  if (!isObject(json)) throw new NotebookError(shown, "not a valid notebook: the top level is not a JSON object");
  const major = json.nbformat;
  if (major !== 4) {
    const hint = typeof major === "number" && major < 4
      ? `; convert it with: jupyter nbconvert --to notebook --nbformat 4 --inplace "${shown}"`
      : "";
    throw new NotebookError(shown, `nbformat ${String(major)} is not supported (nbformat 4 is required)${hint}`);
  }
  const metadata = json.metadata;
  if (!isObject(metadata)) throw new NotebookError(shown, "not a valid notebook: `metadata` is missing");
  const kernelspec = metadata.kernelspec;
  if (!isObject(kernelspec) || typeof kernelspec.name !== "string") {
    throw new NotebookError(
      shown,
      `metadata.kernelspec is missing; notebooks here run on the Deno kernel: choose the Deno kernel in Jupyter, ` +
        `or set "kernelspec": ${DENO_KERNELSPEC}`,
    );
  }
  if (kernelspec.name !== "deno") {
    throw new NotebookError(
      shown,
      `the notebook's kernel is "${kernelspec.name}", not the Deno kernel; switch the kernel to Deno ` +
        `(kernelspec ${DENO_KERNELSPEC})`,
    );
  }
  const claimbook = metadata.claimbook;
  if (claimbook !== undefined && !isObject(claimbook)) {
    throw new NotebookError(shown, 'metadata.claimbook must be an object like {"document": "<id>", "timeout": 60}');
  }
  const document = claimbook?.document;
  if (document !== undefined && (typeof document !== "string" || document === "")) {
    throw new NotebookError(shown, "metadata.claimbook.document must be a document id (a non-empty string)");
  }
  const timeout = claimbook?.timeout;
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0))) {
    throw new NotebookError(
      shown,
      `metadata.claimbook.timeout must be a positive number of seconds, got ${JSON.stringify(timeout)}`,
    );
  }
  if (!Array.isArray(json.cells)) throw new NotebookError(shown, "not a valid notebook: `cells` is not a list");
  const stem = basename(options.path, extname(options.path));
  const cells = json.cells.map((cell, index) => normalizeCell(cell, index, shown));
  ensureCellIds(cells, stem);
  const notebook: Notebook = {
    nbformat: 4,
    nbformat_minor: Math.max(5, typeof json.nbformat_minor === "number" ? json.nbformat_minor : 5),
    metadata: metadata as NotebookMetadata,
    cells,
  };
  return {
    path: options.path,
    relativePath: toPosix(relative(options.root, options.path)),
    stem,
    documentId: (document as string | undefined) ?? stem,
    timeoutSeconds: timeout as number | undefined,
    notebook,
    bytes,
  };
}

function normalizeCell(cell: unknown, index: number, shown: string): Cell {
  if (!isObject(cell) || typeof cell.cell_type !== "string") {
    throw new NotebookError(shown, `${cellLabel(index)} is not a cell object with a cell_type`);
  }
  const source = cell.source;
  if (typeof source !== "string" && !(Array.isArray(source) && source.every((s) => typeof s === "string"))) {
    throw new NotebookError(shown, `${cellLabel(index)}: source must be a string or a list of strings`);
  }
  const metadata = isObject(cell.metadata) ? cell.metadata : {};
  if (cell.cell_type === "code") {
    return {
      id: typeof cell.id === "string" ? cell.id : "",
      cell_type: "code",
      metadata,
      source,
      execution_count: typeof cell.execution_count === "number" ? cell.execution_count : null,
      outputs: Array.isArray(cell.outputs) ? cell.outputs as Output[] : [],
    };
  }
  if (cell.cell_type !== "markdown" && cell.cell_type !== "raw") {
    throw new NotebookError(shown, `${cellLabel(index)}: unknown cell_type "${cell.cell_type}"`);
  }
  return { ...(cell as unknown as TextCell), id: typeof cell.id === "string" ? cell.id : "", metadata, source };
}

/**
 * Gives every cell a valid, unique nbformat 4.5 id. Missing, malformed or
 * repeated ids are replaced by ids derived from the notebook stem and the
 * cell's position, so re-running an unchanged notebook gives the same ids.
 *
 * @example
 * ```ts
 * const cells = [{ id: "", cell_type: "raw", metadata: {}, source: "" }] as Cell[];
 * ensureCellIds(cells, "demo");
 * cells[0].id.length; // 12
 * ```
 */
export function ensureCellIds(cells: Cell[], stem: string): void {
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    let id = cell.id;
    if (!CELL_ID.test(id) || seen.has(id)) {
      let salt = 0;
      do {
        id = createHash("sha256").update(`${stem}\0${index}\0${salt++}`).digest("hex").slice(0, 12);
      } while (seen.has(id));
    }
    cell.id = id;
    seen.add(id);
  });
}

/**
 * How a file is named in messages: relative to the workspace when inside it.
 *
 * @example
 * ```ts
 * displayPath("/work/main/notebooks/x.ipynb", "/work/main"); // "notebooks/x.ipynb"
 * ```
 */
export function displayPath(path: string, root: string): string {
  const rel = relative(root, path);
  return rel.startsWith("..") || rel === "" ? path : toPosix(rel);
}

/**
 * The folder the kernel must run in: the notebook's own folder.
 *
 * @example
 * ```ts
 * kernelCwd("/work/main/notebooks/x.ipynb"); // "/work/main/notebooks"
 * ```
 */
export function kernelCwd(path: string): string {
  return dirname(path);
}

function toPosix(path: string): string {
  return path.split("\\").join("/");
}
