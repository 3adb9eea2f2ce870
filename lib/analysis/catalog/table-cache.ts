/**
 * Validated CSV tables kept in a compact columnar form, so that a resource
 * is parsed and validated once per content, not once per kernel: after a
 * CSV passes validation its typed columns are written to the cache folder
 * as an Arrow IPC file named by the CSV's SHA-256 and a hash of the schema
 * it passed (any change to either is a different entry). A later `load()`
 * of the same bytes under the same schema reads the columns back — the same
 * values, missing values and order the CSV gave — instead of parsing again.
 *
 * @example
 * ```ts
 * const columns = readCachedColumns(cacheDir, sha, schema) ?? parseAndValidate();
 * ```
 * @module
 */

import { bool, dictionary, float64, int32, tableFromArrays, tableFromIPC, tableToIPC, utf8 } from "@uwdata/flechette";
import { join } from "node:path";
import type { FieldDescriptor, TableSchema } from "./datapackage.ts";
import { sha256 } from "./reads.ts";
import type { Cell, Columns } from "./validate.ts";
import { type Predicate, rowsPassing } from "./selection.ts";
import { isValid } from "./arrow-columns.ts";

/** Bumped when what is cached, or how CSV cells are read, changes. */
const CACHE_VERSION = 1;

/**
 * The cache file of a CSV's validated columns.
 *
 * @example
 * ```ts
 * cachedTablePath("/work/_build/cache", "ab12…", schema); // "/work/_build/cache/tables/ab12….<schema>.arrow"
 * ```
 */
export function cachedTablePath(cacheDir: string, csvSha256: string, schema: TableSchema): string {
  const schemaKey = sha256(JSON.stringify({
    version: CACHE_VERSION,
    fields: schema.fields.map(({ name, type, constraints }) => ({ name, type, constraints })),
    primaryKey: schema.primaryKey,
    missingValues: schema.missingValues,
  })).slice(0, 16);
  return join(cacheDir, "tables", `${csvSha256}.${schemaKey}.arrow`);
}

/**
 * The validated columns of a CSV, when they were cached; undefined
 * otherwise (or when the entry cannot be read: then the CSV is parsed).
 *
 * @example
 * ```ts
 * readCachedColumns("/work/_build/cache", sha, resource.schema)?.year;
 * ```
 */
export function readCachedColumns(cacheDir: string, csvSha256: string, schema: TableSchema): Columns | undefined {
  const table = readCachedTable(cacheDir, csvSha256, schema);
  if (!table) return undefined;
  try {
    const columns: Columns = {};
    for (const field of schema.fields) {
      // Plain arrays, as the CSV path gives them (a typed array would change what cells can do with them).
      columns[field.name] = Array.from(table.getChild(field.name).toArray() as ArrayLike<Cell>);
    }
    return columns;
  } catch {
    return undefined; // a damaged entry: parse the CSV instead, and the entry is written again
  }
}

/** The rows of a cached table that meet a selection, and the chosen columns at those rows. */
export interface CachedSelection {
  /** Row numbers (0-based) in the CSV of the rows kept. */
  rows: Uint32Array;
  /** The chosen columns, at the rows kept (plain arrays, as {@link readCachedColumns} gives). */
  columns: Columns;
}

/**
 * The rows of cached columns that meet every predicate, with the chosen
 * columns at those rows only: the same values {@link readCachedColumns}
 * followed by a row filter gives, without copying every cell of every
 * column first (a `where` often keeps a few rows of a large table).
 * Undefined when the entry is absent or cannot be read.
 *
 * @example
 * ```ts
 * readCachedSelection(cacheDir, sha, schema, compileWhere({ cty_code: "5800" }), ["year", "exports"])?.rows;
 * ```
 */
export function readCachedSelection(
  cacheDir: string,
  csvSha256: string,
  schema: TableSchema,
  predicates: readonly Predicate[],
  columns: readonly string[],
): CachedSelection | undefined {
  const table = readCachedTable(cacheDir, csvSha256, schema);
  if (!table) return undefined;
  try {
    const rows = rowsPassing(
      table.numRows,
      predicates.map((predicate) => rowTest(table.getChild(predicate.field), predicate.test)),
    );
    const out: Columns = {};
    for (const name of columns) {
      const column = table.getChild(name);
      if (column.data.length === 1) {
        const batch = column.data[0];
        out[name] = Array.from(rows, (row) => batch.at(row) as Cell);
      } else {
        const values = column.toArray() as ArrayLike<Cell>;
        out[name] = Array.from(rows, (row) => values[row]);
      }
    }
    return { rows, columns: out };
  } catch {
    return undefined; // a damaged entry: the caller reads the whole table instead
  }
}

/** The cached table of a CSV, decoded; undefined when absent or unreadable (the caller parses the CSV instead). */
function readCachedTable(cacheDir: string, csvSha256: string, schema: TableSchema) {
  try {
    const bytes = Deno.readFileSync(cachedTablePath(cacheDir, csvSha256, schema));
    return tableFromIPC(bytes, { useBigInt: false, useDate: false });
  } catch {
    return undefined;
  }
}

/**
 * A test of one row (0-based in the table) of a cached column; dictionary
 * entries are tested once each, not once per row.
 */
// deno-lint-ignore no-explicit-any
function rowTest(column: { data: readonly any[]; toArray(): ArrayLike<unknown> }, test: (value: Cell) => boolean) {
  if (column.data.length === 1 && column.data[0].cache && column.data[0].values) {
    const batch = column.data[0];
    const keys: ArrayLike<number> = batch.values;
    const match = Uint8Array.from(batch.cache as ArrayLike<Cell>, (entry) => (test(entry) ? 1 : 0));
    const missing = test(null);
    const validity: Uint8Array | undefined = batch.nullCount > 0 ? batch.validity : undefined;
    return (row: number) => (isValid(validity, row) ? match[keys[row]] === 1 : missing);
  }
  const values = column.toArray() as ArrayLike<Cell>;
  return (row: number) => test(values[row]);
}

/**
 * Caches validated columns (temp file, then rename). A cache that cannot
 * be written only costs time later: nothing is thrown.
 *
 * @example
 * ```ts
 * writeCachedColumns("/work/_build/cache", sha, resource.schema, columns);
 * ```
 */
export function writeCachedColumns(cacheDir: string, csvSha256: string, schema: TableSchema, columns: Columns): void {
  const target = cachedTablePath(cacheDir, csvSha256, schema);
  const temporary = `${target}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    // deno-lint-ignore no-explicit-any
    const types: Record<string, any> = {};
    for (const field of schema.fields) types[field.name] = arrowType(field);
    const table = tableFromArrays(columns as Record<string, Cell[]>, { types });
    Deno.mkdirSync(join(cacheDir, "tables"), { recursive: true });
    Deno.writeFileSync(temporary, tableToIPC(table, { format: "file" })!);
    Deno.renameSync(temporary, target);
  } catch {
    try {
      Deno.removeSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

// deno-lint-ignore no-explicit-any
function arrowType(field: FieldDescriptor): any {
  switch (field.type) {
    case "number":
    case "integer":
    case "year":
      return float64(); // every JavaScript number, exactly
    case "boolean":
      return bool();
    default:
      return dictionary(utf8(), int32());
  }
}
