/**
 * Ranking partners by a value, e.g. by the size of the deficit.
 *
 * @module
 */

import * as aq from "arquero";
import type { Table } from "../catalog/load.ts";
import { recordRowsRead } from "../catalog/rows-read.ts";

/** Options of `rankBy`. */
export interface RankOptions {
  /** Column to rank by. */
  value: string;
  /** `ascending` puts the smallest first (use it to rank deficits, which are negative). */
  order: "ascending" | "descending";
  /** Keep only rows for which this returns true (e.g. individual countries, deficits only). */
  where?: (row: Record<string, unknown>) => boolean;
}

/**
 * Sorts rows by `value` and adds a 1-based `rank` column (ties share the
 * lower rank, as in "1, 2, 2, 4").
 *
 * @example
 * ```ts
 * rankBy(ytd, { value: "balance", order: "ascending", where: (d) => d.balance < 0 });
 * ```
 */
export function rankBy(table: Table, options: RankOptions): Table {
  const filtered = options.where ? table.filter(aq.escape(options.where)) : table;
  recordRowsRead(filtered);
  const sorted = filtered.orderby(options.order === "ascending" ? options.value : aq.desc(options.value));
  const values = sorted.array(options.value) as number[];
  const ranks = values.map((v, i) => {
    let first = i;
    while (first > 0 && values[first - 1] === v) first--;
    return first + 1;
  });
  return sorted.assign({ rank: ranks });
}

/**
 * The rank of the row whose `key` column equals `keyValue`, or throws when
 * absent.
 *
 * @example
 * ```ts
 * rankOf(ranked, "cty_code", "5800"); // 13
 * ```
 */
export function rankOf(ranked: Table, key: string, keyValue: unknown): number {
  const found = ranked.filter(aq.escape((d: Record<string, unknown>) => d[key] === keyValue));
  if (found.numRows() === 0) throw new RangeError(`no row with ${key}=${String(keyValue)} among the ranked rows`);
  recordRowsRead(found);
  return found.get("rank", 0) as number;
}
