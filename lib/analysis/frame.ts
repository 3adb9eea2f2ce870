/**
 * danfojs beside arquero, for those who prefer a pandas-like API. danfojs
 * (and TensorFlow.js under it) takes a while to load, so it is imported only
 * when first used (both functions are async), and lighter than it comes
 * (see `danfo-loader.ts`).
 *
 * @module
 */

import * as aq from "arquero";
import type { Table } from "./catalog/load.ts";
import { importDanfojs } from "./danfo-loader.ts";

/** The danfojs module, loaded on first use. */
// deno-lint-ignore no-explicit-any
export type Danfo = any;

let danfo: Promise<Danfo> | undefined;

/**
 * Loads danfojs (once).
 *
 * @example
 * ```ts
 * const dfd = await danfojs();
 * new dfd.Series([1, 2, 3]).mean(); // 2
 * ```
 */
export function danfojs(): Promise<Danfo> {
  danfo ??= importDanfojs();
  return danfo;
}

/**
 * An arquero table as a danfojs DataFrame (same columns, same rows).
 *
 * @example
 * ```ts
 * const df = await toDanfo(aq.table({ year: [2018, 2019], value: [1, 2] }));
 * df.shape; // [2, 2]
 * ```
 */
export async function toDanfo(table: Table): Promise<Danfo> {
  const dfd = await danfojs();
  const columns = table.columnNames();
  const data: Record<string, unknown[]> = {};
  for (const name of columns) data[name] = table.array(name) as unknown[];
  return new dfd.DataFrame(data, { columns });
}

/**
 * A danfojs DataFrame as an arquero table.
 *
 * @example
 * ```ts
 * const table = await fromDanfo(df);
 * table.numRows(); // 2
 * ```
 */
export async function fromDanfo(df: Danfo): Promise<Table> {
  const dfd = await danfojs();
  // danfojs 1.1 returns one object per row by default (its "row" option returns columns).
  const rows = dfd.toJSON(df) as Record<string, unknown>[];
  return aq.from(rows, df.columns as string[]);
}
