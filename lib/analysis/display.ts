/**
 * Showing intermediate tables in a notebook: an HTML table for Jupyter and
 * the site, and a Markdown-like text table for plain front ends.
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "./jupyter.ts";
import type * as aq from "arquero";
import { escapeHtml, mathSafe } from "./html.ts";
import { formatEnUs } from "./number-format.ts";

/** How to show a table. */
export interface ShowOptions {
  /** Caption above the table: what it is, with units. */
  caption?: string;
  /** Most rows shown (default 50); the rest are counted. */
  limit?: number;
  /** Decimals for numbers (default: as stored, up to 3). */
  digits?: number;
}

/** A table ready to display. */
export class ShownTable {
  readonly table: aq.ColumnTable;
  readonly options: ShowOptions;

  constructor(table: aq.ColumnTable, options: ShowOptions) {
    this.table = table;
    this.options = options;
  }

  private cell(value: unknown): string {
    if (typeof value === "number") {
      return formatEnUs(value, { maximumFractionDigits: this.options.digits ?? 3, useGrouping: false });
    }
    return value === null || value === undefined ? "" : String(value);
  }

  /** Plain-text table. */
  toString(): string {
    const limit = this.options.limit ?? 50;
    const names = this.table.columnNames();
    const rows = (this.table.objects({ limit }) as Record<string, unknown>[]).map((r) =>
      names.map((n) => this.cell(r[n]))
    );
    const widths = names.map((n, i) => Math.max(n.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
    const more = this.table.numRows() > limit ? [`… ${this.table.numRows() - limit} more rows`] : [];
    return [
      ...(this.options.caption ? [this.options.caption] : []),
      line(names),
      line(widths.map((w) => "-".repeat(w))),
      ...rows.map(line),
      ...more,
    ].join("\n");
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, string> {
    const limit = this.options.limit ?? 50;
    const names = this.table.columnNames();
    const objects = this.table.objects({ limit }) as Record<string, unknown>[];
    // Numbers right, text left (Jupyter Notebook would right-align everything).
    const align = (n: string) =>
      objects.length > 0 && objects.every((r) => typeof r[n] === "number" || r[n] == null) ? "right" : "left";
    const head = names.map((n) => `<th style="text-align:${align(n)}">${escapeHtml(n)}</th>`).join("");
    const body = objects.map((r) =>
      `<tr>${
        names.map((n) =>
          `<td style="text-align:${typeof r[n] === "number" ? "right" : "left"};vertical-align:top">${
            escapeHtml(this.cell(r[n]))
          }</td>`
        ).join("")
      }</tr>`
    ).join("");
    const caption = this.options.caption
      ? `<caption style="text-align:left;font-weight:600">${escapeHtml(this.options.caption)}</caption>`
      : "";
    const more = this.table.numRows() > limit ? `<p><em>… ${this.table.numRows() - limit} more rows</em></p>` : "";
    return {
      "text/plain": this.toString(),
      "text/html": mathSafe(
        `<table class="claimbook-table" style="margin:0;table-layout:auto">${caption}<thead><tr>${head}</tr></thead>` +
          `<tbody>${body}</tbody></table>${more}`,
      ),
    };
  }
}

/**
 * Wraps an arquero table for display with a caption.
 *
 * @example
 * ```ts
 * show(aq.table({ year: [2011, 2016], balance: [-13.2, -27.6] }), { caption: "US goods balance, US$ billions" });
 * ```
 */
export function show(table: aq.ColumnTable, options: ShowOptions = {}): ShownTable {
  return new ShownTable(table, options);
}
