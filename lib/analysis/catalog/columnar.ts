/**
 * The columnar path of the catalog, for resources too big for CSV: an Arrow
 * IPC file (Feather v2; `format: "arrow"` in `datapackage.json`) read with
 * flechette, synchronously, so `load()` keeps its API.
 *
 * - **Validated as CSV is:** the file's column types must fit the schema
 *   (text fields as UTF-8 strings, dictionary-encoded or not; numbers as
 *   integers or floats; integer and year fields as integers; booleans), and
 *   every value meets its field's constraints (required, minimum, maximum,
 *   enum, pattern, year-month and date formats, unique); the rows are
 *   stored in primary-key order with no key twice. Problems name the file,
 *   the resource, the row (1-based) and the field.
 * - **Once per file content:** a file that passed is recorded in the cache
 *   folder under its SHA-256 and the schema, with the value range of every
 *   column in every record batch; later loads of the same bytes skip the
 *   checks (the hash is taken on every load, and the executor records it).
 * - **Pushed down:** `load(name, { columns, where })` reads only the record
 *   batches whose value ranges can match `where`, one run of batches at a
 *   time into a reused buffer, filters their rows, and builds only the
 *   chosen columns. A whole-file load wraps the Arrow columns without
 *   copying them (arquero reads Arrow columns directly).
 *
 * @example
 * ```ts
 * const table = loadColumnar({ path: "data/trade.arrow", file: "data/trade.arrow", resource, selection: {} }).table;
 * ```
 * @module
 */

import * as aq from "arquero";
import { type Table as ArrowTable, tableFromIPC, Type } from "@uwdata/flechette";
import { join } from "node:path";
import type { ResourceDescriptor } from "./datapackage.ts";
import { CatalogError } from "./errors.ts";
import {
  type ArrowLayout,
  type ArrowSource,
  fileSource,
  memorySource,
  readArrowLayout,
  readBlocks,
  sourceSha256,
} from "./arrow-file.ts";
import { type ColumnBatch, columnBatch, type ColumnKind, isValid } from "./arrow-columns.ts";
import { type BatchRanges, validateColumnar } from "./columnar-validate.ts";
import type { Cell } from "./validate.ts";
import { compileWhere, type LoadSelection, type Predicate } from "./selection.ts";
import { sha256 } from "./reads.ts";

export type { BatchRanges } from "./columnar-validate.ts";

/** The `format` of a columnar resource in `datapackage.json`. */
export const COLUMNAR_FORMAT = "arrow";

/** The media type of an Arrow IPC file. */
export const COLUMNAR_MEDIATYPE = "application/vnd.apache.arrow.file";

/**
 * Whether a resource is stored as an Arrow IPC file (by its `format`, or a
 * `.arrow` / `.feather` path).
 *
 * @example
 * ```ts
 * isColumnar({ name: "t", path: "t.arrow" } as ResourceDescriptor); // true
 * ```
 */
export function isColumnar(resource: Pick<ResourceDescriptor, "format" | "path">): boolean {
  return resource.format === COLUMNAR_FORMAT || /\.(arrow|feather)$/i.test(resource.path);
}

/** What a successful validation records about a file. */
export interface ColumnarStamp {
  version: number;
  sha256: string;
  /** Hash of the schema the file was checked against. */
  schema: string;
  rows: number;
  batches: BatchRanges[];
}

const STAMP_VERSION = 1;
/** Bytes of record batches decoded at once. */
const RUN_BYTES = 8 * 1024 * 1024;

/** What {@link loadColumnar} needs. */
export interface ColumnarLoadOptions {
  /** Absolute path of the file. */
  path: string;
  /** The file as shown in messages. */
  file: string;
  resource: ResourceDescriptor;
  selection: LoadSelection;
  /** Folder for validation records (none: validate on every load of a new process). */
  cacheDir?: string;
}

/** A loaded columnar resource. */
export interface ColumnarLoad {
  table: aq.ColumnTable;
  sha256: string;
  /** Rows in the file (before `where`). */
  fileRows: number;
  /** Record batches read, of all in the file. */
  batchesRead: number;
  batches: number;
}

const stamps = new Map<string, ColumnarStamp>();

/**
 * Reads a columnar resource: hashes it, validates it (or finds it validated
 * before), and returns the selected columns and rows as an arquero table.
 * Throws a `CatalogError` naming the file, resource, row and field.
 *
 * @example
 * ```ts
 * const { table } = loadColumnar({
 *   path: "/work/data/trade.arrow", file: "data/trade.arrow", resource,
 *   selection: { columns: ["period", "value"], where: { partner: "5800" } },
 * });
 * ```
 */
export function loadColumnar(options: ColumnarLoadOptions): ColumnarLoad {
  const { path, file, resource, selection } = options;
  const fail = (reason: string): never => {
    throw new CatalogError([{ file, resource: resource.name, reason }]);
  };
  const pushdown = selection.where !== undefined && Object.keys(selection.where).length > 0;
  let source: ArrowSource;
  let bytes: Uint8Array | undefined;
  try {
    source = fileSource(path);
    if (!pushdown) {
      // The whole file, in one read into one buffer (Deno.readFileSync grows its buffer as it goes, several times slower).
      bytes = source.read(0, source.size);
      source.close();
      source = memorySource(bytes);
    }
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? `file not found (resource "${resource.name}" in datapackage.json points here); run \`deno task data:import\` to rebuild data/`
      : `cannot read the file (${(error as Error).message})`;
    throw new CatalogError([{ file, reason }]);
  }
  try {
    const sha = bytes ? sha256(bytes) : sourceSha256(source);
    let layout: ArrowLayout;
    try {
      layout = readArrowLayout(source);
    } catch (error) {
      return fail((error as Error).message);
    }
    const schemaKey = schemaHash(resource);
    const stamp = findStamp(path, sha, schemaKey, options.cacheDir) ?? recordStamp(path, {
      version: STAMP_VERSION,
      sha256: sha,
      schema: schemaKey,
      ...validateColumnar({
        layout,
        resource,
        file,
        forEachRun: (visit) => forEachRun(source, layout, readDictionaries(source, layout), visit),
      }),
    }, options.cacheDir);
    const columns = selection.columns ?? resource.schema.fields.map((f) => f.name);
    if (!pushdown) {
      return {
        // arquero decodes the file with flechette and reads its columns in place.
        table: aq.fromArrow(bytes!, { columns: [...columns], useDate: false }),
        sha256: sha,
        fileRows: stamp.rows,
        batchesRead: layout.batches.length,
        batches: layout.batches.length,
      };
    }
    const read = readSelected(source, layout, stamp, columns, compileWhere(selection.where));
    return { ...read, sha256: sha, fileRows: stamp.rows, batches: layout.batches.length };
  } finally {
    source.close();
  }
}

/**
 * Validates an Arrow IPC file's bytes against a resource's schema (as
 * `load` would); throws a `CatalogError` naming the resource, row and field.
 * Returns the number of rows.
 *
 * @example
 * ```ts
 * validateColumnarBytes(encodeColumnar(columns, resource.schema), resource, "data/trade.arrow"); // rows
 * ```
 */
export function validateColumnarBytes(bytes: Uint8Array, resource: ResourceDescriptor, file: string): number {
  const source = memorySource(bytes);
  let layout: ArrowLayout;
  try {
    layout = readArrowLayout(source);
  } catch (error) {
    throw new CatalogError([{ file, resource: resource.name, reason: (error as Error).message }]);
  }
  return validateColumnar({
    layout,
    resource,
    file,
    forEachRun: (visit) => forEachRun(source, layout, readDictionaries(source, layout), visit),
  }).rows;
}

/**
 * Hash of what a validation depends on: the fields (names, types,
 * constraints), the primary key, and this module's rules.
 *
 * @example
 * ```ts
 * schemaHash(resource).length; // 16
 * ```
 */
export function schemaHash(resource: ResourceDescriptor): string {
  const { fields, primaryKey } = resource.schema;
  return sha256(JSON.stringify({
    version: STAMP_VERSION,
    fields: fields.map(({ name, type, constraints }) => ({ name, type, constraints })),
    primaryKey,
  })).slice(0, 16);
}

function stampPath(cacheDir: string, sha: string, schemaKey: string): string {
  return join(cacheDir, "columnar", `${sha}.${schemaKey}.json`);
}

function findStamp(path: string, sha: string, schemaKey: string, cacheDir?: string): ColumnarStamp | undefined {
  const known = stamps.get(path);
  if (known?.sha256 === sha && known.schema === schemaKey) return known;
  if (!cacheDir) return undefined;
  try {
    const stamp = JSON.parse(Deno.readTextFileSync(stampPath(cacheDir, sha, schemaKey))) as ColumnarStamp;
    if (stamp.version !== STAMP_VERSION || stamp.sha256 !== sha || stamp.schema !== schemaKey) return undefined;
    stamps.set(path, stamp);
    return stamp;
  } catch {
    return undefined; // not validated before (or an unreadable record): validate now
  }
}

function recordStamp(path: string, stamp: ColumnarStamp, cacheDir?: string): ColumnarStamp {
  stamps.set(path, stamp);
  if (cacheDir) {
    const target = stampPath(cacheDir, stamp.sha256, stamp.schema);
    const temporary = `${target}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
    try {
      Deno.mkdirSync(join(cacheDir, "columnar"), { recursive: true });
      Deno.writeTextFileSync(temporary, JSON.stringify(stamp));
      Deno.renameSync(temporary, target);
    } catch {
      // A cache that cannot be written only costs time: the next process validates again.
      try {
        Deno.removeSync(temporary);
      } catch {
        // Nothing was written.
      }
    }
  }
  return stamp;
}

/**
 * Decodes the record batches in runs of about {@link RUN_BYTES}, each read
 * into a reused buffer, together with every dictionary; `visit` returns
 * false to stop. Only the batches in `wanted` (default: all) are read.
 */
function forEachRun(
  source: ArrowSource,
  layout: ArrowLayout,
  dictionaries: Uint8Array[],
  visit: (arrow: ArrowTable) => boolean,
  wanted?: readonly number[],
): void {
  const indexes = wanted ?? layout.batches.map((_, i) => i);
  let i = 0;
  while (i < indexes.length) {
    const first = indexes[i];
    let last = first;
    let bytes = layout.batches[first].metaDataLength + layout.batches[first].bodyLength;
    while (i + 1 < indexes.length && indexes[i + 1] === last + 1) {
      const next = layout.batches[last + 1];
      if (bytes + next.metaDataLength + next.bodyLength > RUN_BYTES) break;
      bytes += next.metaDataLength + next.bodyLength;
      last++;
      i++;
    }
    i++;
    const messages = readBlocks(source, layout.batches, first, last, true);
    const arrow = tableFromIPC([layout.schema, ...dictionaries, ...messages], { useBigInt: false, useDate: false });
    if (!visit(arrow)) return;
  }
}

// ---------------------------------------------------------------------------
// Reading with a selection

function readSelected(
  source: ArrowSource,
  layout: ArrowLayout,
  stamp: ColumnarStamp,
  columns: readonly string[],
  predicates: Predicate[],
): { table: aq.ColumnTable; batchesRead: number } {
  // A batch is read only when every condition may match its range of values (a column with no
  // range in a batch has only missing values there, which match nothing).
  const wanted = stamp.batches.flatMap((batch, index) =>
    predicates.every((p) => {
        const range = batch.ranges[p.field];
        return range !== undefined && p.mayMatch(range[0], range[1]);
      })
      ? [index]
      : []
  );
  const out: Cell[][] = columns.map(() => []);
  const hasNull = columns.map(() => false);
  const numeric = columns.map(() => false);
  forEachRun(source, layout, readDictionaries(source, layout), (arrow) => {
    const filterColumns = predicates.map((p) => arrow.getChild(p.field));
    const outColumns = columns.map((name) => arrow.getChild(name));
    const count = outColumns[0]?.data.length ?? 0;
    for (let b = 0; b < count; b++) {
      let selected: Uint32Array | undefined;
      predicates.forEach((predicate, i) => {
        const test = rowTest(predicate, columnBatch(kindOf(filterColumns[i].type), filterColumns[i].data[b]));
        const from = selected;
        const length = filterColumns[i].data[b].length;
        const keep = new Uint32Array(from ? from.length : length);
        let kept = 0;
        if (from) {
          for (let j = 0; j < from.length; j++) if (test(from[j])) keep[kept++] = from[j];
        } else {
          for (let row = 0; row < length; row++) if (test(row)) keep[kept++] = row;
        }
        selected = keep.subarray(0, kept);
      });
      if (!selected || selected.length === 0) continue;
      outColumns.forEach((column, c) => {
        const kind = kindOf(column.type);
        const batch = columnBatch(kind, column.data[b]);
        numeric[c] = kind === "number";
        const target = out[c];
        for (const row of selected!) {
          const value = batch.read(row);
          if (value === null) hasNull[c] = true;
          target.push(value);
        }
      });
    }
    return true;
  }, wanted);
  const data: Record<string, Cell[] | Float64Array> = {};
  columns.forEach((name, c) => {
    // Numbers without gaps as a typed array, as whole-file loads give them.
    data[name] = numeric[c] && !hasNull[c] ? Float64Array.from(out[c] as number[]) : out[c];
  });
  return { table: aq.table(data), batchesRead: wanted.length };
}

function kindOf(type: { typeId: number }): ColumnKind {
  if (type.typeId === Type.Dictionary) return "dictionary";
  return type.typeId === Type.Int || type.typeId === Type.Float ? "number" : "text";
}

/** A row test for one batch: dictionary entries are tested once each, not once per row. */
function rowTest(predicate: Predicate, batch: ColumnBatch): (row: number) => boolean {
  const { validity } = batch;
  if (batch.keys && batch.entries) {
    const match = Uint8Array.from(batch.entries, (entry) => (predicate.test(entry) ? 1 : 0));
    const keys = batch.keys;
    return (row) => match[keys[row]] === 1 && isValid(validity, row);
  }
  if (batch.numbers) {
    const numbers = batch.numbers;
    return (row) => isValid(validity, row) && predicate.test(numbers[row]);
  }
  return (row) => predicate.test(batch.read(row));
}

function readDictionaries(source: ArrowSource, layout: ArrowLayout): Uint8Array[] {
  return layout.dictionaries.map((block) => source.read(block.offset, block.metaDataLength + block.bodyLength));
}
