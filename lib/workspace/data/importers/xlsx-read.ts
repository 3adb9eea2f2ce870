/**
 * The parts of an .xlsx workbook read into the cells `xlsx.ts` serves: the
 * sheet list, shared strings, cell styles (number format, alignment) and each
 * sheet's rows, merged ranges and hyperlinks, with the values exceljs gives
 * for the same XML. The archive is read with fflate (npm), the XML with
 * saxes (npm, see xml-scan.ts); a sheet's part is inflated and parsed the
 * first time the sheet is used.
 *
 * @module
 */

import { unzipSync } from "fflate";
import type { Cell, CellValue, Row, Workbook, Worksheet } from "./xlsx.ts";
import { prefixedAttribute, scanXml } from "./xml-scan.ts";

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
 * Reads a workbook held in memory: the workbook's parts are read now, each
 * sheet's inflated and parsed on first use. Throws an Error on bytes that are not a ZIP
 * archive, and on a missing or malformed part; a sheet whose XML turns out
 * malformed when first used throws `unreadable(error)`.
 *
 * @example
 * ```ts
 * const workbook = readWorkbook(await Deno.readFile("country.xlsx"), (error) => error);
 * ```
 */
export function readWorkbook(bytes: Uint8Array, unreadable: (error: Error) => Error): Workbook {
  const names = new Set<string>();
  const files = unzipSync(bytes, {
    filter: ({ name }) => names.add(name) && WORKBOOK_PARTS.has(name),
  });
  const decoder = new TextDecoder();
  const text = (name: string) => files[name] === undefined ? undefined : decoder.decode(files[name]);
  const book = text("xl/workbook.xml");
  if (book === undefined) throw new Error("no xl/workbook.xml");
  const targets = relationshipTargets(text("xl/_rels/workbook.xml.rels"), "xl/");
  const { sheets, date1904 } = workbookSheets(book);
  const parts: Parts = {
    strings: sharedStrings(text("xl/sharedStrings.xml")),
    styles: cellStyles(text("xl/styles.xml")),
    date1904,
  };
  const worksheets = sheets.map(({ name, id }) => {
    const path = targets.get(id);
    if (path === undefined || !names.has(path)) throw new Error(`no part for sheet "${name}"`);
    const rels = path.replace(/([^/]+)$/, "_rels/$1.rels");
    return lazySheet(name, () => {
      try {
        const sheet = unzipSync(bytes, { filter: (file) => file.name === path || file.name === rels });
        const xml = (name: string) => sheet[name] === undefined ? undefined : decoder.decode(sheet[name]);
        return parseSheet(xml(path)!, xml(rels), parts);
      } catch (error) {
        throw unreadable(new Error(`sheet "${name}": ${(error as Error).message}`));
      }
    });
  });
  return {
    worksheets,
    getWorksheet: (name) => worksheets.find((s) => s.name === name),
  };
}

/** The parts read for the whole workbook; a sheet's part (and its relationships) is inflated when first used. */
const WORKBOOK_PARTS = new Set([
  "xl/workbook.xml",
  "xl/_rels/workbook.xml.rels",
  "xl/sharedStrings.xml",
  "xl/styles.xml",
]);

/** The sheets of `xl/workbook.xml` (name and relationship id, in order) and its date system. */
function workbookSheets(xml: string): { sheets: { name: string; id: string }[]; date1904: boolean } {
  const sheets: { name: string; id: string }[] = [];
  let date1904 = false;
  scanXml(xml, {
    open(name, attributes) {
      if (name === "workbookPr") date1904 = attributes.date1904 === "1" || attributes.date1904 === "true";
      // exceljs decodes a sheet's name once more than XML does.
      if (name === "sheet") {
        sheets.push({ name: decodeAgain(attributes.name ?? ""), id: prefixedAttribute(attributes, "id") ?? "" });
      }
    },
  });
  return { sheets, date1904 };
}

/** `Id` → part path of a relationships part (targets relative to `base`, or absolute); none without the part. */
function relationshipTargets(xml: string | undefined, base: string): Map<string, string> {
  const targets = new Map<string, string>();
  if (xml === undefined) return targets;
  scanXml(xml, {
    open(name, { Id, Target, TargetMode }) {
      if (name !== "Relationship" || Id === undefined || Target === undefined) return;
      targets.set(Id, TargetMode === "External" ? Target : Target.startsWith("/") ? Target.slice(1) : base + Target);
    },
  });
  return targets;
}

/** The shared strings: plain text, or `{ richText }` when the item is written in runs (phonetic runs left out). */
function sharedStrings(xml: string | undefined): CellValue[] {
  const strings: CellValue[] = [];
  if (xml === undefined) return strings;
  let plain = "";
  let runs: { text: string }[] | undefined;
  let run: { text: string } | undefined;
  let phonetic = 0;
  let inText = false;
  scanXml(xml, {
    open(name) {
      if (name === "si") {
        plain = "";
        runs = run = undefined;
      } else if (name === "rPh") phonetic++;
      else if (phonetic > 0) return;
      else if (name === "r") (runs ??= []).push(run = { text: "" });
      else if (name === "t") inText = true;
    },
    text(text) {
      if (!inText) return;
      if (run) run.text += text;
      else plain += text;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "r" && phonetic === 0) run = undefined;
      else if (name === "rPh") phonetic--;
      else if (name === "si") {
        strings.push(runs ? { richText: runs.map((r) => ({ text: unescapeText(r.text) })) } : unescapeText(plain));
      }
    },
  });
  return strings;
}

/** Shared strings' `_xHHHH_` escapes of characters XML cannot hold, decoded. */
function unescapeText(text: string): string {
  return text.includes("_x")
    ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

/** Number formats exceljs knows by id that are dates or times. */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** The cell styles (`cellXfs`) by index: whether the number format is a date, and the alignment. */
function cellStyles(xml: string | undefined): (Style | undefined)[] {
  const formats = new Map<number, string>();
  const xfs: { numFmtId: number; alignment?: { indent?: number } }[] = [];
  if (xml === undefined) return [];
  let section = "";
  scanXml(xml, {
    open(name, attributes) {
      if (name === "numFmts" || name === "cellXfs") section = name;
      else if (name === "numFmt" && section === "numFmts") {
        formats.set(Number(attributes.numFmtId), attributes.formatCode ?? "");
      } else if (name === "xf" && section === "cellXfs") xfs.push({ numFmtId: Number(attributes.numFmtId ?? 0) });
      else if (name === "alignment" && section === "cellXfs" && xfs.length > 0) {
        const { indent } = attributes;
        xfs[xfs.length - 1].alignment = indent ? { indent: parseInt(indent, 10) } : {};
      }
    },
    close(name) {
      if (name === section) section = "";
    },
  });
  return xfs.map(({ numFmtId: id, alignment }) => {
    const code = formats.get(id);
    const date = id !== 0 && (code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
    return alignment ? { date, alignment } : { date };
  });
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

function lazySheet(name: string, parse: () => SheetData): Worksheet {
  let data: SheetData | undefined;
  const rowViews: (Row | undefined)[] = [];
  let asked = 0;
  const load = () => (data ??= parse());
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

/** A `<c>` element being read: its attributes, and the text of its `<v>`, `<f>` and inline string. */
interface CellXml {
  attributes: Record<string, string>;
  v?: string;
  f?: { text: string; shared: boolean };
  inline?: string;
}

function parseSheet(xml: string, rels: string | undefined, parts: Parts): SheetData {
  const rows: (CellData | undefined)[][] = [];
  const merges: string[] = [];
  const links: { ref: string; id: string }[] = [];
  let lastRow = 0, previousRow = 0, column = 0;
  let section = "";
  let cells: (CellData | undefined)[] | undefined;
  let cell: CellXml | undefined;
  let inlineString = false;
  let capture: "v" | "f" | "t" | undefined;
  let text = "";
  scanXml(xml, {
    open(name, attributes) {
      if (section !== "sheetData") {
        if (name === "sheetData" || name === "hyperlinks") section = name;
        else if (name === "mergeCell" && attributes.ref) merges.push(attributes.ref);
        else if (name === "hyperlink" && section === "hyperlinks") {
          const id = prefixedAttribute(attributes, "id");
          if (attributes.ref && id) links.push({ ref: attributes.ref, id });
        }
        return;
      }
      if (name === "row") {
        const r = Number(attributes.r ?? previousRow + 1);
        previousRow = r;
        lastRow = Math.max(lastRow, r);
        column = 0;
        cells = rows[r] ??= [];
      } else if (name === "c" && cells) {
        cell = { attributes };
        column = attributes.r ? columnOf(attributes.r) : column + 1;
      } else if (!cell) return;
      else if (name === "is") inlineString = true;
      else if ((name === "v" && cell.v === undefined) || (name === "f" && cell.f === undefined)) {
        capture = name;
        text = "";
        if (name === "f") cell.f = { text: "", shared: attributes.t !== undefined };
      } else if (name === "t" && inlineString) {
        capture = "t";
        text = cell.inline ?? "";
      }
    },
    text(chunk) {
      if (capture) text += chunk;
    },
    close(name) {
      if (name === section) section = "";
      else if (!cell) return;
      else if (name === capture) {
        if (capture === "v") cell.v = text;
        else if (capture === "f") cell.f!.text = text;
        else cell.inline = text;
        capture = undefined;
      } else if (name === "is") inlineString = false;
      else if (name === "c") {
        readCell(cell, column, cells!, parts);
        cell = undefined;
      }
    },
  });
  lastRow = Math.max(lastRow, applyMerges(merges, rows));
  applyHyperlinks(links, rels, rows);
  return { rows, lastRow };
}

function readCell(
  { attributes, v, f, inline }: CellXml,
  column: number,
  cells: (CellData | undefined)[],
  parts: Parts,
) {
  const styleId = attributes.s ? parseInt(attributes.s, 10) : 0;
  const style = styleId ? parts.styles[styleId] : undefined;
  const type = attributes.t;
  const raw = v !== undefined && v !== "" ? v : type === "inlineStr" ? inline : undefined;
  let value: CellValue;
  if (f && (f.text || f.shared)) {
    const result = raw === undefined ? undefined : formulaResult(type, raw, style, parts);
    value = { formula: f.text, result } as CellValue;
  } else {
    value = raw === undefined ? undefined : typed(type, raw, style, parts);
  }
  if (value !== undefined) cells[column] = style ? { value, style } : { value };
  else if (style) cells[column] = { value: null, style, empty: true };
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
      // exceljs decodes a formula's string result once more than XML does.
      return decodeAgain(raw);
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
function applyMerges(merges: string[], rows: (CellData | undefined)[][]): number {
  let lastRow = 0;
  for (const ref of merges) {
    const [from, to] = ref.split(":");
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
function applyHyperlinks(
  links: { ref: string; id: string }[],
  rels: string | undefined,
  rows: (CellData | undefined)[][],
): void {
  if (links.length === 0) return;
  const targets = relationshipTargets(rels, "");
  for (const { ref, id } of links) {
    const target = targets.get(id);
    if (target === undefined) continue;
    const [r, c] = [rowOf(ref), columnOf(ref)];
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

/** exceljs's second decoding of the five named entities (`utils.xmlDecode`), on text XML has decoded already. */
function decodeAgain(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&([a-z]*);/g, (whole, name: string) => NAMED_ENTITIES.get(name) ?? whole);
}

const NAMED_ENTITIES = new Map([["lt", "<"], ["gt", ">"], ["amp", "&"], ["quot", '"'], ["apos", "'"]]);
