/**
 * Money columns of a table in another unit, for display: a table of US$
 * shown in US$ millions converts through `units.ts`, never by dividing by
 * a hand-typed 1e6.
 *
 * @module
 */

import * as aq from "arquero";
import type { Table } from "../catalog/load.ts";
import { convert, isMoney, type MoneyUnit } from "../units.ts";

/** Which columns to convert, from which money unit to which. */
export interface ConvertColumnsOptions {
  columns: string[];
  from: MoneyUnit;
  to: MoneyUnit;
}

/**
 * The table with `columns` converted from one money unit to another (other
 * columns unchanged; missing values stay missing).
 *
 * @example
 * ```ts
 * const t = aq.from([{ year: 2016, exports: 42_262_186_687 }]);
 * convertColumns(t, { columns: ["exports"], from: "USD", to: "USD millions" }).get("exports", 0); // 42262.186687
 * ```
 */
export function convertColumns(table: Table, options: ConvertColumnsOptions): Table {
  const { from, to } = options;
  if (!isMoney(from) || !isMoney(to)) throw new TypeError(`convertColumns converts money units, not ${from} → ${to}`);
  const missing = options.columns.filter((c) => !table.columnNames().includes(c));
  if (missing.length > 0) {
    throw new RangeError(
      `no column ${missing.map((c) => `"${c}"`).join(", ")} (columns: ${table.columnNames().join(", ")})`,
    );
  }
  const derived: Record<string, unknown> = {};
  for (const column of options.columns) {
    derived[column] = aq.escape((d: Record<string, unknown>) => {
      const value = d[column];
      return typeof value === "number" ? convert({ value, unit: from }, to).value : value;
    });
  }
  return table.derive(derived as never);
}
