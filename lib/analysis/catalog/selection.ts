/**
 * What `load(name, { columns, where })` keeps: some columns, and the rows
 * whose values meet every condition. The same conditions serve both paths:
 * applied to the rows of a CSV resource after it is validated, and pushed
 * down into a columnar resource, where they also skip whole record batches
 * whose value ranges cannot match.
 *
 * A condition on a column is a value (equal to it), a list (one of them),
 * a range `{ min, max }` (inclusive, either end optional; numbers, or
 * strings compared as text, e.g. year-months), or `{ prefix }` (text that
 * starts with it, e.g. an HS chapter). Missing values never match.
 *
 * @example
 * ```ts
 * const selection = { columns: ["period", "exports"], where: { partner: "5800", hs6: { prefix: "85" } } };
 * const predicates = compileWhere(selection.where);
 * predicates[0].test("5800"); // true
 * ```
 * @module
 */

import type { FieldDescriptor, ResourceDescriptor } from "./datapackage.ts";
import type { Problem } from "./errors.ts";
import type { Cell } from "./validate.ts";

/** A scalar a condition compares with. */
export type ConditionValue = string | number | boolean;

/** A range of values, both ends included; either end may be left out. */
export interface RangeCondition {
  min?: string | number;
  max?: string | number;
}

/** Text that starts with `prefix`. */
export interface PrefixCondition {
  prefix: string;
}

/** A condition on one column (see the module doc). */
export type Condition = ConditionValue | readonly ConditionValue[] | RangeCondition | PrefixCondition;

/** Columns and rows to load. */
export interface LoadSelection {
  /** Columns to keep, in this order (default: every column of the schema). */
  columns?: readonly string[];
  /** Rows to keep: those meeting every condition. */
  where?: Readonly<Record<string, Condition>>;
}

/** A compiled condition on one column. */
export interface Predicate {
  field: string;
  /** Whether a value meets the condition (missing values never do). */
  test(value: Cell): boolean;
  /** Whether any value between `min` and `max` (a batch's range) could meet it. */
  mayMatch(min: Cell, max: Cell): boolean;
}

/**
 * Checks a selection against a resource's schema: every column named
 * exists, and every condition compares values of its column's kind.
 * Returns the problems (empty when the selection is sound).
 *
 * @example
 * ```ts
 * checkSelection({ columns: ["nope"] }, resource, "data/x.csv"); // [{ field: "columns", reason: "no column \"nope\" …" }]
 * ```
 */
export function checkSelection(selection: LoadSelection, resource: ResourceDescriptor, file: string): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(resource.schema.fields.map((f) => [f.name, f]));
  const known = `its columns: ${resource.schema.fields.map((f) => f.name).join(", ")}`;
  const unknown = (where: string, name: string) =>
    problems.push({ file, field: where, reason: `no column "${name}" in resource "${resource.name}"; ${known}` });
  if (selection.columns !== undefined) {
    if (!Array.isArray(selection.columns) || selection.columns.length === 0) {
      problems.push({ file, field: "columns", reason: "expected a non-empty list of column names" });
    } else {
      for (const name of selection.columns) if (!byName.has(name)) unknown("columns", String(name));
    }
  }
  for (const [name, condition] of Object.entries(selection.where ?? {})) {
    const field = byName.get(name);
    if (!field) {
      unknown(`where.${name}`, name);
      continue;
    }
    const reason = conditionProblem(condition, field);
    if (reason) problems.push({ file, field: `where.${name}`, reason });
  }
  return problems;
}

function kindOf(field: FieldDescriptor): "number" | "text" | "boolean" {
  if (field.type === "boolean") return "boolean";
  return field.type === "number" || field.type === "integer" || field.type === "year" ? "number" : "text";
}

function conditionProblem(condition: Condition, field: FieldDescriptor): string | undefined {
  const kind = kindOf(field);
  const fits = (value: unknown) =>
    kind === "number"
      ? typeof value === "number" && Number.isFinite(value)
      : kind === "text"
      ? typeof value === "string"
      : typeof value === "boolean";
  const expected = kind === "number" ? "a number" : kind === "text" ? "a string" : "true or false";
  const what = `a ${field.type} field`;
  if (Array.isArray(condition)) {
    const bad = condition.find((v) => !fits(v));
    return bad === undefined && condition.length > 0
      ? undefined
      : `expected a non-empty list of values, each ${expected} for ${what}, got ${JSON.stringify(condition)}`;
  }
  if (condition !== null && typeof condition === "object") {
    if ("prefix" in condition) {
      return kind === "text" && typeof condition.prefix === "string"
        ? undefined
        : `{ prefix } applies to text fields with a string; ${field.name} is ${what}`;
    }
    const range = condition as RangeCondition;
    const ends = [range.min, range.max].filter((v) => v !== undefined);
    if (ends.length === 0) return "expected { min, max } with at least one end";
    if (kind === "boolean" || ends.some((v) => !fits(v))) {
      return `expected { min, max } with ${expected} for ${what}, got ${JSON.stringify(condition)}`;
    }
    return undefined;
  }
  return fits(condition) ? undefined : `expected ${expected} for ${what}, got ${JSON.stringify(condition)}`;
}

/**
 * Compiles a `where` object (already checked) into predicates.
 *
 * @example
 * ```ts
 * const [p] = compileWhere({ period: { min: "2017-01", max: "2017-12" } });
 * p.test("2017-06"); // true
 * p.mayMatch("2018-01", "2018-12"); // false
 * ```
 */
export function compileWhere(where: LoadSelection["where"]): Predicate[] {
  return Object.entries(where ?? {}).map(([field, condition]) => compileCondition(field, condition));
}

function compileCondition(field: string, condition: Condition): Predicate {
  if (Array.isArray(condition)) {
    const values = new Set<Cell>(condition);
    const sorted = [...condition].sort(compareCells);
    return {
      field,
      test: (value) => value !== null && values.has(value),
      mayMatch: (min, max) => sorted.some((v) => inRange(v, min, max)),
    };
  }
  if (condition !== null && typeof condition === "object" && "prefix" in condition) {
    const prefix = (condition as PrefixCondition).prefix;
    // Every text starting with the prefix sorts between the prefix and the prefix followed by the highest code unit.
    const upper = `${prefix}\uffff`;
    return {
      field,
      test: (value) => typeof value === "string" && value.startsWith(prefix),
      mayMatch: (min, max) => !(isLess(max, prefix) || isLess(upper, min)),
    };
  }
  if (condition !== null && typeof condition === "object") {
    const { min: low, max: high } = condition as RangeCondition;
    return {
      field,
      test: (value) =>
        value !== null && (low === undefined || !isLess(value, low)) && (high === undefined || !isLess(high, value)),
      mayMatch: (min, max) => !((low !== undefined && isLess(max, low)) || (high !== undefined && isLess(high, min))),
    };
  }
  const wanted = condition as ConditionValue;
  return { field, test: (value) => value === wanted, mayMatch: (min, max) => inRange(wanted, min, max) };
}

/** `a < b` for values of one column (numbers, or strings by code units); null sorts first. */
function isLess(a: Cell, b: Cell): boolean {
  if (a === null) return b !== null;
  if (b === null) return false;
  return a < b;
}

function inRange(value: Cell, min: Cell, max: Cell): boolean {
  return !isLess(value, min) && !isLess(max, value);
}

/**
 * Orders two values of one column: numbers numerically, text by UTF-16 code
 * units (as `<` does), `false` before `true`, missing values first.
 *
 * @example
 * ```ts
 * ["b", "a"].sort(compareCells); // ["a", "b"]
 * ```
 */
export function compareCells(a: Cell, b: Cell): number {
  return isLess(a, b) ? -1 : isLess(b, a) ? 1 : 0;
}

/**
 * Row numbers (0-based) of typed columns whose values meet every predicate.
 *
 * @example
 * ```ts
 * matchingRows({ y: [2017, 2018] }, 2, compileWhere({ y: 2018 })); // Uint32Array [1]
 * ```
 */
export function matchingRows(
  columns: Readonly<Record<string, ArrayLike<Cell>>>,
  rows: number,
  predicates: readonly Predicate[],
): Uint32Array {
  return rowsPassing(
    rows,
    predicates.map(({ field, test }) => {
      const values = columns[field];
      return (row: number) => test(values[row]);
    }),
  );
}

/**
 * Row numbers (0-based, of `rows` in all) that pass every test, each test
 * asked only of the rows the ones before it kept.
 *
 * @example
 * ```ts
 * rowsPassing(4, [(row) => row > 0, (row) => row % 2 === 1]); // Uint32Array [1, 3]
 * ```
 */
export function rowsPassing(rows: number, tests: readonly ((row: number) => boolean)[]): Uint32Array {
  let selected: Uint32Array | undefined;
  for (const test of tests) {
    const from = selected;
    const out = new Uint32Array(from ? from.length : rows);
    let kept = 0;
    if (from) {
      for (let i = 0; i < from.length; i++) if (test(from[i])) out[kept++] = from[i];
    } else {
      for (let row = 0; row < rows; row++) if (test(row)) out[kept++] = row;
    }
    selected = out.subarray(0, kept);
  }
  return selected ?? Uint32Array.from({ length: rows }, (_, i) => i);
}
