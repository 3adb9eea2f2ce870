/**
 * Markdown pipe tables, as the hand-compiled press-figure files in
 * `data/raw/` use them. Parsed with markdown-it (not by hand), so
 * escaped pipes and inline markup are handled as Markdown defines them.
 *
 * @module
 */

import MarkdownIt from "markdown-it";
import { FormatError } from "../errors.ts";

/** One table: its header cells and rows of cell text, with source lines. */
export interface MarkdownTable {
  header: string[];
  /** Cells by header name (`list` keeps them by position when headers repeat). */
  rows: { cells: Record<string, string>; list: string[]; line: number }[];
}

/**
 * Every table in a Markdown document, in order.
 *
 * @example
 * ```ts
 * const [table] = parseMarkdownTables("| a | b |\n|---|---|\n| 1 | 2 |\n", "x.md");
 * table.rows[0].cells.b; // "2"
 * ```
 */
export function parseMarkdownTables(markdown: string, source: string): MarkdownTable[] {
  const tokens = new MarkdownIt().parse(markdown, {});
  const tables: MarkdownTable[] = [];
  let current: MarkdownTable | undefined;
  let row: string[] | undefined;
  let rowLine = 0;
  let inHead = false;
  for (const token of tokens) {
    switch (token.type) {
      case "table_open":
        current = { header: [], rows: [] };
        break;
      case "thead_open":
        inHead = true;
        break;
      case "thead_close":
        inHead = false;
        break;
      case "tr_open":
        row = [];
        rowLine = (token.map?.[0] ?? 0) + 1;
        break;
      case "inline":
        if (row) row.push(token.content.trim());
        break;
      case "tr_close":
        if (!current || !row) break;
        if (inHead) current.header = row;
        else {
          const cells: Record<string, string> = {};
          current.header.forEach((name, i) => (cells[name] = row![i] ?? ""));
          current.rows.push({ cells, list: row, line: rowLine });
        }
        row = undefined;
        break;
      case "table_close":
        if (current) tables.push(current);
        current = undefined;
        break;
    }
  }
  if (tables.length === 0) throw new FormatError(source, "no Markdown table found");
  return tables;
}

/**
 * The first table whose header includes all the given columns.
 *
 * @example
 * ```ts
 * tableWithColumns(tables, ["Year", "Total trade"], "x.md");
 * ```
 */
export function tableWithColumns(tables: MarkdownTable[], columns: string[], source: string): MarkdownTable {
  const found = tables.find((t) => columns.every((c) => t.header.includes(c)));
  if (!found) {
    const seen = tables.map((t) => `[${t.header.join(" | ")}]`).join(", ");
    throw new FormatError(source, `no table with columns ${columns.join(", ")} (tables found: ${seen})`);
  }
  return found;
}
