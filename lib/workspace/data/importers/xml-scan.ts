/**
 * Reading an XML document as a stream of elements and text, with saxes (npm),
 * a conformant non-validating XML parser (the one exceljs and jsdom use):
 * entities, character references, CDATA sections, comments and either
 * attribute quote are handled by it, and a malformed document throws.
 * Element names are given without their namespace prefix, so `<x:c>` (as
 * some generators write SpreadsheetML) reads as `<c>`; attributes without a
 * prefix are in no namespace whatever the element's, and a prefixed one
 * (`r:id`) is found by its local name with `prefixedAttribute`.
 *
 * @module
 */

import { SaxesParser } from "saxes";

/** What a scan calls back; every callback is optional. */
export interface XmlVisitor {
  /** An element opens: its local name and its attributes by name as written (see `prefixedAttribute`). */
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
  if (open) parser.on("opentag", (tag) => open(localName(tag.name), tag.attributes));
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

/**
 * The value of a namespaced attribute by its local name, whatever its prefix
 * (`r:id`, `rel:id`); an attribute without a prefix is in no namespace and is
 * read by its name.
 *
 * @example
 * ```ts
 * prefixedAttribute({ name: "Table 7", "r:id": "rId1" }, "id"); // "rId1"
 * ```
 */
export function prefixedAttribute(attributes: Record<string, string>, local: string): string | undefined {
  const suffix = `:${local}`;
  for (const name in attributes) {
    if (name.endsWith(suffix) && !name.startsWith("xmlns:")) return attributes[name];
  }
  return undefined;
}
