/**
 * Reading single figures out of tables, with their units.
 *
 * @module
 */

import { provenanceOf, type Table } from "../catalog/load.ts";
import type { NumericQuantity, Unit } from "../units.ts";
import { recordRowIndicesRead } from "../catalog/rows-read.ts";

/** Column values that select one row. */
export type RowSelector = Record<string, string | number | boolean>;

/**
 * The value of `column` in the one row matching `where`. Throws when no row
 * or several rows match, naming the selector.
 *
 * @example
 * ```ts
 * valueAt(dots, "value", { reporter: "KOR", partner: "RUS", flow: "exports", year: 2019 }); // 7789.8
 * ```
 */
export function valueAt(table: Table, column: string, where: RowSelector): number {
  const value = cellAt(table, column, where);
  if (typeof value !== "number") {
    throw new TypeError(
      `${column} is ${value === null ? "missing" : "not a number"} where ${describe(where)} in ${nameOf(table)}`,
    );
  }
  return value;
}

/**
 * The text in `column` of the one row matching `where` (throws like `valueAt`).
 *
 * @example
 * ```ts
 * textAt(events, "quote", { event: "Korea–Russia visa waiver in force" }); // "visa waiver effective 2014-01-01"
 * ```
 */
export function textAt(table: Table, column: string, where: RowSelector): string {
  const value = cellAt(table, column, where);
  if (typeof value !== "string") {
    throw new TypeError(`${column} is not text where ${describe(where)} in ${nameOf(table)}`);
  }
  return value;
}

function describe(where: RowSelector): string {
  return Object.entries(where).map(([k, v]) => `${k}=${v}`).join(", ");
}

function nameOf(table: Table): string {
  return provenanceOf(table)?.resource ?? "the table";
}

function cellAt(table: Table, column: string, where: RowSelector): unknown {
  if (!table.columnNames().includes(column)) {
    throw new RangeError(`no column "${column}" in ${nameOf(table)} (columns: ${table.columnNames().join(", ")})`);
  }
  // A scan of the key columns, not arquero's filter: that one builds a row object per row, which made a lookup in a
  // 100 000-row table cost ~20 ms. Same rows (the table's own, after its filter), same errors.
  const names = new Set(table.columnNames());
  const keys = Object.entries(where).map(([name, value]) => ({
    column: names.has(name) ? table.column(name) : undefined,
    value,
  }));
  const matched: number[] = [];
  if (keys.every((key) => key.column !== undefined)) {
    scan: for (const row of table.indices(false)) {
      for (const key of keys) if (key.column!.at(row) !== key.value) continue scan;
      matched.push(row);
    }
  }
  const described = describe(where);
  const name = nameOf(table);
  if (matched.length === 0) throw new RangeError(`no row with ${described} in ${name}`);
  if (matched.length > 1) throw new RangeError(`${matched.length} rows with ${described} in ${name}; select one`);
  recordRowIndicesRead(table, matched);
  return table.column(column)!.at(matched[0]);
}

/**
 * Like `valueAt`, but returns a quantity in the unit the catalog declares for
 * the column (or in `unit`, required for tables not returned by `load`).
 *
 * @example
 * ```ts
 * quantityAt(dots, "value", { reporter: "KOR", partner: "RUS", flow: "exports", year: 2019 });
 * // { value: 7789.8, unit: "USD millions" }
 * ```
 */
export function quantityAt(table: Table, column: string, where: RowSelector, unit?: Unit): NumericQuantity {
  const declared = provenanceOf(table)?.units[column];
  const resolved = unit ?? declared;
  if (!resolved) {
    throw new TypeError(`the unit of "${column}" is unknown: this table was not returned by load(); pass the unit`);
  }
  if (unit && declared && unit !== declared) {
    throw new TypeError(`"${column}" is declared in ${declared}, not ${unit}; convert() instead`);
  }
  return { value: valueAt(table, column, where), unit: resolved };
}
