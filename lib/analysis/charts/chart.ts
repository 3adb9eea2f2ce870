/**
 * Charts: Observable Plot rendered to standalone SVG with linkedom's DOM.
 * A Chart displays inline in the Deno kernel and carries its title, source
 * line and data, so the site can print the source under it and link its CSV.
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "../jupyter.ts";
import * as Plot from "@observablehq/plot";
import * as aq from "arquero";
import { parseHTML } from "linkedom";
import { openCatalog, provenanceOf } from "../catalog/load.ts";
import { escapeHtml, mathSafe } from "../html.ts";
import { addSwatchLegend, type LegendDocument, type LegendElement } from "./legend.ts";
import { withTooltips } from "./tips.ts";
import { CHART_MIME, CHART_SCHEMA, type ChartData, type ChartRow } from "./payload.ts";

export { CHART_MIME, CHART_SCHEMA, type ChartData, type ChartRow };

/** Options of `chart`: Plot's options plus what a reader needs around the picture. */
export interface ChartOptions extends Omit<Plot.PlotOptions, "document" | "title" | "subtitle" | "caption"> {
  /** Title shown above the chart; says what is plotted. */
  title: string;
  /** Second line: units, period, definitions. */
  subtitle?: string;
  /** Where the numbers come from: text, or tables from `load()` / resource names. */
  source: string | (object | string)[];
  /** The data plotted, offered as CSV beside the chart (rows or an arquero table). */
  data: ChartRow[] | aq.ColumnTable;
  /** Text alternative describing what the chart shows. Defaults to the title. */
  alt?: string;
  /** File-name stem for the chart's CSV (default: from the title). */
  name?: string;
}

/** The part of linkedom's DOM that `chart` uses. */
interface MiniElement {
  tagName: string;
  textContent: string | null;
  firstChild: MiniElement | null;
  outerHTML: string;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): MiniElement | null;
  insertBefore(node: MiniElement, before: MiniElement | null): void;
}

interface MiniDocument {
  createElementNS(namespace: string, tag: string): MiniElement;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** A rendered chart. */
export class Chart {
  /** Standalone SVG (with `xmlns`, `<title>` and `<desc>`). */
  readonly svg: string;
  readonly data: ChartData;

  constructor(svg: string, data: ChartData) {
    this.svg = svg;
    this.data = data;
  }

  /** The chart's title. */
  get title(): string {
    return this.data.title;
  }

  /** The source line. */
  get source(): string {
    return this.data.source;
  }

  /** The data as CSV. */
  csv(): string {
    return aq.from(this.data.rows).toCSV();
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    const d = this.data;
    const html = [
      `<figure class="claimbook-chart" style="margin:8px 0;font-family:system-ui,sans-serif">`,
      `<figcaption><strong>${escapeHtml(d.title)}</strong>${
        d.subtitle ? `<br><span style="color:#57606a">${escapeHtml(d.subtitle)}</span>` : ""
      }</figcaption>`,
      this.svg,
      `<p style="font-size:12px;color:#57606a;margin:2px 0">Source: ${escapeHtml(d.source)}</p>`,
      `</figure>`,
    ].join("");
    return {
      "text/plain": `[chart] ${d.title} — source: ${d.source} (${d.rows.length} rows)`,
      "text/html": mathSafe(html),
      "image/svg+xml": this.svg,
      [CHART_MIME]: d,
    };
  }
}

/**
 * Renders an Observable Plot chart to SVG.
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * const rows = [{ year: 2011, balance: -13.2 }, { year: 2016, balance: -27.6 }];
 * const c = chart({
 *   title: "US goods balance with Korea",
 *   subtitle: "US$ billions",
 *   source: "U.S. Census Bureau",
 *   data: rows,
 *   y: { label: "US$ billions" },
 *   marks: [Plot.lineY(rows, { x: "year", y: "balance" })],
 * });
 * c.svg.startsWith("<svg"); // true
 * ```
 */
export function chart(options: ChartOptions): Chart {
  const { title, subtitle, source, data, alt, name, ...plotOptions } = options;
  const description = alt ?? title;
  const marks = withTooltips(plotOptions.marks ?? []) as Plot.Markish[];
  const svg = drawSvg({ ...plotOptions, marks }, title, description);
  // Phones: the same chart drawn narrow, with larger text, rather than the wide one shrunk to 5 px type.
  const width = plotOptions.width ?? DEFAULT_WIDTH;
  const narrowSvg = width > NARROW_WIDTH
    ? drawSvg(
      { ...plotOptions, marks, width: NARROW_WIDTH, style: plotOptions.style ?? NARROW_STYLE },
      title,
      description,
    )
    : undefined;
  const rows = Array.isArray(data) ? data : (data.objects() as ChartRow[]);
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  return new Chart(svg, {
    schema: CHART_SCHEMA,
    name: name ?? slug(title),
    title,
    ...(subtitle ? { subtitle } : {}),
    source: sourceLine(source),
    alt: description,
    columns,
    rows,
    ...(narrowSvg ? { narrowSvg } : {}),
  });
}

/** Plot's default width. */
const DEFAULT_WIDTH = 640;

/** Width of the chart drawn for narrow screens (a phone is about 360–430 px wide). */
export const NARROW_WIDTH = 360;

/** Text size of the narrow chart (Plot's default is 10 px). */
const NARROW_STYLE = { fontSize: "12px" };

/** Draws one standalone SVG: Plot's picture, legend inside, named by title and description. */
function drawSvg(
  plotOptions: Omit<ChartOptions, "title" | "subtitle" | "source" | "data" | "alt" | "name">,
  title: string,
  description: string,
): string {
  const { document } = parseHTML("<!DOCTYPE html><html><body></body></html>") as unknown as { document: MiniDocument };
  // Plot draws legends as HTML beside the SVG; draw them inside it instead (see legend.ts).
  const color = plotOptions.color as { legend?: boolean } | undefined;
  const wantsLegend = color?.legend === true;
  const plotInput = wantsLegend ? { ...plotOptions, color: { ...color, legend: false } } : plotOptions;
  const svg = Plot.plot({ ...plotInput, document } as unknown as Plot.PlotOptions) as unknown as MiniElement & {
    scale(name: string): { domain: unknown[]; range: string[] } | undefined;
  };
  if (svg.tagName.toLowerCase() !== "svg") {
    throw new Error(
      `chart "${title}": Plot did not produce a single SVG (leave title, caption and legends to chart())`,
    );
  }
  if (wantsLegend) {
    const scale = svg.scale("color");
    if (scale) {
      addSwatchLegend(
        document as unknown as LegendDocument,
        svg as unknown as LegendElement,
        scale.domain,
        scale.range,
      );
    }
  }
  svg.setAttribute("xmlns", SVG_NS);
  svg.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", description);
  // SVG-namespace elements serialise as XML, so their text is escaped in the standalone SVG.
  const titleElement = document.createElementNS(SVG_NS, "title");
  titleElement.textContent = title;
  const descElement = document.createElementNS(SVG_NS, "desc");
  descElement.textContent = description;
  svg.insertBefore(descElement, svg.firstChild);
  svg.insertBefore(titleElement, svg.firstChild);
  return svg.outerHTML;
}

/**
 * A source line from text, loaded tables or resource names.
 *
 * @example
 * ```ts
 * sourceLine(["imf-dots-annual"]); // "IMF, Direction of Trade Statistics (DOTS) …"
 * ```
 */
export function sourceLine(source: string | (object | string)[]): string {
  if (typeof source === "string") return source;
  const titles = source.map((s) => {
    if (typeof s === "string") {
      const r = openCatalog().resource(s);
      return r.sources.map((x) => x.title).join("; ");
    }
    const p = provenanceOf(s);
    if (!p) throw new TypeError("chart source: pass tables returned by load(), resource names, or text");
    return p.sources.map((x) => x.title).join("; ");
  });
  return [...new Set(titles)].join("; ");
}

function slug(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "chart";
}
