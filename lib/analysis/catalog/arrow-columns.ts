/**
 * How the catalog reads the columns of an Arrow record batch: which Arrow
 * types fit which schema field types ({@link planField}), and fast access
 * to one batch's values — dictionary keys with their entries, numbers as a
 * typed array, missing values from the validity bitmap.
 *
 * @example
 * ```ts
 * const plan = planField(field, arrow.getChild(field.name));
 * if (typeof plan !== "string") columnBatch(plan.kind, arrow.getChild(field.name).data[0]).read(0);
 * ```
 * @module
 */

import { type Column, Type } from "@uwdata/flechette";
import type { FieldDescriptor } from "./datapackage.ts";
import { type Cell, compileConstraints, parseCell } from "./validate.ts";
import { compareCells } from "./selection.ts";

/** How a field is stored: dictionary-encoded text, plain text, numbers, booleans. */
export type ColumnKind = "dictionary" | "text" | "number" | "boolean";

/** What the file stores for one field, and how its values are checked. */
export interface FieldPlan {
  field: FieldDescriptor;
  kind: ColumnKind;
  /** Problem with one value (type rules and constraints), or undefined. */
  check: (value: Cell) => string | undefined;
  /** Whether the checks of the smallest and largest values decide for all values (ranges only). */
  rangeOnly: boolean;
}

// deno-lint-ignore no-explicit-any
type ArrowType = any;

function arrowTypeName(type: ArrowType): string {
  switch (type.typeId) {
    case Type.Int:
      return `${type.signed === false ? "uint" : "int"}${type.bitWidth}`;
    case Type.Float:
      return ["float16", "float32", "float64"][type.precision ?? 2];
    case Type.Utf8:
      return "utf8";
    case Type.LargeUtf8:
      return "large_utf8";
    case Type.Utf8View:
      return "utf8_view";
    case Type.Bool:
      return "bool";
    case Type.Dictionary:
      return `dictionary of ${arrowTypeName(type.dictionary)}`;
    default:
      return (Object.entries(Type).find(([, id]) => id === type.typeId)?.[0] ?? `type ${type.typeId}`).toLowerCase();
  }
}

const isText = (type: ArrowType) =>
  type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8 || type.typeId === Type.Utf8View;

/**
 * Matches a schema field with the Arrow column the file stores: a plan, or
 * the reason the column does not fit (e.g. numbers stored as text).
 *
 * @example
 * ```ts
 * planField({ name: "year", type: "year" }, column); // "the file stores float64; a year field needs an integer type …"
 * ```
 */
export function planField(field: FieldDescriptor, column: Column<unknown>): FieldPlan | string {
  const type: ArrowType = column.type;
  const stored = arrowTypeName(type);
  const constraints = compileConstraints(field);
  if (field.type === "string" || field.type === "yearmonth" || field.type === "date") {
    const check = textCheck(field, constraints);
    if (type.typeId === Type.Dictionary && isText(type.dictionary)) {
      return { field, kind: "dictionary", check, rangeOnly: false };
    }
    if (isText(type)) return { field, kind: "text", check, rangeOnly: false };
    return `the file stores ${stored}; a ${field.type} field needs UTF-8 text (utf8, or a dictionary of utf8)`;
  }
  if (field.type === "boolean") {
    return type.typeId === Type.Bool
      ? { field, kind: "boolean", check: (value) => constraints?.(value), rangeOnly: false }
      : `the file stores ${stored}; a boolean field needs bool`;
  }
  const integer = type.typeId === Type.Int;
  if (field.type === "number" ? !(integer || type.typeId === Type.Float) : !integer) {
    const needed = field.type === "number" ? "an integer or float type" : "an integer type (int16, int32 or int64)";
    return `the file stores ${stored}; a ${field.type} field needs ${needed}`;
  }
  const year = field.type === "year";
  const check = (value: Cell): string | undefined => {
    if (typeof value === "number" && !Number.isFinite(value)) return `expected a number, got ${value}`;
    if (year && (typeof value !== "number" || value < 0 || value > 9999)) {
      return `expected a four-digit year, got ${value}`;
    }
    return constraints?.(value);
  };
  return { field, kind: "number", check, rangeOnly: field.constraints?.enum === undefined };
}

/** Checks of text by the field's type (year-month, date) and constraints; no trimming, unlike CSV cells. */
function textCheck(
  field: FieldDescriptor,
  constraints: ((value: Cell) => string | undefined) | undefined,
): (value: Cell) => string | undefined {
  const none = new Set<string>();
  return (value) => {
    if (typeof value !== "string") return undefined;
    const parsed = parseCell(value, field, none);
    if (parsed !== null && typeof parsed === "object") return parsed.problem;
    if (parsed !== value) return `expected a ${field.type} with no spaces around it, got ${JSON.stringify(value)}`;
    return constraints?.(value);
  };
}

/** One column of one record batch, ready to scan. */
export interface ColumnBatch {
  length: number;
  /** Validity bitmap when some values are missing. */
  validity?: Uint8Array;
  /** Value at a row (null when missing). */
  read(row: number): Cell;
  /** Dictionary columns: the key of each row, and the entries they point to. */
  keys?: ArrayLike<number>;
  entries?: readonly (string | null)[];
  /** Number columns: the values (meaningless where missing). */
  numbers?: ArrayLike<number>;
}

// deno-lint-ignore no-explicit-any
type AnyBatch = any;

/**
 * Whether a row holds a value.
 *
 * @example
 * ```ts
 * isValid(undefined, 3); // true: no bitmap, nothing missing
 * ```
 */
export function isValid(validity: Uint8Array | undefined, row: number): boolean {
  return !validity || (validity[row >> 3] & (1 << (row & 7))) !== 0;
}

/**
 * Access to one batch of a column.
 *
 * @example
 * ```ts
 * const batch = columnBatch(plan.kind, column.data[0]);
 * batch.read(0);
 * ```
 */
export function columnBatch(kind: ColumnKind, part: AnyBatch): ColumnBatch {
  const validity: Uint8Array | undefined = part.nullCount > 0 ? part.validity : undefined;
  const length: number = part.length;
  if (kind === "dictionary") {
    const keys: ArrayLike<number> = part.values;
    const entries: (string | null)[] = part.cache;
    return { length, validity, keys, entries, read: (row) => (isValid(validity, row) ? entries[keys[row]] : null) };
  }
  if (kind === "number") {
    const values = part.values;
    const numbers: ArrayLike<number> | undefined = values instanceof BigInt64Array || values instanceof BigUint64Array
      ? Float64Array.from(values as BigInt64Array, Number)
      : values instanceof Uint16Array // float16: decode each value
      ? Float64Array.from({ length }, (_, row) => Number(part.value(row)))
      : values;
    return { length, validity, numbers, read: (row) => (isValid(validity, row) ? numbers![row] : null) };
  }
  return {
    length,
    validity,
    read: (row) => {
      const value = part.at(row);
      return value === undefined ? null : value;
    },
  };
}

const ranks = new WeakMap<readonly (string | null)[], Float64Array>();

/**
 * The rank of each dictionary entry in value order (equal entries share
 * one), computed once per decoded dictionary.
 *
 * @example
 * ```ts
 * dictionaryRanks(["b", "a", "b"]); // Float64Array [1, 0, 1]
 * ```
 */
export function dictionaryRanks(entries: readonly (string | null)[]): Float64Array {
  let rank = ranks.get(entries);
  if (rank) return rank;
  const order = entries.map((_, i) => i).sort((a, b) => compareCells(entries[a], entries[b]));
  rank = new Float64Array(entries.length);
  for (let position = 0; position < order.length; position++) {
    const previous = order[position - 1];
    rank[order[position]] = position > 0 && entries[previous] === entries[order[position]] ? rank[previous] : position;
  }
  ranks.set(entries, rank);
  return rank;
}

/**
 * Per row, a number that sorts as the row's value does (dictionary ranks,
 * the numbers themselves, 0/1 for booleans; missing values first), written
 * into `into` when it is long enough (fresh memory is slow to fault in), or
 * undefined for plain text, which is compared as strings.
 *
 * @example
 * ```ts
 * sortKeys("dictionary", columnBatch("dictionary", part));
 * ```
 */
export function sortKeys(kind: ColumnKind, batch: ColumnBatch, into?: Float64Array): Float64Array | undefined {
  if (kind === "text") return undefined;
  const { validity, length } = batch;
  const out = into && into.length >= length ? into : new Float64Array(length);
  if (batch.keys && batch.entries) {
    const rank = dictionaryRanks(batch.entries);
    const keys = batch.keys;
    for (let row = 0; row < length; row++) out[row] = rank[keys[row]];
  } else if (batch.numbers) {
    const numbers = batch.numbers;
    for (let row = 0; row < length; row++) out[row] = numbers[row];
  } else {
    for (let row = 0; row < length; row++) out[row] = batch.read(row) ? 1 : 0;
  }
  if (validity) { for (let row = 0; row < length; row++) if (!isValid(validity, row)) out[row] = -Infinity; }
  return out;
}
