/**
 * Charts on the site: a figure drawn from the chart's payload (title,
 * subtitle, source line, alt text) around our own SVG, with a "data (CSV)"
 * link to the rows written beside the page.
 *
 * @module
 */

import Papa from "papaparse";
import { CHART_SCHEMA, type ChartData } from "../../analysis/charts/payload.ts";
import { escapeHtml } from "../../analysis/html.ts";
import { SiteError } from "./errors.ts";
import { sanitizeChartSvg } from "./sanitize.ts";

/**
 * Checks that an output's chart payload has the shape the site renders.
 *
 * @example
 * ```ts
 * const data = asChartData(output.data["application/vnd.claimbook.chart+json"], "notebooks/x.ipynb, cell 6");
 * ```
 */
export function asChartData(payload: unknown, where: string): ChartData {
  const c = payload as Partial<ChartData> | null;
  const problems: string[] = [];
  if (typeof c !== "object" || c === null) throw new SiteError(where, "chart output is not a JSON object");
  if (c.schema !== CHART_SCHEMA) problems.push(`schema is ${JSON.stringify(c.schema)}, expected "${CHART_SCHEMA}"`);
  for (const key of ["name", "title", "source", "alt"] as const) {
    if (typeof c[key] !== "string") problems.push(`${key} missing`);
  }
  if (!Array.isArray(c.columns) || !Array.isArray(c.rows)) problems.push("columns or rows missing");
  if (problems.length > 0) {
    throw new SiteError(where, `malformed chart output (${problems.join("; ")}); re-run the notebook`);
  }
  return c as ChartData;
}

/**
 * The chart's rows as CSV, columns in the chart's order. Text cells that
 * spreadsheets would run as formulas are escaped.
 *
 * @example
 * ```ts
 * chartCsv({ columns: ["year", "value"], rows: [{ year: 2016, value: -27.6 }] } as ChartData);
 * // "year,value\r\n2016,-27.6"
 * ```
 */
export function chartCsv(data: Pick<ChartData, "columns" | "rows">): string {
  const columns = data.columns.length > 0 ? data.columns : Object.keys(data.rows[0] ?? {});
  const rows = data.rows.map((row) => columns.map((column) => csvValue(row[column])));
  return Papa.unparse({ fields: columns, data: rows }, { escapeFormulae: true });
}

function csvValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value;
}

/** A rendered chart figure and the style sheets lifted out of its SVG. */
export interface ChartFigure {
  html: string;
  styles: string[];
}

/** Where the figure sits and where its CSV lives. */
export interface ChartFigureOptions {
  /** Element id, unique in the page. */
  id: string;
  /** Link to the CSV, relative to the page. */
  csvHref: string;
}

/**
 * The chart figure. `svg` is our chart's SVG (from `image/svg+xml`); it is
 * still sanitized, and labelled with the chart's alt text.
 *
 * @example
 * ```ts
 * const figure = chartFigure(data, svg, { id: "chart-balance", csvHref: "data/x/balance.csv" });
 * figure.html.includes("data (CSV)"); // true
 * ```
 */
export function chartFigure(data: ChartData, svg: string | undefined, options: ChartFigureOptions): ChartFigure {
  const { svg: safeSvg, styles } = svg ? sanitizeChartSvg(svg, data.alt) : { svg: "", styles: [] };
  // Narrow screens get the chart drawn narrow (the style sheet shows one or the other).
  const narrow = safeSvg && typeof data.narrowSvg === "string" ? sanitizeChartSvg(data.narrowSvg, data.alt) : undefined;
  const picture = !safeSvg
    ? `<p class="chart-missing">The chart's picture was not in the notebook output; its data is linked below.</p>`
    : narrow
    ? `<div class="chart-svg chart-wide">${safeSvg}</div><div class="chart-svg chart-narrow">${narrow.svg}</div>`
    : `<div class="chart-svg">${safeSvg}</div>`;
  styles.push(...(narrow?.styles ?? []));
  const subtitle = data.subtitle ? `<span class="chart-subtitle">${escapeHtml(data.subtitle)}</span>` : "";
  const rows = `${data.rows.length} ${data.rows.length === 1 ? "row" : "rows"}`;
  const html = [
    `<figure class="chart" id="${escapeHtml(options.id)}">`,
    `<figcaption class="chart-caption"><span class="chart-title">${
      escapeHtml(data.title)
    }</span>${subtitle}</figcaption>`,
    picture,
    `<p class="chart-source"><span>Source: ${escapeHtml(data.source)}</span> · `,
    `<a href="${escapeHtml(options.csvHref)}" download>data (CSV)</a> <span class="muted">(${rows})</span></p>`,
    `</figure>`,
  ].join("");
  return { html, styles };
}
