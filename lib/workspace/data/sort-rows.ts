/**
 * The order of a curated file's rows: by primary key, the same for
 * `data:import` and the updater. A module of its own so that the updater
 * process, which sorts the rows it fetched, does not load every importer
 * of `curate.ts` (workbooks, press tables) to start.
 *
 * @module
 */

import type { Row } from "./csv-out.ts";

/**
 * Sorts rows by the given key columns (numbers numerically, text by code
 * point, so the order never depends on the locale).
 *
 * @example
 * ```ts
 * sortRows([{ y: 2 }, { y: 1 }], ["y"]); // [{ y: 1 }, { y: 2 }]
 * ```
 */
export function sortRows(rows: Row[], keys: string[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = a[key];
      const y = b[key];
      if (x === y) continue;
      if (x === null || x === undefined) return -1;
      if (y === null || y === undefined) return 1;
      if (typeof x === "number" && typeof y === "number") return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  });
}
