/**
 * Executed notebooks as the renderer reads them (nbformat 4.5 JSON, the
 * shapes of `../notebook/format.ts`): a reader that rejects a malformed file
 * with the file's name and the cell (1-based) instead of failing somewhere
 * deep in a template.
 *
 * @module
 */

import { SiteError } from "./errors.ts";
import { isObject } from "../../analysis/json.ts";
import { cellLabel, type Notebook } from "../notebook/format.ts";

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
export function parseNotebook(text: string, label: string): Notebook {
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
    const at = cellLabel(index);
    if (!isObject(cell) || typeof cell.cell_type !== "string") {
      throw new SiteError(label, `${at}: expected a cell with a cell_type`);
    }
    if (cell.outputs !== undefined && !Array.isArray(cell.outputs)) {
      throw new SiteError(label, `${at}: outputs must be an array`);
    }
  });
  if (!isObject(json.metadata)) json.metadata = {};
  return json as unknown as Notebook;
}

/**
 * Reads and parses an executed notebook.
 *
 * @example
 * ```ts
 * const nb = await readNotebook("/work/main/_build/notebooks/x.ipynb", "notebooks/x.ipynb");
 * ```
 */
export async function readNotebook(path: string, label: string): Promise<Notebook> {
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
