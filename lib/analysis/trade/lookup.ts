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
  let matched: readonly number[] = [];
  if (keys.every((key) => key.column !== undefined)) {
    const index = rowIndex(table, Object.keys(where), keys.map((key) => key.column!));
    const wanted = index && keyOf(keys.map((key) => key.value));
    if (index && wanted !== undefined) {
      matched = index.get(wanted) ?? [];
    } else {
      const found: number[] = [];
      scan: for (const row of table.indices(false)) {
        for (const key of keys) if (key.column!.at(row) !== key.value) continue scan;
        found.push(row);
      }
      matched = found;
    }
  }
  const described = describe(where);
  const name = nameOf(table);
  if (matched.length === 0) throw new RangeError(`no row with ${described} in ${name}`);
  if (matched.length > 1) throw new RangeError(`${matched.length} rows with ${described} in ${name}; select one`);
  recordRowIndicesRead(table, matched);
  return table.column(column)!.at(matched[0]);
}

/** A column as `cellAt` reads it. */
interface KeyColumn {
  at(row: number): unknown;
}

/** Per table, per set of key columns: how often they were looked up, and their index once built. */
const lookups = new WeakMap<object, Map<string, { count: number; index?: Map<string, number[]> }>>();

/**
 * The rows of `table` by the values of its key columns (the same rows, in the same order, as a scan finds), built
 * at the second lookup by the same columns in the same table: notebooks look up many figures in one table, some once
 * per row of another table. Undefined at the first lookup (a scan is cheaper then). Tables are immutable.
 */
function rowIndex(table: Table, names: string[], columns: KeyColumn[]): Map<string, number[]> | undefined {
  let byNames = lookups.get(table);
  if (!byNames) lookups.set(table, byNames = new Map());
  const signature = JSON.stringify(names);
  let entry = byNames.get(signature);
  if (!entry) byNames.set(signature, entry = { count: 0 });
  entry.count++;
  if (entry.index || entry.count < 2) return entry.index;
  const index = new Map<string, number[]>();
  for (const row of table.indices(false)) {
    const key = keyOf(columns.map((column) => column.at(row)));
    if (key === undefined) continue; // a value no selector equals (missing, NaN, an object)
    const rows = index.get(key);
    if (rows) rows.push(row);
    else index.set(key, [row]);
  }
  entry.index = index;
  return index;
}

/**
 * A text equal for two lists of values exactly when each pair is strictly equal (`===`); undefined when a value can
 * equal nothing a selector holds (not text, a boolean or a number other than NaN).
 */
function keyOf(values: readonly unknown[]): string | undefined {
  let key = "";
  for (const value of values) {
    if (typeof value === "string") key += `s${value.length}:${value}`;
    else if (typeof value === "number" && !Number.isNaN(value)) key += `n${String(value)};`; // -0 and 0 alike, as ===
    else if (typeof value === "boolean") key += value ? "t" : "f";
    else return undefined;
  }
  return key;
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
