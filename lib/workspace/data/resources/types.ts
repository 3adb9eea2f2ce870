/**
 * What a curated resource is made of: its descriptor (schema, sources,
 * licence, grade), the raw inputs it reads, and the importer that turns them
 * into rows. `deno task data:import` runs every resource's `build`.
 *
 * @module
 */

import type { FieldDescriptor, ResourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Unit } from "../../../analysis/units.ts";
import type { Row } from "../csv-out.ts";

/** How every curated file is written: UTF-8 CSV (spread into each descriptor). */
export const CSV_FILE = { format: "csv", mediatype: "text/csv", encoding: "utf-8" } as const;

/** How a resource too big for CSV is written: an Arrow IPC file, the catalog's columnar path (`path` ending `.arrow`). */
export const ARROW_FILE = { format: "arrow", mediatype: "application/vnd.apache.arrow.file" } as const;

/** Reads raw inputs (paths relative to the raw folder). */
export interface RawReader {
  text(path: string): Promise<string>;
  bytes(path: string): Promise<Uint8Array>;
}

/** A curated resource and how to build it. */
export interface CuratedResource {
  /** Descriptor without the parts computed at import time (hash, bytes, producedBy). */
  descriptor: Omit<ResourceDescriptor, "hash" | "bytes" | "producedBy">;
  /** Raw inputs read, relative to the raw folder (`data/raw`). */
  inputs: string[];
  /** Module that builds it, relative to the workspace (recorded as provenance). */
  importer: string;
  /** Reads the inputs and returns the rows (any order; they are sorted by primary key). */
  build(raw: RawReader): Promise<Row[]>;
}

/**
 * A required text field.
 *
 * @example
 * ```ts
 * text("cty_name", "Partner name as Census prints it");
 * ```
 */
export function text(name: string, description: string, extra: Partial<FieldDescriptor> = {}): FieldDescriptor {
  return { name, type: "string", description, ...extra, constraints: { required: true, ...extra.constraints } };
}

/**
 * An optional text field.
 *
 * @example
 * ```ts
 * optionalText("note", "What the page adds");
 * ```
 */
export function optionalText(name: string, description: string): FieldDescriptor {
  return { name, type: "string", description };
}

/**
 * A number field with its unit.
 *
 * @example
 * ```ts
 * number("exports", "USD", "Total exports, f.a.s.", { minimum: 0 });
 * ```
 */
export function number(
  name: string,
  unit: Unit,
  description: string,
  constraints: FieldDescriptor["constraints"] = {},
): FieldDescriptor {
  return { name, type: "number", unit, description, constraints };
}

/**
 * A required calendar-year field.
 *
 * @example
 * ```ts
 * yearField();
 * ```
 */
export function yearField(description = "Calendar year"): FieldDescriptor {
  return { name: "year", type: "year", description, constraints: { required: true, minimum: 1950, maximum: 2100 } };
}

/**
 * A yes/no field.
 *
 * @example
 * ```ts
 * flag("approximate", "The page marks the figure as approximate");
 * ```
 */
export function flag(name: string, description: string): FieldDescriptor {
  return { name, type: "boolean", description, constraints: { required: true } };
}
