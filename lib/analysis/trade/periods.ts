/**
 * Sums over parts of a year from monthly or quarterly tables: year-to-date,
 * half-years, quarters and complete calendar years. A period with months
 * missing is an error unless the caller allows partial periods, so a partial
 * year is never summed silently as if it were whole.
 *
 * @module
 */

import * as aq from "arquero";
import type { Table } from "../catalog/load.ts";
import { recordRowsRead } from "../catalog/rows-read.ts";

/** Options shared by the period sums. */
export interface PeriodSumOptions {
  /** Column(s) to sum. */
  value: string | string[];
  /** Columns to group by (e.g. partner code and name). */
  by?: string[];
  /** Year column (default `year`). */
  yearColumn?: string;
  /** Sub-annual period column (default `month`; use `quarter` for quarterly data). */
  periodColumn?: string;
  /** `require` (default): throw when a group lacks a period; `allow`: sum what is there. */
  complete?: "require" | "allow";
}

/** Options of `sumPeriods`. */
export interface SumPeriodsOptions extends PeriodSumOptions {
  year: number;
  /** Months (1–12) or quarters (1–4) to add up. */
  periods: number[];
}

/**
 * Sums `value` over the given months (or quarters) of one year, per group.
 * The result has the group columns, the sums, and `periods` (how many of the
 * requested periods had a row).
 *
 * @example
 * ```ts
 * // Jan–Jul 2018 exports and imports per partner:
 * sumPeriods(census, { year: 2018, periods: [1, 2, 3, 4, 5, 6, 7], value: ["exports", "imports"], by: ["cty_code"] });
 * ```
 */
export function sumPeriods(table: Table, options: SumPeriodsOptions): Table {
  const yearColumn = options.yearColumn ?? "year";
  const periodColumn = options.periodColumn ?? "month";
  const values = Array.isArray(options.value) ? options.value : [options.value];
  const by = options.by ?? [];
  const wanted = new Set(options.periods);
  for (const column of [yearColumn, periodColumn, ...values, ...by]) {
    if (!table.columnNames().includes(column)) {
      throw new RangeError(`no column "${column}" in the table (columns: ${table.columnNames().join(", ")})`);
    }
  }
  const rows = table.filter(
    aq.escape((d: Record<string, unknown>) => d[yearColumn] === options.year && wanted.has(d[periodColumn] as number)),
  );
  recordRowsRead(rows);
  const rollup: Record<string, unknown> = { periods: aq.op.distinct(periodColumn) };
  for (const v of values) rollup[v] = aq.op.sum(v);
  const summed = (by.length > 0 ? rows.groupby(by) : rows).rollup(rollup as never);
  if ((options.complete ?? "require") === "require") {
    const short = summed.filter(aq.escape((d: { periods: number }) => d.periods < wanted.size));
    if (short.numRows() > 0 || summed.numRows() === 0) {
      const first = short.numRows() > 0 ? short.object(0) as Record<string, unknown> : undefined;
      const who = first && by.length > 0 ? ` for ${by.map((k) => `${k}=${first[k]}`).join(", ")}` : "";
      const found = first ? first.periods : 0;
      throw new RangeError(
        `incomplete period${who}: ${found} of ${wanted.size} ${periodColumn}s of ${options.year} present; pass complete: "allow" to sum a partial period`,
      );
    }
  }
  return summed;
}

/** Options of `yearToDate`. */
export interface YearToDateOptions extends PeriodSumOptions {
  year: number;
  /** Last month included (e.g. 7 for January–July). */
  through: number;
}

/**
 * Year-to-date sums: January through month `through` of `year`.
 *
 * @example
 * ```ts
 * yearToDate(korea, { year: 2018, through: 7, value: "exports" }).get("exports", 0);
 * ```
 */
export function yearToDate(table: Table, options: YearToDateOptions): Table {
  if (options.through < 1 || options.through > 12) throw new RangeError(`through must be 1–12, got ${options.through}`);
  return sumPeriods(table, { ...options, periods: range(1, options.through) });
}

/** Options of `halfYear`. */
export interface HalfYearOptions extends PeriodSumOptions {
  year: number;
  half: 1 | 2;
}

/**
 * Half-year sums (H1 = January–June) from monthly data, or from quarterly
 * data with `periodColumn: "quarter"` (H1 = quarters 1 and 2).
 *
 * @example
 * ```ts
 * halfYear(korea, { year: 2017, half: 1, value: ["exports", "imports"] });
 * halfYear(beaQuarters, { year: 2018, half: 1, value: "balance", periodColumn: "quarter" });
 * ```
 */
export function halfYear(table: Table, options: HalfYearOptions): Table {
  if ((options.periodColumn ?? "month") === "quarter") {
    return sumPeriods(table, { ...options, periods: options.half === 1 ? [1, 2] : [3, 4] });
  }
  return sumPeriods(table, { ...options, periods: options.half === 1 ? range(1, 6) : range(7, 12) });
}

/** Options of `quarterSum`. */
export interface QuarterOptions extends PeriodSumOptions {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/**
 * One quarter's sum, from monthly data (or from quarterly data with
 * `periodColumn: "quarter"`).
 *
 * @example
 * ```ts
 * quarterSum(korea, { year: 2017, quarter: 3, value: "exports" });
 * ```
 */
export function quarterSum(table: Table, options: QuarterOptions): Table {
  if ((options.periodColumn ?? "month") === "quarter") {
    return sumPeriods(table, { ...options, periods: [options.quarter] });
  }
  const first = (options.quarter - 1) * 3 + 1;
  return sumPeriods(table, { ...options, periods: range(first, first + 2) });
}

/** Options of `sumQuarters`. */
export interface SumQuartersOptions extends Omit<PeriodSumOptions, "yearColumn" | "periodColumn"> {
  year: number;
  /** Quarters (1–4) to add up. */
  quarters: number[];
  /** The column naming each row's period as BEA prints it: "2018" for a year's row, "2018Q2" for a quarter's (default `period`). */
  periodColumn?: string;
}

/**
 * Sums `value` over quarters of one year, per group, from a table whose
 * period column names years and quarters alike ("2018", "2018Q1"), as BEA
 * prints them: only the quarters' rows are read, never the year's own row.
 * As `sumPeriods`, a group short of a quarter is an error unless
 * `complete: "allow"`; the result has `periods`, the quarters found.
 *
 * @example
 * ```ts
 * // First-half 2018 balances per partner, goods and services:
 * sumQuarters(bea.params({ a: "goods and services" }).filter((d, $) => d.account === $.a), {
 *   year: 2018, quarters: [1, 2], value: "balance", by: ["partner"],
 * });
 * ```
 */
export function sumQuarters(table: Table, options: SumQuartersOptions): Table {
  const column = options.periodColumn ?? "period";
  if (!table.columnNames().includes(column)) {
    throw new RangeError(`no column "${column}" in the table (columns: ${table.columnNames().join(", ")})`);
  }
  // "2018Q2" → year 2018, quarter 2; a year's own row ("2018") gets no quarter and is left out.
  const part = (d: Record<string, unknown>, index: 1 | 2) => {
    const match = typeof d[column] === "string" ? /^(\d{4})Q([1-4])$/.exec(d[column] as string) : null;
    return match ? Number(match[index]) : null;
  };
  const quarters = table
    .derive({
      year_of_period: aq.escape((d: Record<string, unknown>) => part(d, 1)),
      quarter: aq.escape((d: Record<string, unknown>) => part(d, 2)),
    })
    .filter((d: { year_of_period: number | null }) => d.year_of_period !== null);
  return sumPeriods(quarters, {
    ...options,
    periods: options.quarters,
    periodColumn: "quarter",
    yearColumn: "year_of_period",
  });
}

/** Options of `annualTotals`. */
export interface AnnualOptions {
  value: string | string[];
  by?: string[];
  yearColumn?: string;
  periodColumn?: string;
  /** Periods in a whole year: 12 for monthly data (default), 4 for quarterly. */
  periodsPerYear?: number;
}

/**
 * Calendar-year sums from monthly (or quarterly) data, with a `complete`
 * column saying whether every period of the year was present.
 *
 * @example
 * ```ts
 * annualTotals(korea, { value: ["exports", "imports"] }).filter((d) => d.complete);
 * ```
 */
export function annualTotals(table: Table, options: AnnualOptions): Table {
  const yearColumn = options.yearColumn ?? "year";
  const periodColumn = options.periodColumn ?? "month";
  const perYear = options.periodsPerYear ?? 12;
  const values = Array.isArray(options.value) ? options.value : [options.value];
  const rollup: Record<string, unknown> = { periods: aq.op.distinct(periodColumn) };
  for (const v of values) rollup[v] = aq.op.sum(v);
  recordRowsRead(table);
  return table
    .groupby([...(options.by ?? []), yearColumn])
    .rollup(rollup as never)
    .params({ perYear })
    .derive({ complete: (d: { periods: number }, $: { perYear: number }) => d.periods === $.perYear })
    .orderby([...(options.by ?? []), yearColumn]);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
