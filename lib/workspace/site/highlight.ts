/**
 * Syntax highlighting with `highlight.js` (the core plus the languages a
 * notebook of this workspace shows), so pages carry classes, not scripts.
 *
 * @module
 */

import hljs from "highlight.js/lib/core";
import type { LanguageFn } from "highlight.js";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import { escapeHtml } from "../../analysis/html.ts";
import { memoByKey } from "./memo.ts";

// The language modules ship no types of their own (TypeScript infers types from their JavaScript, which
// highlight.js's own `LanguageFn` does not accept): they are highlight.js language functions.
const LANGUAGES = { bash, css, javascript, json, markdown, python, sql, typescript, xml } as unknown as Record<
  string,
  LanguageFn
>;
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/**
 * Highlights source code; unknown languages come back escaped, unhighlighted.
 * `language` accepts highlight.js names and aliases (`ts`, `js`, `sh`, `html`).
 *
 * @example
 * ```ts
 * highlightCode("const x = 1;", "typescript"); // '<span class="hljs-keyword">const</span> x = <span class="hljs-number">1</span>;'
 * highlightCode("<b>", "unknown"); // "&lt;b&gt;"
 * ```
 */
export function highlightCode(code: string, language: string | undefined): string {
  const name = language?.trim().toLowerCase();
  if (name && hljs.getLanguage(name)) return highlighted(`${name}\0${code}`);
  return escapeHtml(code);
}

const highlighted = memoByKey((key) => {
  const split = key.indexOf("\0");
  return hljs.highlight(key.slice(split + 1), { language: key.slice(0, split), ignoreIllegals: true }).value;
});

/**
 * The highlight.js language of a notebook (from its metadata), TypeScript by default.
 *
 * @example
 * ```ts
 * notebookLanguage({ language_info: { name: "typescript" } }); // "typescript"
 * notebookLanguage({}); // "typescript"
 * ```
 */
export function notebookLanguage(
  metadata: { language_info?: { name?: string }; kernelspec?: { language?: string } },
): string {
  return metadata.language_info?.name ?? metadata.kernelspec?.language ?? "typescript";
}
