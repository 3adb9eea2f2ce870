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
  const uniqueSeen = fields.map((f) => (f.constraints?.unique ? new Map<Cell, number>() : undefined));
  const keyIndexes = (schema.primaryKey ?? []).map((name) => expected.indexOf(name));
  const keysSeen = new Map<string, number>();
  const patterns = fields.map((
    f,
  ) => (f.constraints?.pattern ? new RegExp(`^(?:${f.constraints.pattern})$`) : undefined));

  for (let r = 0; r < csv.rows.length; r++) {
    if (problems.length >= PROBLEM_LIMIT) break;
    const row = csv.rows[r];
    const line = csv.lines[r];
    if (row.length !== csv.header.length) {
      problems.push({ file, line, reason: `expected ${csv.header.length} cells, found ${row.length}` });
      continue;
    }
    const typed: Cell[] = new Array(fields.length);
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f];
      const raw = row[positions[f]];
      const result = parseCell(raw, field, missingValues);
      if (typeof result === "object" && result !== null && "problem" in result) {
        problems.push({ file, line, field: field.name, reason: result.problem });
        typed[f] = null;
        continue;
      }
      const value = result as Cell;
      const constraintProblem = checkConstraints(value, field, patterns[f]);
      if (constraintProblem) problems.push({ file, line, field: field.name, reason: constraintProblem });
      const seen = uniqueSeen[f];
      if (seen && value !== null) {
        const first = seen.get(value);
        if (first !== undefined) {
          problems.push({
            file,
            line,
            field: field.name,
            reason: `duplicate value ${JSON.stringify(value)} (first on line ${first}); the field must be unique`,
          });
        } else {
          seen.set(value, line);
        }
      }
      typed[f] = value;
    }
    if (keyIndexes.length > 0) {
      const key = JSON.stringify(keyIndexes.map((k) => typed[k]));
      const first = keysSeen.get(key);
      if (first !== undefined) {
        const described = keyIndexes.map((k) => `${fields[k].name}=${typed[k]}`).join(", ");
        problems.push({
          file,
          line,
          field: schema.primaryKey!.join("+"),
          reason: `duplicate primary key (${described}), first on line ${first}`,
        });
      } else {
        keysSeen.set(key, line);
      }
    }
    for (let f = 0; f < fields.length; f++) columns[fields[f].name].push(typed[f]);
  }
  return { columns, problems };
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
  const text = raw.trim();
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
