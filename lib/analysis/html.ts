/**
 * Escaping text for HTML (through `html-escaper`). Only for text we place
 * between tags or in quoted attributes; untrusted HTML is sanitized by the
 * site renderer instead.
 *
 * @module
 */

import { escape } from "html-escaper";

/**
 * Escapes `& < > " '` for use in HTML text or a quoted attribute.
 *
 * @example
 * ```ts
 * escapeHtml('<b title="x">'); // "&lt;b title=&quot;x&quot;&gt;"
 * ```
 */
export function escapeHtml(text: string): string {
  return escape(text);
}

/**
 * An HTML table from header labels and rows of cell HTML (cells are inserted
 * as given: escape text with `escapeHtml` first).
 *
 * @example
 * ```ts
 * htmlTable("claimbook-claims", ["Claim", "Verdict"], [[`<code>${escapeHtml(id)}</code>`, "confirmed"]]);
 * ```
 */
export function htmlTable(className: string, headers: string[], rows: string[][]): string {
  const head = headers.map((h) => `<th style="text-align:left">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("");
  return `<table class="${escapeHtml(className)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
