/**
 * Typed reading of CSV cells against a Table Schema: every cell is parsed by
 * its field's type and checked against the field's constraints, and the
 * primary key is checked for duplicates. Problems name file, line and field.
 *
 * @module
 */

import type { FieldDescriptor, TableSchema } from "./datapackage.ts";
import type { Problem } from "./errors.ts";
import type { CsvRows } from "./csv.ts";

/** A typed cell value; `null` for a missing value. */
export type Cell = string | number | boolean | null;

/** Typed columns, keyed by field name, in schema order. */
export type Columns = Record<string, Cell[]>;

/** Result of validating rows: typed columns and every problem found. */
export interface ValidatedRows {
  columns: Columns;
  problems: Problem[];
}

/** Stop collecting after this many problems: the first ones are what matter. */
const PROBLEM_LIMIT = 200;

/**
 * Validates string rows against a schema and returns typed columns.
 *
 * @example
 * ```ts
 * const schema = { fields: [{ name: "year", type: "year" as const }], primaryKey: ["year"] };
 * const rows = { header: ["year"], rows: [["2019"]], lines: [2], problems: [] };
 * validateRows(rows, schema, "x.csv").columns.year; // [2019]
 * ```
 */
export function validateRows(csv: CsvRows, schema: TableSchema, file: string): ValidatedRows {
  const problems: Problem[] = [...csv.problems];
  const fields = schema.fields;
  const columns: Columns = Object.fromEntries(fields.map((f) => [f.name, []]));
  if (csv.header.length === 0) return { columns, problems };

  const expected = fields.map((f) => f.name);
  const missing = expected.filter((name) => !csv.header.includes(name));
  const extra = csv.header.filter((name) => !expected.includes(name));
  for (const name of missing) {
    problems.push({
      file,
      line: 1,
      field: name,
      reason: `column missing from the header; expected columns: ${expected.join(", ")}`,
    });
  }
  for (const name of extra) {
    problems.push({
      file,
      line: 1,
      field: name || "(blank)",
      reason: `unexpected column; add it to the schema in datapackage.json or remove it (expected: ${
        expected.join(", ")
      })`,
    });
  }
  if (missing.length > 0 || extra.length > 0) return { columns, problems };

  const positions = fields.map((f) => csv.header.indexOf(f.name));
  const missingValues = new Set(schema.missingValues ?? [""]);
  const parsers = fields.map((f) => compileField(f, missingValues));
  const uniqueSeen = fields.map((f) => (f.constraints?.unique ? new Map<Cell, number>() : undefined));
  const keyIndexes = (schema.primaryKey ?? []).map((name) => expected.indexOf(name));
  const keptLines: number[] = new Array(csv.rows.length);
  // Column-oriented output, preallocated: this loop runs once per cell of a million-row table.
  const out: Cell[][] = fields.map(() => new Array(csv.rows.length));
  const width = csv.header.length;
  let kept = 0;

  for (let r = 0; r < csv.rows.length; r++) {
    if (problems.length >= PROBLEM_LIMIT) break;
    const row = csv.rows[r];
    const line = csv.lines[r];
    if (row.length !== width) {
      problems.push({ file, line, reason: `expected ${width} cells, found ${row.length}` });
      continue;
    }
    for (let f = 0; f < fields.length; f++) {
      const value = parsers[f](row[positions[f]]);
      if (value instanceof Failure) {
        problems.push({ file, line, field: fields[f].name, reason: value.reason });
        out[f][kept] = null;
        continue;
      }
      out[f][kept] = value;
      const seen = uniqueSeen[f];
      if (seen && value !== null) {
        const first = seen.get(value);
        if (first !== undefined) {
          problems.push({
            file,
            line,
            field: fields[f].name,
            reason: `duplicate value ${JSON.stringify(value)} (first on line ${first}); the field must be unique`,
          });
        } else {
          seen.set(value, line);
        }
      }
    }
    keptLines[kept] = line;
    kept++;
  }
  if (keyIndexes.length > 0) {
    const keyProblems = duplicateKeys(out, keyIndexes, kept).map(([row, first]) => ({
      file,
      line: keptLines[row],
      field: schema.primaryKey!.join("+"),
      reason: `duplicate primary key (${
        keyIndexes.map((k) => `${fields[k].name}=${out[k][row]}`).join(", ")
      }), first on line ${keptLines[first]}`,
    }));
    problems.push(...keyProblems);
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
  fields.forEach((f, i) => {
    out[i].length = kept;
    columns[f.name] = out[i];
  });
  return { columns, problems };
}

/**
 * Finds rows with the same primary key. Each row's key is hashed to 32 bits
 * and packed with its row number into one float, so one numeric sort of a
 * Float64Array groups equal hashes (a Map of a million keys costs seconds);
 * rows in a group are then compared value by value, so the result is exact.
 * Returns `[row, firstRow]` pairs.
 */
function duplicateKeys(columns: Cell[][], indexes: number[], rows: number): [number, number][] {
  const packed = new Float64Array(rows);
  const ROW_BITS = 2 ** 21;
  if (rows >= ROW_BITS) return duplicateKeysByMap(columns, indexes, rows);
  for (let row = 0; row < rows; row++) {
    let h = 0x811c9dc5;
    for (const index of indexes) {
      const text = String(columns[index][row]);
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      h = Math.imul(h ^ 0x1f, 0x01000193);
    }
    packed[row] = (h >>> 0) * ROW_BITS + row;
  }
  packed.sort();
  const duplicates: [number, number][] = [];
  let start = 0;
  while (start < rows) {
    const hash = Math.floor(packed[start] / ROW_BITS);
    let end = start + 1;
    while (end < rows && Math.floor(packed[end] / ROW_BITS) === hash) end++;
    if (end - start > 1) {
      const group = Array.from(packed.subarray(start, end), (p) => p % ROW_BITS).sort((a, b) => a - b);
      for (let i = 1; i < group.length; i++) {
        const first = group.slice(0, i).find((other) =>
          indexes.every((k) => columns[k][other] === columns[k][group[i]])
        );
        if (first !== undefined) duplicates.push([group[i], first]);
      }
    }
    start = end;
  }
  return duplicates;
}

function duplicateKeysByMap(columns: Cell[][], indexes: number[], rows: number): [number, number][] {
  const seen = new Map<string, number>();
  const duplicates: [number, number][] = [];
  for (let row = 0; row < rows; row++) {
    const key = JSON.stringify(indexes.map((k) => columns[k][row]));
    const first = seen.get(key);
    if (first === undefined) seen.set(key, row);
    else duplicates.push([row, first]);
  }
  return duplicates;
}

/** A cell that failed to parse or to meet a constraint. */
class Failure {
  constructor(readonly reason: string) {}
}

/**
 * A parser for one field: type, then constraints, specialised once so that
 * the per-cell work is one closure call.
 */
function compileField(field: FieldDescriptor, missingValues: Set<string>): (raw: string) => Cell | Failure {
  const constraints = compileConstraints(field);
  return (raw: string) => {
    const parsed = parseCell(raw, field, missingValues);
    if (parsed !== null && typeof parsed === "object") return new Failure(parsed.problem);
    const problem = constraints?.(parsed);
    return problem ? new Failure(problem) : parsed;
  };
}

/**
 * A check of typed values against a field's constraints (minimum, maximum,
 * enum, pattern), compiled once; `undefined` when the field has none.
 * Returns the problem, or `undefined` for a value that passes.
 *
 * @example
 * ```ts
 * const check = compileConstraints({ name: "v", type: "number", unit: "USD", constraints: { minimum: 0 } });
 * check?.(-1); // "value -1 is below the minimum 0 USD"
 * ```
 */
export function compileConstraints(field: FieldDescriptor): ((value: Cell) => string | undefined) | undefined {
  const pattern = field.constraints?.pattern ? new RegExp(`^(?:${field.constraints.pattern})$`) : undefined;
  const hasConstraints = field.constraints !== undefined &&
    (field.constraints.minimum !== undefined || field.constraints.maximum !== undefined ||
      field.constraints.enum !== undefined || pattern !== undefined);
  return hasConstraints ? (value: Cell) => checkConstraints(value, field, pattern) : undefined;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const CURRENCY = /[$€£¥₩₽]/;

type Parsed = Cell | { problem: string };

/**
 * Parses one cell by its field type. Returns the typed value, or a problem.
 *
 * @example
 * ```ts
 * parseCell("1,234", { name: "v", type: "number", unit: "USD" }, new Set([""]));
 * // { problem: "thousands separator in a number: write 1234 not 1,234" }
 * ```
 */
export function parseCell(raw: string, field: FieldDescriptor, missingValues: Set<string>): Parsed {
  const text = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  if (missingValues.has(text)) {
    return field.constraints?.required ? { problem: "value required but missing" } : null;
  }
  switch (field.type) {
    case "number":
      return parseNumber(text, field);
    case "integer":
      return INTEGER.test(text) ? Number(text) : { problem: `expected an integer, got ${JSON.stringify(raw)}` };
    case "year":
      return /^\d{4}$/.test(text)
        ? Number(text)
        : { problem: `expected a four-digit year, got ${JSON.stringify(raw)}` };
    case "yearmonth":
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(text)
        ? text
        : { problem: `expected a year-month like 2017-09, got ${JSON.stringify(raw)}` };
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
        ? text
        : { problem: `expected an ISO date like 2019-12-31, got ${JSON.stringify(raw)}` };
    case "boolean":
      if (text === "true") return true;
      if (text === "false") return false;
      return { problem: `expected true or false, got ${JSON.stringify(raw)}` };
    default:
      return raw;
  }
}

function parseNumber(text: string, field: FieldDescriptor): Parsed {
  if (NUMBER.test(text)) return Number(text);
  const unit = field.unit ? ` (the unit, ${field.unit}, is declared in the schema)` : "";
  if (CURRENCY.test(text)) {
    return { problem: `currency sign in a number: write ${text.replace(/[^\d.+-]/g, "")} without the sign${unit}` };
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    return { problem: `thousands separator in a number: write ${text.replaceAll(",", "")} not ${text}` };
  }
  if (text.endsWith("%")) {
    return { problem: `percent sign in a number: write ${text.slice(0, -1)}${unit}` };
  }
  return { problem: `expected a number, got ${JSON.stringify(text)}` };
}

function checkConstraints(value: Cell, field: FieldDescriptor, pattern?: RegExp): string | undefined {
  const c = field.constraints;
  if (!c || value === null) return undefined;
  if (typeof value === "number") {
    if (c.minimum !== undefined && value < c.minimum) {
      return `value ${value} is below the minimum ${c.minimum}${field.unit ? ` ${field.unit}` : ""}`;
    }
    if (c.maximum !== undefined && value > c.maximum) {
      return `value ${value} is above the maximum ${c.maximum}${field.unit ? ` ${field.unit}` : ""}: check the unit`;
    }
  }
  if (c.enum && !c.enum.includes(value as string | number)) {
    return `value ${JSON.stringify(value)} is not one of ${c.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (pattern && typeof value === "string" && !pattern.test(value)) {
    return `value ${JSON.stringify(value)} does not match the pattern ${c.pattern}`;
  }
  return undefined;
}
