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
