/**
 * Broken copies of a publisher's workbook for tests: the same archive with
 * some cells of one sheet replaced by text, every other part as it was. The
 * cell keeps its style; its value becomes an inline string. The copy is
 * written with its parts stored, not deflated (a valid .xlsx, and no CPU
 * spent compressing here to inflate it again in the importer).
 *
 * @module
 */

import { openZip } from "../../lib/workspace/data/importers/zip.ts";

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
 * const broken = await withCellsText(bytes, "Table 7", [{ row: 6, column: 15, text: "Korea" }]);
 * ```
 */
export async function withCellsText(bytes: Uint8Array, sheet: string, edits: CellEdit[]): Promise<Uint8Array> {
  const zip = openZip(bytes);
  const text = async (name: string) => new TextDecoder().decode(await zip.read(name));
  const part = sheetPart(await text("xl/workbook.xml"), await text("xl/_rels/workbook.xml.rels"), sheet);
  let xml = await text(part);
  for (const edit of edits) xml = withCellText(xml, edit);
  const parts: [string, Uint8Array][] = [];
  for (const name of zip.names) {
    parts.push([name, name === part ? new TextEncoder().encode(xml) : (await zip.read(name))!]);
  }
  return storedZip(parts);
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

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of the parts, each stored (method 0). */
function storedZip(parts: [string, Uint8Array][]): Uint8Array {
  const encoder = new TextEncoder();
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = encoder.encode(name);
    const crc = crc32(data);
    const header = new Uint8Array(30 + nameBytes.length);
    const h = new DataView(header.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, 0x0800, true); // names in UTF-8
    h.setUint32(14, crc, true);
    h.setUint32(18, data.length, true);
    h.setUint32(22, data.length, true);
    h.setUint16(26, nameBytes.length, true);
    header.set(nameBytes, 30);
    const entry = new Uint8Array(46 + nameBytes.length);
    const e = new DataView(entry.buffer);
    e.setUint32(0, 0x02014b50, true);
    e.setUint16(4, 20, true);
    e.setUint16(6, 20, true);
    e.setUint16(8, 0x0800, true);
    e.setUint32(16, crc, true);
    e.setUint32(20, data.length, true);
    e.setUint32(24, data.length, true);
    e.setUint16(28, nameBytes.length, true);
    e.setUint32(42, offset, true);
    entry.set(nameBytes, 46);
    local.push(header, data);
    central.push(entry);
    offset += header.length + data.length;
  }
  const centralSize = central.reduce((sum, c) => sum + c.length, 0);
  const end = new Uint8Array(22);
  const d = new DataView(end.buffer);
  d.setUint32(0, 0x06054b50, true);
  d.setUint16(8, parts.length, true);
  d.setUint16(10, parts.length, true);
  d.setUint32(12, centralSize, true);
  d.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const chunk of [...local, ...central, end]) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
