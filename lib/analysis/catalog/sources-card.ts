/**
 * A table of where the loaded data came from, for the top of a notebook:
 * resource, grade, publisher's table, vintage, rows and file hash.
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "../jupyter.ts";
import { escapeHtml } from "../html.ts";
import { type Provenance, provenanceOf } from "./load.ts";

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
      `<tr><td><code>${escapeHtml(p.resource)}</code><br>${escapeHtml(p.title)}</td><td>${
        escapeHtml(p.grade)
      }</td><td>${
        p.sources.map((s) =>
          `${s.path ? `<a href="${escapeHtml(s.path)}">${escapeHtml(s.title)}</a>` : escapeHtml(s.title)}${
            s.vintage ? ` <small>(${escapeHtml(s.vintage)})</small>` : ""
          }`
        ).join("<br>")
      }</td><td style="text-align:right">${p.rows.toLocaleString("en-US")}</td><td><code>${
        p.sha256.slice(0, 12)
      }…</code></td></tr>`
    ).join("");
    return {
      "text/plain": this.toString(),
      "text/html":
        `<table class="claimbook-sources"><thead><tr><th>Resource</th><th>Grade</th><th>Source</th><th>Rows</th><th>SHA-256</th></tr></thead><tbody>${rows}</tbody></table>`,
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
