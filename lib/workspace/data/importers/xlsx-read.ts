/**
 * The parts of an .xlsx workbook read into the cells `xlsx.ts` serves: the
 * sheet list, shared strings, cell styles (number format, alignment) and each
 * sheet's rows, merged ranges and hyperlinks, with the values exceljs gives
 * for the same XML. A sheet's XML is parsed the first time the sheet is used.
 *
 * @module
 */

import type { Cell, CellValue, Row, Workbook, Worksheet } from "./xlsx.ts";
import type { ZipArchive } from "./zip.ts";

interface Style {
  date: boolean;
  alignment?: { indent?: number };
}

interface Parts {
  strings: CellValue[];
  styles: (Style | undefined)[];
  date1904: boolean;
}

/**
 * Reads the workbook of an opened archive: its sheets' XML is inflated now and
 * parsed on first use. Throws an Error on a missing or malformed part.
 *
 * @example
 * ```ts
 * const workbook = await readWorkbook(openZip(bytes));
 * ```
 */
export async function readWorkbook(zip: ZipArchive): Promise<Workbook> {
  const text = async (name: string) => {
    const bytes = await zip.read(name);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  };
  const book = await text("xl/workbook.xml");
  if (book === undefined) throw new Error("no xl/workbook.xml");
  const targets = relationshipTargets(await text("xl/_rels/workbook.xml.rels") ?? "", "xl/");
  const [shared, styles] = await Promise.all([text("xl/sharedStrings.xml"), text("xl/styles.xml")]);
  const date1904 = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(book);
  const parts: Parts = { strings: sharedStrings(shared ?? ""), styles: cellStyles(styles ?? ""), date1904 };
  const sheets = await Promise.all(
    [...book.matchAll(/<sheet\b([^>]*?)\/?>/g)].map(async ([, attributes]) => {
      const attrs = attributesOf(attributes);
      const path = targets.get(attrs["r:id"] ?? "");
      const xml = path === undefined ? undefined : await text(path);
      if (xml === undefined) throw new Error(`no part for sheet "${attrs.name}"`);
      const rels = await text(path!.replace(/([^/]+)$/, "_rels/$1.rels"));
      return lazySheet(decode(attrs.name ?? ""), xml, rels ?? "", parts);
    }),
  );
  return {
    worksheets: sheets,
    getWorksheet: (name) => sheets.find((s) => s.name === name),
  };
}

/** `Id` → part path of a relationships part (targets relative to `base`, or absolute). */
function relationshipTargets(xml: string, base: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [, attributes] of xml.matchAll(/<Relationship\b([^>]*?)\/?>/g)) {
    const { Id, Target, TargetMode } = attributesOf(attributes);
    if (Id === undefined || Target === undefined) continue;
    const target = decode(Target);
    targets.set(Id, TargetMode === "External" ? target : target.startsWith("/") ? target.slice(1) : base + target);
  }
  return targets;
}

function sharedStrings(xml: string): CellValue[] {
  const strings: CellValue[] = [];
  for (const [item] of xml.matchAll(/<si\b[^>]*?(?:\/>|>[\s\S]*?<\/si>)/g)) {
    const body = item.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
    if (/<r\b/.test(body)) {
      const runs = [...body.matchAll(/<r\b[^>]*>([\s\S]*?)<\/r>/g)].map(([, run]) => ({ text: textOf(run, true) }));
      strings.push({ richText: runs });
    } else {
      strings.push(textOf(body, true));
    }
  }
  return strings;
}

/** The text of the `<t>` elements, entities decoded (and `_xHHHH_` escapes, as in shared strings). */
function textOf(xml: string, escapes: boolean): string {
  let text = "";
  for (const [, , inner] of xml.matchAll(/<t\b([^>]*?)(?:\/>|>([\s\S]*?)<\/t>)/g)) text += decode(inner ?? "");
  return escapes ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** Number formats exceljs knows by id that are dates or times. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

function cellStyles(xml: string): (Style | undefined)[] {
  const formats = new Map<number, string>();
  for (const [, attributes] of xml.matchAll(/<numFmt\b([^>]*?)\/?>/g)) {
    const { numFmtId, formatCode } = attributesOf(attributes);
    formats.set(Number(numFmtId), decode(formatCode ?? ""));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? "";
  const styles: (Style | undefined)[] = [];
  for (const [, attributes, body] of cellXfs.matchAll(/<xf\b([^>]*?)(?:\/>|>([\s\S]*?)<\/xf>)/g)) {
    const id = Number(attributesOf(attributes).numFmtId ?? 0);
    const code = formats.get(id);
    const date = id !== 0 && (code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
    const alignment = /<alignment\b([^>]*?)\/?>/.exec(body ?? "");
    const indent = alignment ? attributesOf(alignment[1]).indent : undefined;
    styles.push({ date, ...(alignment ? { alignment: indent ? { indent: parseInt(indent, 10) } : {} } : {}) });
  }
  return styles;
}

/** exceljs's test of a date format: a date or time letter outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

interface CellData {
  value: CellValue;
  style?: Style;
  /** A cell written with a style but no value: exceljs's type Null, which only `getCell` shows. */
  empty?: true;
}

interface SheetData {
  rows: (CellData | undefined)[][];
  lastRow: number;
}

function lazySheet(name: string, xml: string, rels: string, parts: Parts): Worksheet {
  let data: SheetData | undefined;
  const rowViews: (Row | undefined)[] = [];
  let asked = 0;
  const load = () => (data ??= parseSheet(xml, rels, parts));
  const rowView = (r: number): Row => {
    let view = rowViews[r];
    if (!view) view = rowViews[r] = makeRow(r, load().rows[r] ?? []);
    return view;
  };
  return {
    name,
    get rowCount() {
      return Math.max(load().lastRow, asked);
    },
    getRow(r) {
      asked = Math.max(asked, r);
      return rowView(r);
    },
    eachRow(visit) {
      const rows = load().rows;
      for (let r = 1; r < rows.length; r++) {
        if (rows[r]?.some(holdsValue)) visit(rowView(r), r);
      }
    },
  };
}

const EMPTY: Cell = { value: null };

function holdsValue(cell: CellData | undefined): boolean {
  return cell !== undefined && !cell.empty;
}

function makeRow(number: number, cells: (CellData | undefined)[]): Row {
  const cellAt = (c: number): Cell => {
    const data = cells[c];
    if (!data) return EMPTY;
    return data.style?.alignment ? { value: data.value, alignment: data.style.alignment } : { value: data.value };
  };
  return {
    number,
    get values() {
      const values: CellValue[] = [];
      cells.forEach((cell, c) => {
        if (holdsValue(cell)) values[c] = cell!.value;
      });
      return values;
    },
    get hasValues() {
      return cells.some(holdsValue);
    },
    getCell: cellAt,
    eachCell(visit) {
      cells.forEach((cell, c) => {
        if (holdsValue(cell)) visit(cellAt(c), c);
      });
    },
  };
}

function parseSheet(xml: string, rels: string, parts: Parts): SheetData {
  const rows: (CellData | undefined)[][] = [];
  let lastRow = 0;
  const start = xml.indexOf("<sheetData");
  const end = xml.indexOf("</sheetData>");
  const sheetData = start < 0 || end < 0 ? "" : xml.slice(start, end);
  const rowTag = /<row\b([^>]*?)(\/?)>/g;
  let match: RegExpExecArray | null;
  let previousRow = 0;
  while ((match = rowTag.exec(sheetData))) {
    const r = Number(attributeOf(match[1], "r") ?? previousRow + 1);
    previousRow = r;
    lastRow = Math.max(lastRow, r);
    const cells: (CellData | undefined)[] = (rows[r] ??= []);
    if (match[2] === "/") continue;
    const close = sheetData.indexOf("</row>", rowTag.lastIndex);
    const body = sheetData.slice(rowTag.lastIndex, close < 0 ? undefined : close);
    rowTag.lastIndex = close < 0 ? sheetData.length : close + 6;
    readCells(body, cells, parts);
  }
  lastRow = Math.max(lastRow, applyMerges(xml, rows));
  applyHyperlinks(xml, rels, rows);
  return { rows, lastRow };
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

function readCells(body: string, cells: (CellData | undefined)[], parts: Parts): void {
  let column = 0;
  CELL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = CELL.exec(body))) {
    const attrs = attributesOf(match[1]);
    column = attrs.r ? columnOf(attrs.r) : column + 1;
    const styleId = attrs.s ? parseInt(attrs.s, 10) : 0;
    const style = styleId ? parts.styles[styleId] : undefined;
    const value = cellValue(attrs.t, match[2] ?? "", style, parts);
    if (value !== undefined) cells[column] = style ? { value, style } : { value };
    else if (style) cells[column] = { value: null, style, empty: true };
  }
}

/** The value exceljs gives a `<c>` element; undefined for an empty cell. */
function cellValue(type: string | undefined, inner: string, style: Style | undefined, parts: Parts): CellValue {
  const v = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(inner)?.[1];
  const formula = /<f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/f>)/.exec(inner);
  const raw = v !== undefined && v !== "" ? decode(v) : type === "inlineStr" ? inlineText(inner) : undefined;
  if (formula && (formula[2] || attributeOf(formula[1], "t") !== undefined)) {
    const result = raw === undefined ? undefined : formulaResult(type, raw, style, parts);
    return { formula: decode(formula[2] ?? ""), result } as CellValue;
  }
  if (raw === undefined) return undefined;
  return typed(type, raw, style, parts);
}

function inlineText(inner: string): string | undefined {
  return /<t\b/.test(inner) ? textOf(inner, false) : undefined;
}

function formulaResult(type: string | undefined, raw: string, style: Style | undefined, parts: Parts): CellValue {
  if (type === "str" || type === "b" || type === "e") return typed(type, raw, style, parts);
  const number = parseFloat(raw);
  return style?.date ? excelDate(number, parts.date1904) : number;
}

function typed(type: string | undefined, raw: string, style: Style | undefined, parts: Parts): CellValue {
  switch (type) {
    case "s":
      return parts.strings[parseInt(raw, 10)];
    case "str":
      return decode(raw);
    case "inlineStr":
      return raw;
    case "b":
      return parseInt(raw, 10) !== 0;
    case "e":
      return { error: raw } as CellValue;
    default: {
      const number = parseFloat(raw);
      return style?.date ? excelDate(number, parts.date1904) : number;
    }
  }
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** Every cell of a merged range but its first takes the first cell's value. */
function applyMerges(xml: string, rows: (CellData | undefined)[][]): number {
  let lastRow = 0;
  for (const [, attributes] of xml.matchAll(/<mergeCell\b([^>]*?)\/?>/g)) {
    const [from, to] = (attributeOf(attributes, "ref") ?? "").split(":");
    if (!from || !to) continue;
    const [top, left] = [rowOf(from), columnOf(from)];
    const [bottom, right] = [rowOf(to), columnOf(to)];
    const master = rows[top]?.[left];
    lastRow = Math.max(lastRow, bottom);
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if (r === top && c === left) continue;
        const style = rows[r]?.[c]?.style;
        (rows[r] ??= [])[c] = { value: master?.empty ? null : master?.value ?? null, ...(style ? { style } : {}) };
      }
    }
  }
  return lastRow;
}

/** A cell with a hyperlink to a target holds `{ text, hyperlink }`. */
function applyHyperlinks(xml: string, rels: string, rows: (CellData | undefined)[][]): void {
  const links = /<hyperlinks\b[\s\S]*?<\/hyperlinks>/.exec(xml)?.[0];
  if (!links) return;
  const targets = relationshipTargets(rels, "");
  for (const [, attributes] of links.matchAll(/<hyperlink\b([^>]*?)\/?>/g)) {
    const attrs = attributesOf(attributes);
    const target = attrs["r:id"] === undefined ? undefined : targets.get(attrs["r:id"]);
    if (target === undefined || attrs.ref === undefined) continue;
    const [r, c] = [rowOf(attrs.ref), columnOf(attrs.ref)];
    const cell = rows[r]?.[c];
    if (!cell || cell.empty) continue;
    const value = cell.value;
    const text = value !== null && typeof value === "object" && "formula" in value ? value.result : value;
    rows[r][c] = { ...cell, value: { text, hyperlink: target } as CellValue };
  }
}

function columnOf(address: string): number {
  let column = 0;
  for (let i = 0; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return column;
}

function rowOf(address: string): number {
  return parseInt(address.replace(/^[A-Z$]+/, ""), 10);
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(text: string): Record<string, string | undefined> {
  const attrs: Record<string, string | undefined> = {};
  ATTRIBUTE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = ATTRIBUTE.exec(text))) attrs[match[1]] = match[2] ?? match[3];
  return attrs;
}

function attributeOf(text: string, name: string): string | undefined {
  return attributesOf(text)[name];
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML character and entity references decoded. */
function decode(xml: string): string {
  // Line ends are normalized to \n, as an XML parser does (a \r written as &#13; stays).
  const text = xml.includes("\r") ? xml.replace(/\r\n?/g, "\n") : xml;
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== "#") return ENTITIES[ref] ?? whole;
    return String.fromCodePoint(ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
  });
}
