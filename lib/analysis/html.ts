/**
 * HTML for notebook outputs: escaping text (through `html-escaper`), a
 * wrapper that keeps Jupyter's MathJax away from dollar amounts, and tables
 * that read well in Jupyter's narrow, right-aligning output column. Only for
 * text we place between tags or in quoted attributes; untrusted HTML is
 * sanitized by the site renderer instead.
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
 * Classes that tell Jupyter's MathJax to leave an element alone:
 * `tex2jax_ignore` (MathJax 2 in Notebook 6, and MathJax 3's default) and
 * `mathjax_ignore` (JupyterLab 4, MyST).
 */
export const MATHJAX_IGNORE_CLASSES = "tex2jax_ignore mathjax_ignore";

/**
 * Wraps an output's HTML so that Jupyter's MathJax does not read the text
 * between two dollar signs ("$355 million … ±$0.5 million") as mathematics.
 *
 * @example
 * ```ts
 * mathSafe("<p>$1 to $2</p>"); // '<div class="tex2jax_ignore mathjax_ignore"><p>$1 to $2</p></div>'
 * ```
 */
export function mathSafe(html: string): string {
  return `<div class="${MATHJAX_IGNORE_CLASSES}">${html}</div>`;
}

/**
 * Escapes every `$` of Markdown text as `\\$`, which Jupyter's Markdown
 * renderers pass to MathJax as an escaped dollar (shown as `$`): a plain
 * `\$` is unescaped by the Markdown parser before MathJax sees the text, and
 * the amounts would still be read as mathematics. `$` inside code spans is
 * left as it is. The site renders `\\$` as `$` too.
 *
 * @example
 * ```ts
 * escapeMarkdownDollars("from $13.2 billion to $27.6 billion"); // "from \\\\$13.2 billion to \\\\$27.6 billion"
 * escapeMarkdownDollars("`$x` costs $1"); // "`$x` costs \\\\$1"
 * ```
 */
export function escapeMarkdownDollars(markdown: string): string {
  return markdown.split(/(`+[^`]*`+)/).map((part, i) => i % 2 === 1 ? part : part.replace(/\\*\$/g, "\\\\$")).join(
    "",
  );
}

/** How a column of {@link htmlTable} is laid out. */
export interface TableColumn {
  /** Header text. */
  label: string;
  /** Narrowest width, e.g. `"18em"` for a column of quotes (otherwise a narrow output squeezes it to a word a line). */
  minWidth?: string;
  /** Keep the cells on one line (short figures). */
  nowrap?: boolean;
}

/** Inline styles: Jupyter Notebook centres tables, fixes their layout and right-aligns every cell. */
const TABLE_STYLE = "border-collapse:collapse;margin:0;table-layout:auto;width:auto";
const CELL_STYLE = "text-align:left;vertical-align:top;padding:4px 8px";

/**
 * An HTML table from columns and rows of cell HTML (cells are inserted as
 * given: escape text with `escapeHtml` first), left-aligned, with the
 * columns' narrowest widths, scrolling sideways in an output column too
 * narrow for it, and safe from MathJax.
 *
 * @example
 * ```ts
 * htmlTable("claimbook-claims", ["Claim", { label: "Quote", minWidth: "18em" }], [[`<code>${escapeHtml(id)}</code>`, "“…”"]]);
 * ```
 */
export function htmlTable(className: string, columns: (string | TableColumn)[], rows: string[][]): string {
  const specs = columns.map((c) => (typeof c === "string" ? { label: c } : c));
  const style = (spec: TableColumn | undefined) =>
    CELL_STYLE + (spec?.minWidth ? `;min-width:${spec.minWidth}` : "") + (spec?.nowrap ? ";white-space:nowrap" : "");
  const head = specs.map((spec) => `<th style="${style(spec)}">${escapeHtml(spec.label)}</th>`).join("");
  const body = rows.map((cells) =>
    `<tr>${cells.map((cell, i) => `<td style="${style(specs[i])}">${cell}</td>`).join("")}</tr>`
  )
    .join("");
  return mathSafe(
    `<div style="overflow-x:auto"><table class="${escapeHtml(className)}" style="${TABLE_STYLE}">` +
      `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`,
  );
}
