/**
 * Questions about one series over time: in which period it peaked, and
 * whether a period's value was a record (above every earlier period).
 *
 * @module
 */

import type { Table } from "../catalog/load.ts";
import { recordRowsRead } from "../catalog/rows-read.ts";

/** Options naming a table's period and value columns. */
export interface SeriesColumns {
  /** Period column (default `year`); numbers or sortable labels such as `2016-04` or `2018Q2`. */
  period?: string;
}

/** A period with its value. */
export interface PeriodPoint {
  period: number | string;
  value: number;
}

function points(table: Table, value: string, period: string): PeriodPoint[] {
  for (const column of [value, period]) {
    if (!table.columnNames().includes(column)) {
      throw new RangeError(`no column "${column}" in the table (columns: ${table.columnNames().join(", ")})`);
    }
  }
  recordRowsRead(table);
  const values = table.array(value) as unknown[];
  const periods = table.array(period) as unknown[];
  return periods.map((p, i) => {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`${value} is ${v === null || v === undefined ? "missing" : "not a number"} in period ${p}`);
    }
    if (typeof p !== "number" && typeof p !== "string") throw new TypeError(`period ${String(p)} is not a label`);
    return { period: p, value: v };
  }).sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

/**
 * The period in which `column` is largest (the earliest, if several tie).
 * Throws on an empty table or a missing value.
 *
 * @example
 * ```ts
 * periodOfMax(aq.from([{ period: "2016-03", d: 17.3 }, { period: "2016-04", d: 17.6 }]), "d", { period: "period" });
 * // "2016-04"
 * ```
 */
export function periodOfMax(table: Table, column: string, options: SeriesColumns = {}): number | string {
  const series = points(table, column, options.period ?? "year");
  if (series.length === 0) throw new RangeError(`no rows: the maximum of "${column}" is undefined`);
  return series.reduce((best, p) => (p.value > best.value ? p : best)).period;
}

/**
 * The year in which `column` is largest (the earliest, if several tie).
 *
 * @example
 * ```ts
 * // Korea's surplus with the US, Korea-reported (US$ millions):
 * yearOfMax(aq.from([{ year: 2014, balance: 25_277 }, { year: 2015, balance: 25_906 }]), "balance"); // 2015
 * ```
 */
export function yearOfMax(table: Table, column: string, options: { yearColumn?: string } = {}): number {
  const found = periodOfMax(table, column, { period: options.yearColumn ?? "year" });
  if (typeof found !== "number") throw new TypeError(`the year column holds ${typeof found}s, not years`);
  return found;
}

/** Whether a period's value was a record, and the high it beat. */
export interface RecordCheck {
  /** True when the value is above every earlier period's (at hand). */
  record: boolean;
  /** The period checked and its value. */
  at: PeriodPoint;
  /** The highest earlier period. */
  previousHigh: PeriodPoint;
  /** How many earlier periods were compared. */
  earlier: number;
}

/**
 * Whether the value in period `at` is higher than in every earlier period of
 * the table (later periods do not count: a record is judged when it is set).
 * Only the periods at hand are compared, so "a record since 1956" needs a
 * series that goes back to 1956. Throws when no earlier period is at hand.
 *
 * @example
 * ```ts
 * const months = aq.from([
 *   { period: "2014-10", exports: 51_630 },
 *   { period: "2017-09", exports: 55_130 },
 *   { period: "2018-09", exports: 50_580 },
 * ]);
 * recordAt(months, { value: "exports", period: "period", at: "2017-09" }).record; // true
 * ```
 */
export function recordAt(
  table: Table,
  options: { value: string; at: number | string } & SeriesColumns,
): RecordCheck {
  const series = points(table, options.value, options.period ?? "year");
  const at = series.filter((p) => p.period === options.at);
  if (at.length !== 1) {
    throw new RangeError(`${at.length === 0 ? "no" : at.length} rows for period ${options.at}; select one series`);
  }
  const earlier = series.filter((p) => p.period < options.at);
  if (earlier.length === 0) {
    throw new RangeError(`no period before ${options.at} is at hand: a record cannot be judged`);
  }
  const previousHigh = earlier.reduce((best, p) => (p.value > best.value ? p : best));
  return {
    record: at[0].value > previousHigh.value,
    at: at[0],
    previousHigh,
    earlier: earlier.length,
  };
}
