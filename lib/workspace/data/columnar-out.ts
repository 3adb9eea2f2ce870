/**
 * Writes a resource as an Arrow IPC file (the catalog's columnar path, for
 * tables too big for CSV): rows in primary-key order, text fields
 * dictionary-encoded, record batches of 64k rows, so that a `load()` with
 * `where` reads only the batches whose value ranges can match. Same rows,
 * same bytes.
 *
 * @example
 * ```ts
 * await writeColumnar("data/trade.arrow", { partner: ["5800"], year: [2019], value: [1.5] }, schema);
 * ```
 * @module
 */

import {
  bool,
  dictionary,
  float64,
  int16,
  int32,
  int64,
  int8,
  tableFromArrays,
  tableToIPC,
  utf8,
} from "@uwdata/flechette";
import { dirname, join } from "node:path";
import type { FieldDescriptor, TableSchema } from "../../analysis/catalog/datapackage.ts";
import type { Cell } from "../../analysis/catalog/validate.ts";
import { compareCells } from "../../analysis/catalog/selection.ts";
import { sha256 } from "../../analysis/catalog/reads.ts";

/** Typed columns to write: field name → values (`null` for missing). */
export type ColumnValues = Record<string, ArrayLike<Cell>>;

/** Options of {@link encodeColumnar}. */
export interface ColumnarEncodeOptions {
  /** Rows per record batch (default 65,536): smaller batches skip more on filtered loads. */
  batchRows?: number;
}

/** Default rows per record batch. */
export const DEFAULT_BATCH_ROWS = 65_536;

/**
 * Encodes typed columns as an Arrow IPC file, sorted by the schema's
 * primary key, with Arrow types chosen from the field types.
 *
 * @example
 * ```ts
 * const bytes = encodeColumnar({ year: [2019, 2018] }, { fields: [{ name: "year", type: "year" }], primaryKey: ["year"] });
 * ```
 */
export function encodeColumnar(
  columns: ColumnValues,
  schema: TableSchema,
  options: ColumnarEncodeOptions = {},
): Uint8Array {
  const names = schema.fields.map((f) => f.name);
  const missing = names.filter((name) => !(name in columns));
  if (missing.length > 0) throw new RangeError(`no values for column(s) ${missing.join(", ")}`);
  const rows = columns[names[0]]?.length ?? 0;
  const uneven = names.find((name) => columns[name].length !== rows);
  if (uneven) throw new RangeError(`column ${uneven} has ${columns[uneven].length} values, ${names[0]} has ${rows}`);
  const order = keyOrder(columns, schema.primaryKey ?? [], rows);
  const data: Record<string, ArrayLike<Cell>> = {};
  // deno-lint-ignore no-explicit-any
  const types: Record<string, any> = {};
  for (const field of schema.fields) {
    const values = order ? Array.from(order, (row) => columns[field.name][row]) : columns[field.name];
    data[field.name] = values;
    types[field.name] = arrowType(field, values);
  }
  const table = tableFromArrays(data as Record<string, Cell[]>, {
    types,
    maxBatchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
  });
  return tableToIPC(table, { format: "file" })!;
}

/**
 * Writes typed columns to an Arrow IPC file (temp file, then rename), as
 * {@link encodeColumnar} encodes them; returns its size and SHA-256.
 *
 * @example
 * ```ts
 * const { sha256 } = await writeColumnar("/tmp/t.arrow", { year: [2019] }, { fields: [{ name: "year", type: "year" }] });
 * ```
 */
export async function writeColumnar(
  path: string,
  columns: ColumnValues,
  schema: TableSchema,
  options: ColumnarEncodeOptions = {},
): Promise<{ bytes: number; sha256: string }> {
  const bytes = encodeColumnar(columns, schema, options);
  await Deno.mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${crypto.randomUUID().slice(0, 8)}.arrow.tmp`);
  try {
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
  return { bytes: bytes.length, sha256: sha256(bytes) };
}

/** Row order by the key, or undefined when the rows are already in it. */
function keyOrder(columns: ColumnValues, key: string[], rows: number): Uint32Array | undefined {
  if (key.length === 0) return undefined;
  const keyColumns = key.map((name) => columns[name]);
  const compare = (a: number, b: number) => {
    for (const column of keyColumns) {
      const c = compareCells(column[a], column[b]);
      if (c !== 0) return c;
    }
    return 0;
  };
  let sorted = true;
  for (let row = 1; row < rows && sorted; row++) sorted = compare(row - 1, row) <= 0;
  if (sorted) return undefined;
  return Uint32Array.from({ length: rows }, (_, i) => i).sort(compare);
}

// deno-lint-ignore no-explicit-any
function arrowType(field: FieldDescriptor, values: ArrayLike<Cell>): any {
  switch (field.type) {
    case "string":
    case "yearmonth":
    case "date": {
      const distinct = new Set<Cell>();
      for (let i = 0; i < values.length; i++) distinct.add(values[i]);
      const size = distinct.size;
      return dictionary(utf8(), size < 128 ? int8() : size < 32_768 ? int16() : int32());
    }
    case "boolean":
      return bool();
    case "year":
      return int16();
    case "integer": {
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number | null;
        if (v !== null && (v < -(2 ** 31) || v >= 2 ** 31)) return int64();
      }
      return int32();
    }
    default:
      return float64();
  }
}
