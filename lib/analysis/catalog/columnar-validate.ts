/**
 * Validation of a columnar (Arrow IPC) resource against its schema, batch
 * by batch, as the CSV path validates cells: column types, missing values,
 * constraints (minimum, maximum, enum, pattern, formats, unique), and the
 * primary key — rows in key order, no key twice. Problems name the file,
 * the resource, the row (1-based) and the field. A file that passes yields
 * the value range of every column in every batch, which filtered loads use
 * to skip batches.
 *
 * @example
 * ```ts
 * const { rows, batches } = validateColumnar({ source, layout, resource, file, forEachRun });
 * ```
 * @module
 */

import { type Table as ArrowTable, tableFromIPC } from "@uwdata/flechette";
import type { ResourceDescriptor } from "./datapackage.ts";
import { CatalogError, type Problem } from "./errors.ts";
import type { ArrowLayout } from "./arrow-file.ts";
import {
  type ColumnBatch,
  columnBatch,
  dictionaryRanks,
  type FieldPlan,
  isValid,
  planField,
  sortKeys,
} from "./arrow-columns.ts";
import type { Cell } from "./validate.ts";
import { compareCells } from "./selection.ts";

/** The value range of each column in one record batch. */
export interface BatchRanges {
  rows: number;
  /** Column → [min, max] of its values; absent when all of them are missing. */
  ranges: Record<string, [Cell, Cell]>;
}

/** Stop collecting after this many problems, as the CSV path does. */
const PROBLEM_LIMIT = 200;

/** What {@link validateColumnar} reads. */
export interface ColumnarValidationInput {
  layout: ArrowLayout;
  resource: ResourceDescriptor;
  /** The file as shown in messages. */
  file: string;
  /** Visits every record batch, a run of batches at a time; return false to stop. */
  forEachRun(visit: (arrow: ArrowTable) => boolean): void;
}

/**
 * Validates every row; returns the row count and each batch's value
 * ranges, or throws a `CatalogError` listing the problems.
 *
 * @example
 * ```ts
 * validateColumnar({ layout, resource, file: "data/t.arrow", forEachRun }).rows;
 * ```
 */
export function validateColumnar(input: ColumnarValidationInput): { rows: number; batches: BatchRanges[] } {
  const { resource, file } = input;
  const problems: Problem[] = [];
  const at = (row: number | undefined, field: string | undefined, reason: string) => {
    if (problems.length < PROBLEM_LIMIT) problems.push({ file, resource: resource.name, row, field, reason });
  };
  const plans = planColumns(input.layout, resource, at);
  if (problems.length > 0) throw new CatalogError(problems);

  const key = resource.schema.primaryKey ?? [];
  const keyPlans = key.map((name) => plans.findIndex((p) => p.field.name === name));
  const keyLabel = key.join("+");
  const unique = plans.map((p) => (p.field.constraints?.unique ? new Map<Cell, number>() : undefined));
  const batches: BatchRanges[] = [];
  let rowBase = 0;
  let previousKey: Cell[] | undefined;
  let runStart = 1;
  let keyOrderBroken = false;
  // One buffer per key column, reused from batch to batch.
  const scratch: Float64Array[] = [];

  input.forEachRun((arrow) => {
    const columns = plans.map((p) => arrow.getChild(p.field.name));
    const count = columns[0]?.data.length ?? 0;
    for (let b = 0; b < count && problems.length < PROBLEM_LIMIT; b++) {
      const parts = plans.map((plan, i) => columnBatch(plan.kind, columns[i].data[b]));
      const rows = parts[0].length;
      const ranges: Record<string, [Cell, Cell]> = {};
      plans.forEach((plan, i) => {
        const required = plan.field.constraints?.required === true || key.includes(plan.field.name);
        const range = checkColumn(plan, parts[i], rowBase, required, at);
        if (range) ranges[plan.field.name] = range;
        if (unique[i]) checkUnique(plan, parts[i], rowBase, unique[i]!, at);
      });
      if (keyPlans.length > 0 && !keyOrderBroken) {
        const valuesAt = (row: number) => keyPlans.map((k) => parts[k].read(row));
        const describe = (values: Cell[]) => key.map((name, j) => `${name}=${values[j]}`).join(", ");
        const order = keyOrder(
          keyPlans.map((k, j) => ({ plan: plans[k], batch: parts[k], scratch: scratch[j] ??= new Float64Array(rows) })),
          rows,
          previousKey,
        );
        for (const { row, sign, first } of order.rows) {
          const global = rowBase + row + 1;
          if (sign === 0) {
            const firstRow = first >= 0 ? rowBase + first + 1 : runStart;
            at(global, keyLabel, `duplicate primary key (${describe(valuesAt(row))}), first on row ${firstRow}`);
          } else {
            const before = row === 0 ? previousKey! : valuesAt(row - 1);
            at(
              global,
              keyLabel,
              `rows are not in primary-key order: (${describe(valuesAt(row))}) comes after (${
                describe(before)
              }) on row ${global - 1}; a columnar file is stored sorted by its primary key (${keyLabel}): ` +
                "write it with writeColumnar(), or ORDER BY the key",
            );
            keyOrderBroken = true;
          }
        }
        if (order.lastRunStart >= 0) runStart = rowBase + order.lastRunStart + 1;
        if (rows > 0) previousKey = valuesAt(rows - 1);
      }
      batches.push({ rows, ranges });
      rowBase += rows;
    }
    return problems.length < PROBLEM_LIMIT;
  });
  if (problems.length > 0) {
    problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new CatalogError(problems);
  }
  return { rows: rowBase, batches };
}

/** Matches the file's columns with the schema's fields; reports missing, extra and ill-typed columns. */
function planColumns(
  layout: ArrowLayout,
  resource: ResourceDescriptor,
  at: (row: number | undefined, field: string | undefined, reason: string) => void,
): FieldPlan[] {
  const header = tableFromIPC([layout.schema], { useBigInt: false, useDate: false });
  const stored = header.schema.fields.map((f) => f.name);
  const expected = resource.schema.fields.map((f) => f.name);
  for (const name of expected.filter((n) => !stored.includes(n))) {
    at(undefined, name, `column missing from the file; expected columns: ${expected.join(", ")}`);
  }
  for (const name of stored.filter((n) => !expected.includes(n))) {
    at(
      undefined,
      name,
      `unexpected column; add it to the schema in datapackage.json or leave it out of the file (expected: ${
        expected.join(", ")
      })`,
    );
  }
  const plans: FieldPlan[] = [];
  if (stored.length !== expected.length || expected.some((n) => !stored.includes(n))) return plans;
  for (const field of resource.schema.fields) {
    const plan = planField(field, header.getChild(field.name));
    if (typeof plan === "string") at(undefined, field.name, plan);
    else plans.push(plan);
  }
  return plans;
}

const entryChecks = new WeakMap<FieldPlan, WeakMap<readonly (string | null)[], (string | undefined)[]>>();

/** The problem of each dictionary entry under a field's rules, once per decoded dictionary. */
function entryProblems(plan: FieldPlan, entries: readonly (string | null)[]): (string | undefined)[] {
  let byDictionary = entryChecks.get(plan);
  if (!byDictionary) entryChecks.set(plan, byDictionary = new WeakMap());
  let found = byDictionary.get(entries);
  if (!found) {
    found = entries.map((entry) => (entry === null ? undefined : plan.check(entry)));
    byDictionary.set(entries, found);
  }
  return found;
}

/** Checks one batch of a column; returns its value range. */
function checkColumn(
  plan: FieldPlan,
  batch: ColumnBatch,
  rowBase: number,
  required: boolean,
  at: (row: number, field: string, reason: string) => void,
): [Cell, Cell] | undefined {
  const name = plan.field.name;
  const { validity, length } = batch;
  if (validity && required) {
    for (let row = 0; row < length; row++) {
      if (!isValid(validity, row)) at(rowBase + row + 1, name, "value required but missing");
    }
  }
  if (batch.keys && batch.entries) {
    // Each dictionary entry is checked once; rows are scanned for bad entries only when there is one.
    const { keys, entries } = batch;
    const rank = dictionaryRanks(entries);
    const bad = entryProblems(plan, entries);
    let low = -1;
    let high = -1;
    let lowRank = Infinity;
    let highRank = -Infinity;
    for (let row = 0; row < length; row++) {
      if (validity && !isValid(validity, row)) continue;
      const key = keys[row];
      const r = rank[key];
      if (r < lowRank) (lowRank = r), (low = key);
      if (r > highRank) (highRank = r), (high = key);
    }
    if (bad.some((b) => b !== undefined)) {
      for (let row = 0; row < length; row++) {
        const problem = isValid(validity, row) ? bad[keys[row]] : undefined;
        if (problem !== undefined) at(rowBase + row + 1, name, problem);
      }
    }
    return low === -1 ? undefined : [entries[low], entries[high]];
  }
  if (batch.numbers && plan.rangeOnly) {
    // Range checks hold for every value when they hold for the smallest and the largest.
    const numbers = batch.numbers;
    let low = Infinity;
    let high = -Infinity;
    let seen = false;
    let notANumber = false;
    for (let row = 0; row < length; row++) {
      if (validity && !isValid(validity, row)) continue;
      const value = numbers[row];
      seen = true;
      if (value < low) low = value;
      if (value > high) high = value;
      if (value !== value) notANumber = true;
    }
    if (!seen) return undefined;
    if (!notANumber && plan.check(low) === undefined && plan.check(high) === undefined) return [low, high];
  }
  let low: Cell = null;
  let high: Cell = null;
  for (let row = 0; row < length; row++) {
    const value = batch.read(row);
    if (value === null) continue;
    const problem = plan.check(value);
    if (problem !== undefined) at(rowBase + row + 1, name, problem);
    if (low === null || compareCells(value, low) < 0) low = value;
    if (high === null || compareCells(value, high) > 0) high = value;
  }
  return low === null ? undefined : [low, high];
}

function checkUnique(
  plan: FieldPlan,
  batch: ColumnBatch,
  rowBase: number,
  seen: Map<Cell, number>,
  at: (row: number, field: string, reason: string) => void,
): void {
  for (let row = 0; row < batch.length; row++) {
    const value = batch.read(row);
    if (value === null) continue;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, rowBase + row + 1);
    else {
      at(
        rowBase + row + 1,
        plan.field.name,
        `duplicate value ${JSON.stringify(value)} (first on row ${first}); the field must be unique`,
      );
    }
  }
}

/**
 * Rows whose key is not above the previous row's: `sign` 0 for the same
 * key (`first`: the row where that key first appears in this batch, or -1
 * when it continues from the previous batch), -1 for a smaller key (the
 * first such row ends the list). `lastRunStart` is where the last key of
 * the batch first appears (-1: in an earlier batch). Keys within a batch
 * are compared as numbers (dictionary ranks, values); the first row against
 * the previous batch's last key, by value.
 */
function keyOrder(
  columns: { plan: FieldPlan; batch: ColumnBatch; scratch: Float64Array }[],
  rows: number,
  previousKey: Cell[] | undefined,
): { rows: { row: number; sign: number; first: number }[]; lastRunStart: number } {
  const out: { row: number; sign: number; first: number }[] = [];
  if (rows === 0) return { rows: out, lastRunStart: -1 };
  let firstSign = 1;
  if (previousKey) {
    firstSign = 0;
    for (let j = 0; j < columns.length && firstSign === 0; j++) {
      firstSign = compareCells(columns[j].batch.read(0), previousKey[j]);
    }
  }
  let runStart = firstSign === 0 ? -1 : 0;
  if (firstSign <= 0) out.push({ row: 0, sign: firstSign, first: -1 });
  if (firstSign < 0) return { rows: out, lastRunStart: runStart };
  const numeric = columns.map(({ plan, batch, scratch }) => sortKeys(plan.kind, batch, scratch));
  for (let row = 1; row < rows; row++) {
    let sign = 0;
    for (let j = 0; j < columns.length && sign === 0; j++) {
      const keys = numeric[j];
      if (keys) sign = keys[row] > keys[row - 1] ? 1 : keys[row] < keys[row - 1] ? -1 : 0;
      else sign = compareCells(columns[j].batch.read(row), columns[j].batch.read(row - 1));
    }
    if (sign > 0) runStart = row;
    else {
      out.push({ row, sign, first: runStart });
      if (sign < 0) break;
    }
  }
  return { rows: out, lastRunStart: runStart };
}
