/**
 * Reading an XML document as a stream of elements and text, with saxes (npm),
 * a conformant non-validating XML parser (the one exceljs and jsdom use):
 * entities, character references, CDATA sections, comments and either
 * attribute quote are handled by it, and a malformed document throws.
 * Element and attribute names are given without their namespace prefix, so
 * `<x:c>` (as some generators write SpreadsheetML) reads as `<c>`.
 *
 * @module
 */

import { SaxesParser } from "saxes";

/** What a scan calls back; every callback is optional. */
export interface XmlVisitor {
  /** An element opens: its local name and its attributes by local name. */
  open?(name: string, attributes: Record<string, string>): void;
  /** Character data (text or a CDATA section), entities decoded and line ends normalized to \n. */
  text?(text: string): void;
  /** An element closes (a self-closing element closes right after it opens). */
  close?(name: string): void;
}

/**
 * Scans a document, calling the visitor in document order. Throws an Error
 * naming the line and column when the document is not well-formed XML.
 *
 * @example
 * ```ts
 * const names: string[] = [];
 * scanXml('<x:sheets xmlns:x="urn:x"><x:sheet name="Table 7"/></x:sheets>', {
 *   open: (name, attributes) => name === "sheet" && names.push(attributes.name),
 * });
 * names; // ["Table 7"]
 * ```
 */
export function scanXml(xml: string, visitor: XmlVisitor): void {
  const parser = new SaxesParser({ xmlns: false });
  const { open, text, close } = visitor;
  if (open) parser.on("opentag", (tag) => open(localName(tag.name), localAttributes(tag.attributes)));
  if (text) {
    parser.on("text", text);
    parser.on("cdata", text);
  }
  if (close) parser.on("closetag", (tag) => close(localName(tag.name)));
  parser.write(xml).close();
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Attributes by local name (`r:id` → `id`); namespace declarations (`xmlns`, `xmlns:x`) left out. */
function localAttributes(attributes: Record<string, string>): Record<string, string> {
  let prefixed = false;
  for (const name in attributes) {
    if (name.includes(":") || name === "xmlns") {
      prefixed = true;
      break;
    }
  }
  if (!prefixed) return attributes;
  const local: Record<string, string> = {};
  for (const name in attributes) {
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    local[localName(name)] = attributes[name];
  }
  return local;
}
