/**
 * The change report of an update: for each resource, rows before and after,
 * periods added and removed, values revised (old → new, % change), which
 * series moved, and whether any series shrank (which the updater refuses to
 * write without `--allow-shrink`). Pure functions over typed rows, so the
 * report can be tested without a network or a file.
 *
 * @module
 */

import type { FieldType, VintageDescriptor } from "../../analysis/catalog/datapackage.ts";
import type { Cell } from "../../analysis/catalog/validate.ts";

/** A row as the catalog types it. */
export type TypedRow = Record<string, Cell>;

/** How a table splits into series and periods. Number fields are the values compared; other fields are attributes. */
export interface TableShape {
  fields: { name: string; type: FieldType }[];
  /** Fields naming a series. */
  series: string[];
  /** Fields naming the period within a series (series + period = primary key). */
  period: string[];
  /** Fields shown beside the series key (e.g. a partner's name). */
  labels?: string[];
}

/** One value that changed between the current file and the fetched data. */
export interface Revision {
  /** Series and period, e.g. `5800 KOREA, SOUTH 2018-07`. */
  key: string;
  field: string;
  old: Cell;
  new: Cell;
  /** Change in percent of the old value (null for text, or when the old value is 0). */
  percent: number | null;
  /** Moved by a factor of more than 10 or changed sign: often a unit change at the publisher. */
  suspicious: boolean;
}

/** A value present now where there was none before (a new period, or a gap filled). */
export interface Addition {
  /** Series and period, e.g. `USA WLD exports 2023`. */
  key: string;
  field: string;
  value: Cell;
}

/** A series (one value field of it) that lost periods. */
export interface SeriesShrink {
  /** Series and value field, e.g. `5800 KOREA, SOUTH exports`. */
  series: string;
  before: number;
  after: number;
  /** Periods no longer present (first ones, sorted). */
  removed: string[];
}

/** How one series moved. */
export interface SeriesChange {
  series: string;
  added: number;
  removed: number;
  revised: number;
}

/** What changed in one resource. */
export interface ResourceChange {
  name: string;
  status: "new" | "changed" | "unchanged";
  /** Null when the resource is new. */
  rowsBefore: number | null;
  rowsAfter: number;
  /** `months`, `years` or `periods`. */
  periodUnit: string;
  /** Periods present now and in no row before. */
  periodsAdded: string[];
  /** Periods present before and in no row now. */
  periodsRemoved: string[];
  valuesAdded: number;
  /** The values added (at most `keep`, in key order). */
  additions: Addition[];
  valuesRemoved: number;
  revisionCount: number;
  /** The largest revisions first (at most `keep`). */
  revisions: Revision[];
  seriesChangedCount: number;
  /** Series that moved (at most `keep`, most changes first). */
  seriesChanged: SeriesChange[];
  /** Series that lost values; non-empty means the update is refused without `--allow-shrink`. */
  shrunk: SeriesShrink[];
  unchangedRows: number;
  /** The vintage of the figures before (null when the resource is new) and after the update, when known. */
  vintage?: { before: VintageDescriptor | null; after: VintageDescriptor };
}

/** Options of `compareTables`. */
export interface CompareOptions {
  /** How many revisions and series to keep in the report (default 50). */
  keep?: number;
}

/**
 * Compares the rows of a resource before and after an update.
 *
 * @example
 * ```ts
 * const shape = { fields: [{ name: "year", type: "year" as const }, { name: "value", type: "number" as const }], series: [], period: ["year"] };
 * const change = compareTables("x", shape, [{ year: 2019, value: 100 }], [{ year: 2019, value: 110 }, { year: 2020, value: 90 }]);
 * change.revisions[0].percent; // 10
 * change.periodsAdded; // ["2020"]
 * ```
 */
export function compareTables(
  name: string,
  shape: TableShape,
  before: TypedRow[] | null,
  after: TypedRow[],
  options: CompareOptions = {},
): ResourceChange {
  const keep = options.keep ?? 50;
  const keyFields = [...shape.series, ...shape.period];
  const measures = shape.fields.filter((f) => f.type === "number" && !keyFields.includes(f.name)).map((f) => f.name);
  const attributes = shape.fields.filter((f) => f.type !== "number" && !keyFields.includes(f.name)).map((f) => f.name);
  const labelFields = [...shape.series, ...(shape.labels ?? [])];
  // Each row's key and labels are computed once, into arrays by row: a 36k-row comparison runs this per row.
  const old = new Map<string, number>();
  const was = labelled(before ?? [], labelFields, shape.period);
  const now = labelled(after, labelFields, shape.period);
  (before ?? []).forEach((row, i) => old.set(rowKey(row, keyFields), i));
  const measureSeries = (series: string, measure: string) => (measures.length > 1 ? `${series} ${measure}` : series);

  const counts = { before: new Map<string, number>(), after: new Map<string, number>() };
  const tally = (map: Map<string, number>, rows: TypedRow[], series: string[]) => {
    for (let i = 0; i < rows.length; i++) {
      for (const m of measures) {
        if (rows[i][m] === null) continue;
        const label = measureSeries(series[i], m);
        map.set(label, (map.get(label) ?? 0) + 1);
      }
    }
  };
  tally(counts.before, before ?? [], was.series);
  tally(counts.after, after, now.series);

  const series = new Map<string, SeriesChange>();
  const seriesEntry = (label: string) => {
    let entry = series.get(label);
    if (!entry) series.set(label, entry = { series: label, added: 0, removed: 0, revised: 0 });
    return entry;
  };
  const removedPeriods = new Map<string, string[]>();
  const noteRemoved = (at: number, measure: string) => {
    const label = measureSeries(was.series[at], measure);
    const periods = removedPeriods.get(label);
    if (periods) periods.push(was.period[at]);
    else removedPeriods.set(label, [was.period[at]]);
    seriesEntry(was.series[at]).removed++;
  };

  const revisions: Revision[] = [];
  const additions: Addition[] = [];
  let valuesAdded = 0;
  let valuesRemoved = 0;
  let unchangedRows = 0;
  const seen = new Uint8Array(before?.length ?? 0);
  for (let i = 0; i < after.length; i++) {
    const row = after[i];
    const at = old.get(rowKey(row, keyFields));
    const previous = at === undefined ? undefined : before![at];
    if (at !== undefined) seen[at] = 1;
    const key = () => `${now.series[i]} ${now.period[i]}`;
    let changed = false;
    for (const m of measures) {
      const was = previous ? previous[m] : null;
      const value = row[m];
      if (was === value) continue;
      changed = true;
      if (was === null) {
        valuesAdded++;
        additions.push({ key: key(), field: m, value });
        seriesEntry(now.series[i]).added++;
      } else if (value === null) {
        valuesRemoved++;
        noteRemoved(at!, m);
      } else {
        revisions.push(revision(key(), m, was, value));
        seriesEntry(now.series[i]).revised++;
      }
    }
    if (previous) {
      for (const a of attributes) {
        if (previous[a] === row[a]) continue;
        changed = true;
        revisions.push(revision(key(), a, previous[a], row[a]));
        seriesEntry(now.series[i]).revised++;
      }
    }
    if (previous && !changed) unchangedRows++;
  }
  for (const at of old.values()) {
    if (seen[at]) continue;
    for (const m of measures) {
      if (before![at][m] === null) continue;
      valuesRemoved++;
      noteRemoved(at, m);
    }
  }

  const shrunk: SeriesShrink[] = [...removedPeriods].map(([label, periods]) => ({
    series: label,
    before: counts.before.get(label) ?? 0,
    after: counts.after.get(label) ?? 0,
    removed: [...periods].sort().slice(0, 12),
  })).sort((a, b) => b.removed.length - a.removed.length || compareText(a.series, b.series));

  revisions.sort((a, b) =>
    Math.abs(b.percent ?? -1) - Math.abs(a.percent ?? -1) || compareText(a.key, b.key) ||
    compareText(a.field, b.field)
  );
  const moved = [...series.values()].sort((a, b) =>
    b.added + b.removed + b.revised - (a.added + a.removed + a.revised) || compareText(a.series, b.series)
  );
  const oldPeriods = new Set(was.period);
  const newPeriods = new Set(now.period);
  const isChanged = before === null || revisions.length > 0 || valuesAdded > 0 || valuesRemoved > 0 ||
    before.length !== after.length;
  return {
    name,
    status: before === null ? "new" : isChanged ? "changed" : "unchanged",
    rowsBefore: before === null ? null : before.length,
    rowsAfter: after.length,
    periodUnit: periodUnit(shape.period),
    periodsAdded: [...newPeriods].filter((p) => !oldPeriods.has(p)).sort(),
    periodsRemoved: [...oldPeriods].filter((p) => !newPeriods.has(p)).sort(),
    valuesAdded,
    additions: additions.sort((a, b) => compareText(a.key, b.key) || compareText(a.field, b.field)).slice(0, keep),
    valuesRemoved,
    revisionCount: revisions.length,
    revisions: revisions.slice(0, keep),
    seriesChangedCount: moved.length,
    seriesChanged: moved.slice(0, keep),
    shrunk,
    unchangedRows,
  };
}

/** The key of a row: its key fields' values as JSON (a string "1" and a number 1 differ), without the brackets. */
function rowKey(row: TypedRow, fields: string[]): string {
  let key = "";
  for (let i = 0; i < fields.length; i++) {
    const value = row[fields[i]];
    const text = typeof value === "string"
      ? JSON.stringify(value)
      : value === undefined || (typeof value === "number" && !Number.isFinite(value))
      ? "null"
      : String(value);
    key = i === 0 ? text : `${key},${text}`;
  }
  return key;
}

/** The series and period labels of each row, by row. */
function labelled(rows: TypedRow[], labelFields: string[], period: string[]): { series: string[]; period: string[] } {
  const series = new Array<string>(rows.length);
  const periods = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    series[i] = seriesLabel(rows[i], labelFields);
    periods[i] = periodLabel(rows[i], period);
  }
  return { series, period: periods };
}

/**
 * The refusal message for a resource whose series shrank, or undefined.
 *
 * @example
 * ```ts
 * shrinkRefusal(change);
 * // "census-goods-by-partner-monthly: series 5800 KOREA, SOUTH exports shrank: 144 → 132 months (gone: 2024-01 … 2024-12); refusing to write; pass --allow-shrink if intended"
 * ```
 */
export function shrinkRefusal(change: ResourceChange): string | undefined {
  const [first, ...rest] = change.shrunk;
  if (!first) return undefined;
  const more = rest.length > 0 ? ` and ${rest.length} more series` : "";
  return `${change.name}: series ${first.series} shrank: ${first.before} → ${first.after} ${change.periodUnit} (gone: ${
    span(first.removed)
  })${more}; refusing to write; pass --allow-shrink if intended`;
}

/** Options of `formatChanges`. */
export interface FormatOptions {
  /** Revisions and series shown per resource (default 10). */
  show?: number;
}

/**
 * The report as a readable table followed by the details of each resource
 * that changed.
 *
 * @example
 * ```ts
 * console.log(formatChanges([change]));
 * ```
 */
export function formatChanges(changes: ResourceChange[], options: FormatOptions = {}): string {
  const show = options.show ?? 10;
  const header = ["resource", "rows before → after", "periods +/−", "values +/−", "revised", "status"];
  const table = changes.map((c) => [
    c.name,
    `${c.rowsBefore === null ? "—" : formatNumber(c.rowsBefore)} → ${formatNumber(c.rowsAfter)}`,
    `+${c.periodsAdded.length} / −${c.periodsRemoved.length}`,
    `+${formatNumber(c.valuesAdded)} / −${formatNumber(c.valuesRemoved)}`,
    formatNumber(c.revisionCount),
    c.shrunk.length > 0 ? `${c.status}, SHRANK` : c.status,
  ]);
  const lines = [...alignColumns([header, ...table])];
  for (const c of changes) {
    if (c.status === "unchanged") continue;
    lines.push("", `${c.name}: ${summary(c)}`);
    if (c.vintage) lines.push(`  vintage: ${vintageText(c.vintage.before)} → ${vintageText(c.vintage.after)}`);
    if (c.periodsAdded.length > 0) lines.push(`  ${c.periodUnit} added: ${span(c.periodsAdded)}`);
    if (c.periodsRemoved.length > 0) lines.push(`  ${c.periodUnit} removed: ${span(c.periodsRemoved)}`);
    for (const s of c.shrunk.slice(0, show)) {
      lines.push(`  shrank: ${s.series} ${s.before} → ${s.after} ${c.periodUnit} (gone: ${span(s.removed)})`);
    }
    if (c.status === "changed" && c.additions.length > 0) {
      const shown = c.additions.slice(0, show);
      lines.push(`  added (${shown.length} of ${formatNumber(c.valuesAdded)}):`);
      for (const a of shown) lines.push(`    ${a.key}  ${a.field}: ${formatCell(a.value)}`);
    }
    if (c.revisions.length > 0) {
      const shown = c.revisions.slice(0, show);
      const between = c.vintage?.before ? ` between the two vintages` : "";
      lines.push(`  revised${between} (largest first, ${shown.length} of ${formatNumber(c.revisionCount)}):`);
      for (const r of shown) {
        const percent = r.percent === null ? "" : `  (${r.percent >= 0 ? "+" : ""}${r.percent.toFixed(2)}%)`;
        const flag = r.suspicious ? "  ← more than ×10 or sign change: check the unit" : "";
        lines.push(`    ${r.key}  ${r.field}: ${formatCell(r.old)} → ${formatCell(r.new)}${percent}${flag}`);
      }
    }
    if (c.status === "changed" && c.seriesChanged.length > 0) {
      const shown = c.seriesChanged.slice(0, show).map((s) => {
        const parts = [
          s.added ? `+${s.added}` : "",
          s.removed ? `−${s.removed}` : "",
          s.revised ? `${s.revised} revised` : "",
        ];
        return `${s.series} (${parts.filter(Boolean).join(", ")})`;
      });
      const more = c.seriesChangedCount > shown.length ? `, … ${c.seriesChangedCount - shown.length} more` : "";
      lines.push(`  series changed (${c.seriesChangedCount}): ${shown.join("; ")}${more}`);
    }
  }
  return lines.join("\n");
}

function vintageText(vintage: VintageDescriptor | null): string {
  return vintage ? `${vintage.label} (${vintage.date})` : "none";
}

function summary(c: ResourceChange): string {
  if (c.status === "new") {
    return `new resource, ${formatNumber(c.rowsAfter)} rows, ${c.periodUnit} ${span(c.periodsAdded)}`;
  }
  const parts = [];
  if (c.valuesAdded) parts.push(`${formatNumber(c.valuesAdded)} values added`);
  if (c.valuesRemoved) parts.push(`${formatNumber(c.valuesRemoved)} values removed`);
  if (c.revisionCount) parts.push(`${formatNumber(c.revisionCount)} revised`);
  return `${parts.join(", ") || "rewritten (same values)"} in ${c.seriesChangedCount} series`;
}

function revision(key: string, field: string, was: Cell, now: Cell): Revision {
  const numeric = typeof was === "number" && typeof now === "number";
  const percent = numeric && was !== 0 ? round(((now - was) / Math.abs(was)) * 100, 4) : null;
  const suspicious = numeric && was !== 0 && now !== 0 &&
    (Math.abs(now / was) > 10 || Math.abs(now / was) < 0.1 || Math.sign(now) !== Math.sign(was));
  return { key, field, old: was, new: now, percent, suspicious };
}

function seriesLabel(row: TypedRow, fields: string[]): string {
  let label = "";
  for (const field of fields) {
    const value = row[field];
    if (value === null || value === "") continue;
    label = label === "" ? String(value) : `${label} ${value}`;
  }
  return label === "" ? "(all)" : label;
}

function periodLabel(row: TypedRow, period: string[]): string {
  if (period.length === 2 && period[0] === "year" && period[1] === "month") {
    return `${row.year}-${String(row.month).padStart(2, "0")}`;
  }
  return period.map((f) => row[f]).join("-");
}

function periodUnit(period: string[]): string {
  if (period.includes("month")) return "months";
  if (period.length === 1 && period[0] === "year") return "years";
  return "periods";
}

/** A sorted list of periods as `first … last (n)`, or the items when few. */
function span(periods: string[]): string {
  if (periods.length === 0) return "none";
  if (periods.length <= 3) return periods.join(", ");
  return `${periods[0]} … ${periods[periods.length - 1]} (${periods.length})`;
}

function formatCell(value: Cell): string {
  if (value === null) return "(empty)";
  if (typeof value === "number") return formatNumber(value);
  return JSON.stringify(value);
}

function formatNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 6 });
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "));
}
