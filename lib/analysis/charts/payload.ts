/**
 * What a chart output carries for the site (its MIME type and payload),
 * apart from the drawing: the site reads charts' payloads without loading
 * Observable Plot, linkedom and arquero, which only `chart()` needs.
 *
 * @module
 */

/** MIME type of a chart's metadata output. */
export const CHART_MIME = "application/vnd.claimbook.chart+json";

/** Schema tag of the chart payload. */
export const CHART_SCHEMA = "claimbook.chart/1";

/** A row of chart data. */
export type ChartRow = Record<string, unknown>;

/** The chart payload, as emitted under `application/vnd.claimbook.chart+json`. */
export interface ChartData {
  schema: typeof CHART_SCHEMA;
  name: string;
  title: string;
  subtitle?: string;
  source: string;
  alt: string;
  columns: string[];
  rows: ChartRow[];
  /** The chart drawn for narrow screens (at `NARROW_WIDTH` px of chart.ts, larger text), when the chart is wider. */
  narrowSvg?: string;
}
