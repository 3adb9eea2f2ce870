/**
 * Tooltips for chart marks, without any script: every bar, dot, cell or
 * tick gets an SVG `<title>` naming the values of its row, and a line gets
 * an invisible dot at each of its points carrying the same, so hovering a
 * mark (or long-pressing it) tells its value.
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { formatEnUs } from "../number-format.ts";

/** Mark types whose elements are one per row. */
const ROW_MARKS = new Set(["bar", "dot", "cell", "rect", "tick"]);

/** The parts of an Observable Plot mark this module reads (Plot 0.6). */
interface MarkInternals {
  ariaLabel?: string;
  data?: unknown;
  channels?: Record<string, { value?: unknown } | undefined>;
  fx?: unknown;
  fy?: unknown;
}

/**
 * A row's values as a tooltip, one `name: value` per line.
 *
 * @example
 * ```ts
 * describeRow({ year: 2016, usd_bn: -27.6123, series: "Census" }); // "year: 2016\nusd_bn: −27.612\nseries: Census"
 * ```
 */
export function describeRow(row: unknown): string {
  if (row === null || typeof row !== "object") return String(row);
  return Object.entries(row as Record<string, unknown>)
    .filter(([, value]) =>
      value === null || ["string", "number", "boolean"].includes(typeof value) || value instanceof Date
    )
    .map(([key, value]) => `${key}: ${formatValue(value)}`)
    .join("\n");
}

function formatValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") {
    const text = formatEnUs(Math.abs(value), { maximumFractionDigits: 3, useGrouping: false });
    return value < 0 ? `−${text}` : text;
  }
  return String(value);
}

function rowsOf(mark: MarkInternals): boolean {
  const data = mark.data as ArrayLike<unknown> | undefined;
  return !!data && typeof data.length === "number" && data.length > 0 && typeof data[0] === "object" &&
    data[0] !== null;
}

/**
 * The marks with tooltips added (marks that already have a `title` are left
 * as they are). Row marks get a `title` channel; each line is followed by
 * invisible dots at its points.
 *
 * @example
 * ```ts
 * const marks = withTooltips([Plot.line(rows, { x: "year", y: "balance" })]);
 * marks.length; // 2: the line, and its points
 * ```
 */
export function withTooltips(marks: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of marks) {
    out.push(item);
    const mark = item as MarkInternals | null;
    if (!mark || typeof mark !== "object" || !mark.channels || mark.channels.title || !rowsOf(mark)) continue;
    if (ROW_MARKS.has(mark.ariaLabel ?? "")) {
      mark.channels.title = { value: (row: unknown) => describeRow(row), optional: true, filter: null } as {
        value: unknown;
      };
    } else if (mark.ariaLabel === "line" && mark.channels.x && mark.channels.y) {
      out.push(Plot.dot(mark.data as Plot.Data, {
        x: mark.channels.x.value as Plot.ChannelValue,
        y: mark.channels.y.value as Plot.ChannelValue,
        ...(mark.fx !== undefined ? { fx: mark.fx as Plot.ChannelValue } : {}),
        ...(mark.fy !== undefined ? { fy: mark.fy as Plot.ChannelValue } : {}),
        r: 5,
        fill: "currentColor",
        fillOpacity: 0,
        title: (row: unknown) => describeRow(row),
      }));
    }
  }
  return out;
}
