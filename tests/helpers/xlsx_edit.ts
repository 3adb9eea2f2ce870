/**
 * Broken copies of a publisher's workbook for tests: the same archive with
 * some cells of one sheet replaced by text, every other part as it was. The
 * cell keeps its style; its value becomes an inline string. A big sheet can
 * first be cut down to some of its rows (`withRowsKept`). The copy is
 * written by fflate with its parts stored, not deflated (a valid .xlsx, and
 * no CPU spent compressing here to inflate it again in the importer).
 *
 * @module
 */

import { unzipSync, zipSync } from "fflate";

/** One cell to replace: 1-based row and column, and its new text. */
export interface CellEdit {
  row: number;
  column: number;
  text: string;
}

/**
 * The workbook's bytes with the given cells of `sheet` set to text. Throws
 * (a test-setup error) when the sheet or a cell is not in the workbook.
 *
 * @example
 * ```ts
 * const broken = withCellsText(bytes, "Table 7", [{ row: 6, column: 15, text: "Korea" }]);
 * ```
 */
export function withCellsText(bytes: Uint8Array, sheet: string, edits: CellEdit[]): Uint8Array {
  const files = unzipSync(bytes);
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const part = sheetPart(text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels"), sheet);
  let xml = text(part);
  for (const edit of edits) xml = withCellText(xml, edit);
  files[part] = new TextEncoder().encode(xml);
  return zipSync(files, { level: 0 });
}

/**
 * The workbook's bytes with only the first row of `sheet` and the rows for which `keep` is true, numbered again
 * from 1 in their order (cells as written: values, styles and types). `keep` gets the row's cell values by column
 * letter, as text (a shared string resolved). For a sheet without merged cells, formulas or hyperlinks.
 *
 * @example
 * ```ts
 * const korea = withRowsKept(bytes, "country", (cells) => cells.get("B") === "5800");
 * ```
 */
export function withRowsKept(
  bytes: Uint8Array,
  sheet: string,
  keep: (cells: Map<string, string>) => boolean,
): Uint8Array {
  const files = unzipSync(bytes);
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const part = sheetPart(text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels"), sheet);
  const shared = files["xl/sharedStrings.xml"]
    ? [...text("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]))
    : [];
  const xml = text(part);
  if (/<(mergeCell|hyperlink|f)\b/.test(xml)) {
    throw new Error(`test setup: ${sheet} has merged cells, links or formulas`);
  }
  let kept = 0;
  const rows = xml.replace(/<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g, (row) => {
    const cells = new Map<string, string>();
    for (const cell of row.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const type = / t="(\w+)"/.exec(cell[2])?.[1];
      const value = /<v>([\s\S]*?)<\/v>/.exec(cell[3] ?? "")?.[1];
      cells.set(
        cell[1],
        type === "s" ? shared[Number(value)] : type === "inlineStr" ? textOf(cell[3] ?? "") : unescape(value ?? ""),
      );
    }
    if (kept > 0 && !keep(cells)) return "";
    const r = ++kept;
    return row.replace(/(<row\b[^>]*? r=")\d+"/, `$1${r}"`).replace(/(<c r="[A-Z]+)\d+"/g, `$1${r}"`);
  });
  files[part] = new TextEncoder().encode(rows);
  return zipSync(files, { level: 0 });
}

/** The text of a shared or inline string: its `<t>` runs, entities decoded. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => unescape(m[1])).join("");
}

function unescape(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name]!,
  );
}

function sheetPart(workbook: string, rels: string, sheet: string): string {
  const escaped = sheet.replaceAll("&", "&amp;");
  const tag = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${escaped}"`));
  const id = tag && /r:id="([^"]+)"/.exec(tag)?.[1];
  const target = id && new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*>`).exec(rels)?.[0];
  const path = target && /Target="([^"]+)"/.exec(target)?.[1];
  if (!path) throw new Error(`test setup: no sheet "${sheet}" in the workbook`);
  return path.startsWith("/") ? path.slice(1) : `xl/${path}`;
}

function withCellText(xml: string, { row, column, text }: CellEdit): string {
  let letters = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  const address = `${letters}${row}`;
  const cell = new RegExp(`<c r="${address}"([^>]*?)(?:/>|>[\\s\\S]*?</c>)`);
  const found = cell.exec(xml);
  if (!found) throw new Error(`test setup: no cell ${address} written in the sheet`);
  const style = / s="\d+"/.exec(found[1])?.[0] ?? "";
  const escaped = text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const replacement = `<c r="${address}"${style} t="inlineStr"><is><t xml:space="preserve">${escaped}</t></is></c>`;
  return xml.slice(0, found.index) + replacement + xml.slice(found.index + found[0].length);
}
