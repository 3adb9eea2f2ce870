/**
 * Which rows of each loaded table were read since the last verdict, so a
 * verdict can name the rows of its sources that its figure came from.
 *
 * `load()` registers every table it returns. The lookup helpers
 * (`valueAt`, `yearToDate`, `annualTotals`, `rankBy`, `yearOfMax`, …) call
 * `recordRowsRead` with the rows they read: a table `load()` returned, or a
 * view of one that arquero made without copying its columns (`filter`,
 * `params`, `orderby`, `derive`, `select`, `groupby`), whose row indices are
 * still those of the loaded table. A table made by `join`, `rollup` or
 * `aq.from` shares no column with a loaded table and records nothing.
 * `check()` takes the rows of each of its sources with `takeRowsRead`, then
 * forgets every row read (`forgetRowsRead`).
 *
 * @module
 */

import type * as aq from "arquero";

/** A loaded table, and how its rows map to the rows of its file. */
interface Origin {
  table: object;
  /** Rows of the table (arquero's total rows). */
  size: number;
  /**
   * The file row of each table row: absent when the table holds every row of
   * the file in order; `null` when unknown (then no rows are reported).
   */
  fileRows?: ArrayLike<number> | null;
}

const originOfColumn = new WeakMap<object, Origin>();
const originOfTable = new WeakMap<object, Origin>();
const readSince = new Map<Origin, Set<number>>();

/**
 * Registers a table `load()` returned, so that reads of it and of its views
 * are recorded. `fileRows` gives, for a table holding some rows of its file
 * (a `where` selection), the 0-based file row of each of its rows, or `null`
 * when they are not known.
 *
 * @example
 * ```ts
 * registerLoadedTable(aq.table({ year: [2019, 2020] }));
 * ```
 */
export function registerLoadedTable(table: aq.ColumnTable, fileRows?: ArrayLike<number> | null): void {
  const origin: Origin = { table, size: table.totalRows(), ...(fileRows === undefined ? {} : { fileRows }) };
  originOfTable.set(table, origin);
  for (const name of table.columnNames()) {
    const column = table.column(name);
    if (column && typeof column === "object") originOfColumn.set(column, origin);
  }
}

/**
 * Records that every row of `view` was read, when `view` is a table `load()`
 * returned or a view of one (see the module note); otherwise does nothing.
 *
 * @example
 * ```ts
 * recordRowsRead(dots.filter((d) => d.year === 2019));
 * ```
 */
export function recordRowsRead(view: aq.ColumnTable): void {
  recordRowIndicesRead(view, view.indices(false));
}

/**
 * Records that the given rows of `table` were read: indices into its columns (arquero's data rows, as
 * `table.indices()` gives them), for a lookup that found them without making a view.
 *
 * @example
 * ```ts
 * recordRowIndicesRead(dots, [1234]);
 * ```
 */
export function recordRowIndicesRead(table: aq.ColumnTable, indices: Iterable<number>): void {
  const origin = originOf(table);
  if (!origin) return;
  let rows = readSince.get(origin);
  if (!rows) readSince.set(origin, rows = new Set());
  for (const row of indices) rows.add(row);
}

/**
 * The 0-based rows of the file behind `table` (a table `load()` returned)
 * read since the last verdict, sorted; `undefined` when none were recorded
 * or they cannot be mapped to the file. Forgets them.
 *
 * @example
 * ```ts
 * valueAt(dots, "value", { reporter: "KOR", partner: "RUS", flow: "exports", year: 2019 });
 * takeRowsRead(dots); // e.g. [1234]
 * ```
 */
export function takeRowsRead(table: object): number[] | undefined {
  const origin = originOfTable.get(table);
  const rows = origin && readSince.get(origin);
  if (!origin || !rows || rows.size === 0) return undefined;
  readSince.delete(origin);
  if (origin.fileRows === null) return undefined;
  const fileRows = origin.fileRows;
  const mapped = fileRows ? Array.from(rows, (row) => fileRows[row]) : [...rows];
  return mapped.sort((a, b) => a - b);
}

/**
 * Forgets every row read: a verdict names only the rows read since the
 * previous one.
 *
 * @example
 * ```ts
 * forgetRowsRead();
 * ```
 */
export function forgetRowsRead(): void {
  readSince.clear();
}

function originOf(view: aq.ColumnTable): Origin | undefined {
  const total = view.totalRows();
  for (const name of view.columnNames()) {
    const column = view.column(name);
    const origin = column && typeof column === "object" ? originOfColumn.get(column) : undefined;
    if (origin && origin.size === total) return origin;
  }
  return undefined;
}
