/**
 * The data package descriptor (`data/datapackage.json`, Frictionless Data
 * Package v2) and its validation. Properties outside the Frictionless
 * standard that claimbook relies on: `unit` on numeric fields, `grade` and
 * `producedBy` on resources.
 *
 * @module
 */

import { isUnit, type Unit } from "../units.ts";
import { CatalogError, type Problem } from "./errors.ts";
import { isObject, jsonSyntaxLocation } from "../json.ts";

/** Field types the catalog reads. */
export type FieldType = "string" | "integer" | "number" | "boolean" | "date" | "year" | "yearmonth";

const FIELD_TYPES: readonly FieldType[] = [
  "string",
  "integer",
  "number",
  "boolean",
  "date",
  "year",
  "yearmonth",
];

/** Constraints on a field's values (Frictionless Table Schema). */
export interface FieldConstraints {
  required?: boolean;
  unique?: boolean;
  minimum?: number;
  maximum?: number;
  enum?: (string | number)[];
  pattern?: string;
}

/** One column of a tabular resource. */
export interface FieldDescriptor {
  name: string;
  type: FieldType;
  title?: string;
  description?: string;
  /** What a number in this column counts, e.g. `USD millions`. Required on `number` fields. */
  unit?: Unit;
  constraints?: FieldConstraints;
}

/** Table Schema of a resource. */
export interface TableSchema {
  fields: FieldDescriptor[];
  primaryKey?: string[];
  /** Strings read as missing values (default: the empty string). */
  missingValues?: string[];
}

/** Where the data came from. */
export interface SourceDescriptor {
  /** Publisher and table, e.g. "U.S. Census Bureau, International Trade API". */
  title: string;
  /** URL of the publisher's endpoint or page. */
  path?: string;
  /** Organisation that publishes the figures. */
  publisher?: string;
  /** ISO date on which the figures were retrieved (or archived). */
  retrieved?: string;
  /** Release or vintage of the figures, e.g. "API vintage about Oct 2025". */
  vintage?: string;
  /** For secondary figures: the page that printed the number. */
  citation?: string;
}

/** Licence of a resource or package. */
export interface LicenseDescriptor {
  name?: string;
  path?: string;
  title?: string;
}

/** How good the evidence is: a publisher's statistical table, or a cited figure. */
export type EvidenceGrade = "official" | "secondary";

/**
 * How a resource's figures are dated:
 * - `release`: the publisher released (or last revised) these figures on `date`;
 * - `retrieved`: the figures were current when copied or archived on `date` (release date unknown);
 * - `as-printed`: figures as first printed in the cited pages (each row names its page), the latest dated `date`.
 */
export type VintageBasis = "release" | "retrieved" | "as-printed";

/** All vintage bases. */
export const VINTAGE_BASES: readonly VintageBasis[] = ["release", "retrieved", "as-printed"];

/** When a resource's figures were published or retrieved: the vintage a verdict judges. */
export interface VintageDescriptor {
  /** ISO date as precise as known: `2025-03`, `2022-02-02`, `2018`. */
  date: string;
  basis: VintageBasis;
  /** The vintage in words for readers, e.g. "BEA's March 2025 annual revision". */
  label: string;
}

/** The program and inputs that produced a curated file. */
export interface ProducedBy {
  /** Module that wrote the file, relative to the workspace. */
  importer: string;
  /** Raw inputs read, with their SHA-256. */
  inputs: { path: string; sha256: string }[];
}

/** One resource: a CSV file with its schema and provenance. */
export interface ResourceDescriptor {
  name: string;
  path: string;
  title?: string;
  description?: string;
  format?: string;
  mediatype?: string;
  encoding?: string;
  /** `sha256:<hex>` of the file as written. */
  hash?: string;
  bytes?: number;
  schema: TableSchema;
  sources: SourceDescriptor[];
  licenses?: LicenseDescriptor[];
  grade: EvidenceGrade;
  /** When these figures were published (or retrieved): required on every resource. */
  vintage: VintageDescriptor;
  producedBy?: ProducedBy;
}

/** The whole descriptor. */
export interface PackageDescriptor {
  $schema?: string;
  name: string;
  title?: string;
  description?: string;
  licenses?: LicenseDescriptor[];
  resources: ResourceDescriptor[];
}

/**
 * Parses descriptor text, reporting JSON syntax errors with their line.
 *
 * @example
 * ```ts
 * parseDescriptor('{"name":"x","resources":[]}', "data/datapackage.json").name; // "x"
 * ```
 */
export function parseDescriptor(text: string, file: string): PackageDescriptor {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const at = jsonSyntaxLocation(text);
    throw new CatalogError([{
      file,
      line: at.line,
      reason:
        `not valid JSON: ${at.reason} (column ${at.column}); fix the syntax or rebuild it with \`deno task data:import\``,
    }]);
  }
  const problems = validateDescriptor(json, file);
  if (problems.length > 0) throw new CatalogError(problems);
  return json as PackageDescriptor;
}

/**
 * Checks a parsed descriptor and returns every problem found (empty when valid).
 *
 * @example
 * ```ts
 * validateDescriptor({ name: "x", resources: [] }, "datapackage.json"); // []
 * ```
 */
export function validateDescriptor(json: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, reason: string) => problems.push({ file, field, reason });
  if (!isObject(json)) {
    add("(root)", "expected a JSON object");
    return problems;
  }
  if (typeof json.name !== "string") add("name", "expected the package name (a string)");
  if (!Array.isArray(json.resources)) {
    add("resources", "expected an array of resources");
    return problems;
  }
  const seen = new Set<string>();
  json.resources.forEach((resource: unknown, index: number) => {
    const at = `resources[${index}]`;
    if (!isObject(resource)) return add(at, "expected an object");
    const name = typeof resource.name === "string" ? resource.name : undefined;
    const label = name ? `resource "${name}"` : at;
    if (!name || !/^[a-z0-9._-]+$/.test(name)) {
      add(`${at}.name`, "expected a lower-case name of letters, digits, '-', '_' or '.'");
    } else if (seen.has(name)) {
      add(`${at}.name`, `duplicate resource name "${name}"`);
    } else {
      seen.add(name);
    }
    if (typeof resource.path !== "string" || resource.path.includes("..")) {
      add(`${label}.path`, "expected a relative path inside data/");
    }
    if (resource.grade !== "official" && resource.grade !== "secondary") {
      add(`${label}.grade`, `expected "official" or "secondary", got ${JSON.stringify(resource.grade)}`);
    }
    if (!Array.isArray(resource.sources) || resource.sources.length === 0) {
      add(`${label}.sources`, "expected at least one source with a title");
    } else {
      resource.sources.forEach((source: unknown, i: number) => {
        if (!isObject(source) || typeof source.title !== "string") {
          add(`${label}.sources[${i}].title`, "expected the source's title");
        }
      });
    }
    validateVintage(resource.vintage, label, add);
    validateSchema(resource.schema, label, add);
  });
  return problems;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
const ISO_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function validateVintage(vintage: unknown, label: string, add: (field: string, reason: string) => void): void {
  const at = `${label}.vintage`;
  if (!isObject(vintage)) {
    add(at, 'expected { "date": "YYYY-MM", "basis": "release" | "retrieved" | "as-printed", "label": "…" }');
    return;
  }
  if (typeof vintage.date !== "string" || !ISO_DATE.test(vintage.date)) {
    add(`${at}.date`, `expected an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got ${JSON.stringify(vintage.date)}`);
  }
  if (!VINTAGE_BASES.includes(vintage.basis as VintageBasis)) {
    add(`${at}.basis`, `expected one of ${VINTAGE_BASES.join(", ")}, got ${JSON.stringify(vintage.basis)}`);
  }
  if (typeof vintage.label !== "string" || vintage.label.trim() === "") {
    add(`${at}.label`, 'expected the vintage in words, e.g. "BEA\'s March 2025 annual revision"');
  }
}

function validateSchema(
  schema: unknown,
  label: string,
  add: (field: string, reason: string) => void,
): void {
  if (!isObject(schema) || !Array.isArray(schema.fields)) {
    add(`${label}.schema.fields`, "expected an array of fields");
    return;
  }
  const names = new Set<string>();
  schema.fields.forEach((field: unknown, index: number) => {
    const at = `${label}.schema.fields[${index}]`;
    if (!isObject(field) || typeof field.name !== "string") {
      return add(at, "expected a field with a name");
    }
    const where = `${label}.schema.fields.${field.name}`;
    if (names.has(field.name)) add(where, "duplicate field name");
    names.add(field.name);
    if (!FIELD_TYPES.includes(field.type as FieldType)) {
      add(`${where}.type`, `expected one of ${FIELD_TYPES.join(", ")}, got ${JSON.stringify(field.type)}`);
    }
    if (field.unit !== undefined && !isUnit(field.unit)) {
      add(
        `${where}.unit`,
        `unknown unit ${
          JSON.stringify(field.unit)
        }; expected one of USD, USD thousands, USD millions, USD billions, percent, ratio, persons, rank, count`,
      );
    }
    if (field.type === "number" && field.unit === undefined) {
      add(`${where}.unit`, 'a number field must declare its unit (e.g. "USD millions")');
    }
    const constraints = field.constraints;
    if (constraints !== undefined && isObject(constraints)) {
      const { minimum, maximum, pattern } = constraints;
      if (typeof minimum === "number" && typeof maximum === "number" && minimum > maximum) {
        add(`${where}.constraints`, `minimum ${minimum} is above maximum ${maximum}`);
      }
      if (pattern !== undefined) {
        try {
          new RegExp(String(pattern));
        } catch {
          add(`${where}.constraints.pattern`, "not a valid regular expression");
        }
      }
    }
  });
  if (schema.primaryKey !== undefined) {
    if (!Array.isArray(schema.primaryKey)) {
      add(`${label}.schema.primaryKey`, "expected an array of field names");
    } else {
      for (const key of schema.primaryKey) {
        if (!names.has(key)) add(`${label}.schema.primaryKey`, `names unknown field "${key}"`);
      }
    }
  }
}
