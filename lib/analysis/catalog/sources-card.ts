/**
 * A table of where the loaded data came from, for the top of a notebook:
 * resource, grade, publisher's table, vintage, rows and file hash.
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "../jupyter.ts";
import { escapeHtml, mathSafe } from "../html.ts";
import { type Provenance, provenanceOf } from "./load.ts";

/** Jupyter Notebook right-aligns table cells; text reads better from the left. */
const LEFT = "text-align:left;vertical-align:top";

/** Provenance of several tables, displayable in Jupyter. */
export class SourcesCard {
  readonly provenance: Provenance[];

  constructor(provenance: Provenance[]) {
    this.provenance = provenance;
  }

  /** Plain text. */
  toString(): string {
    return this.provenance.map((p) =>
      `${p.resource} [${p.grade}] ${p.rows} rows, sha256 ${p.sha256.slice(0, 12)}…\n  ${
        p.sources.map((s) => `${s.title}${s.vintage ? ` (${s.vintage})` : ""}`).join("\n  ")
      }`
    ).join("\n");
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const rows = this.provenance.map((p) =>
      `<tr><td style="${LEFT}"><code>${escapeHtml(p.resource)}</code><br>${
        escapeHtml(p.title)
      }</td><td style="${LEFT}">${escapeHtml(p.grade)}</td><td style="${LEFT}">${
        p.sources.map((s) =>
          `${s.path ? `<a href="${escapeHtml(s.path)}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title)}${
            s.vintage ? ` <small>(${escapeHtml(s.vintage)})</small>` : ""
          }`
        ).join("<br>")
      }</td><td style="text-align:right">${p.rows.toLocaleString("en-US")}</td><td style="${LEFT}"><code>${
        p.sha256.slice(0, 12)
      }…</code></td></tr>`
    ).join("");
    return {
      "text/plain": this.toString(),
      "text/html": mathSafe(
        `<table class="claimbook-sources" style="margin:0;table-layout:auto"><thead><tr><th style="${LEFT}">Resource</th><th style="${LEFT}">Grade</th>` +
          `<th style="${LEFT}">Source</th><th>Rows</th><th style="${LEFT}">SHA-256</th></tr></thead><tbody>${rows}</tbody></table>`,
      ),
    };
  }
}

/**
 * The provenance of tables returned by `load()`.
 *
 * @example
 * ```ts
 * sourcesCard(load("imf-dots-annual"), load("census-goods-by-partner-monthly"));
 * ```
 */
export function sourcesCard(...tables: object[]): SourcesCard {
  return new SourcesCard(tables.map((t, i) => {
    const p = provenanceOf(t);
    if (!p) throw new TypeError(`sourcesCard: argument ${i + 1} is not a table returned by load()`);
    return p;
  }));
}
