/**
 * `load(name)`: reads a resource of `data/datapackage.json` into an arquero
 * table, validating every row, and remembers where the table came from.
 *
 * @module
 */

import * as aq from "arquero";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Unit } from "../units.ts";
import {
  type EvidenceGrade,
  type LicenseDescriptor,
  type PackageDescriptor,
  parseDescriptor,
  type ProducedBy,
  type ResourceDescriptor,
  type SourceDescriptor,
  type VintageDescriptor,
} from "./datapackage.ts";
import { CatalogError } from "./errors.ts";
import { decodeUtf8, parseCsvRows } from "./csv.ts";
import { type Cell, validateRows } from "./validate.ts";
import { defaultCacheDir, defaultDataDir, recordFragmentRead, recordRead, sha256 } from "./reads.ts";
import { checkSelection, compileWhere, type LoadSelection, matchingRows } from "./selection.ts";
import { isColumnar, loadColumnar } from "./columnar.ts";
import { type CachedSelection, readCachedColumns, readCachedSelection, writeCachedColumns } from "./table-cache.ts";
import { registerLoadedTable } from "./rows-read.ts";

/** An arquero table, as `load` returns it. */
export type Table = aq.ColumnTable;

/** Where a loaded table came from: enough to cite it under a chart or verdict. */
export interface Provenance {
  /** Resource name in the data package. */
  resource: string;
  title: string;
  description?: string;
  /** File as shown in messages (relative to the working directory when inside it). */
  file: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  grade: EvidenceGrade;
  /** When the figures were published or retrieved. */
  vintage: VintageDescriptor;
  sources: SourceDescriptor[];
  licenses: LicenseDescriptor[];
  /** Unit of each numeric field. */
  units: Record<string, Unit>;
  rows: number;
  producedBy?: ProducedBy;
  /** The columns and rows kept, when `load` was given a selection. */
  selection?: LoadSelection;
}

const provenance = new WeakMap<object, Provenance>();

/**
 * The provenance of a table returned by `load`, or `undefined` for a table
 * made some other way (arquero verbs return new tables without it).
 *
 * @example
 * ```ts
 * const dots = load("imf-dots-annual");
 * provenanceOf(dots)?.sources[0].title; // "IMF, Direction of Trade Statistics (DOTS)"
 * ```
 */
export function provenanceOf(table: object): Provenance | undefined {
  return provenance.get(table);
}

/** Options for opening a catalog. */
export interface CatalogOptions {
  /** Folder holding `datapackage.json` (default: the workspace's `data/`). */
  dataDir?: string | URL;
  /** Folder for records of validated columnar files (default `$CLAIMBOOK_CACHE_DIR`, else `_build/cache`). */
  cacheDir?: string;
}

/**
 * Options of `load`: where the catalog is, and which columns and rows to
 * keep (`columns`, `where`; see `selection.ts`). On a columnar resource the
 * selection is pushed down into the reader.
 */
export interface LoadOptions extends CatalogOptions, LoadSelection {}

/** A data package opened for reading. */
export interface Catalog {
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  /** The parsed, validated descriptor. */
  readonly descriptor: PackageDescriptor;
  /** Names of every resource. */
  names(): string[];
  /** The descriptor of one resource (throws on an unknown name). */
  resource(name: string): ResourceDescriptor;
  /** Reads and validates one resource; keeps only the selected columns and rows. */
  load(name: string, selection?: LoadSelection): Table;
}

/**
 * Opens a data package: reads and validates its descriptor.
 *
 * @example
 * ```ts
 * const catalog = openCatalog();
 * catalog.names().includes("imf-dots-annual"); // true
 * ```
 */
export function openCatalog(options: CatalogOptions = {}): Catalog {
  const dataDir = options.dataDir instanceof URL
    ? fileURLToPath(options.dataDir)
    : resolve(options.dataDir ?? defaultDataDir());
  const descriptorPath = join(dataDir, "datapackage.json");
  const descriptorFile = displayPath(descriptorPath);
  let descriptorText: string;
  try {
    descriptorText = Deno.readTextFileSync(descriptorPath);
  } catch (error) {
    throw new CatalogError([{
      file: descriptorFile,
      reason: `cannot read the descriptor (${(error as Error).message})`,
    }]);
  }
  // Notebooks open the catalog at every load(); parse and validate the descriptor only when its text changed.
  const descriptor = descriptorMemo?.path === descriptorPath && descriptorMemo.text === descriptorText
    ? descriptorMemo.descriptor
    : parseDescriptor(descriptorText, descriptorFile);
  descriptorMemo = { path: descriptorPath, text: descriptorText, descriptor };
  const byName = new Map(descriptor.resources.map((r) => [r.name, r]));

  const resource = (name: string): ResourceDescriptor => {
    const found = byName.get(name);
    if (!found) {
      throw new CatalogError([{
        file: descriptorFile,
        field: name,
        reason: `no resource named "${name}"; known resources: ${[...byName.keys()].join(", ")}`,
      }]);
    }
    return found;
  };

  return {
    dataDir,
    descriptor,
    names: () => [...byName.keys()],
    resource,
    load: (name, selection = {}) => {
      const found = resource(name);
      const problems = checkSelection(selection, found, descriptorFile);
      if (problems.length > 0) throw new CatalogError(problems);
      // Only this resource's entry of the descriptor matters to whoever loads it.
      recordFragmentRead("datapackage.json", name, descriptorText);
      return loadResource(dataDir, found, selection, options.cacheDir ?? defaultCacheDir());
    },
  };
}

/**
 * Reads a resource of the workspace's data package into a validated arquero
 * table. A bad file throws a `CatalogError` listing `file:line: field: reason`
 * (for a columnar file, `file (resource "name"), row N: field: reason`).
 * `columns` keeps some columns; `where` keeps the rows meeting every
 * condition (a value, a list of values, `{ min, max }`, `{ prefix }`).
 *
 * @example
 * ```ts
 * const census = load("census-goods-by-partner-monthly");
 * census.numRows() > 0; // true
 * const korea = load("census-goods-by-partner-monthly", { columns: ["period", "exports"], where: { cty_code: "5800" } });
 * ```
 */
export function load(name: string, options: LoadOptions = {}): Table {
  const { columns, where, ...catalog } = options;
  return openCatalog(catalog).load(name, { columns, where });
}

const memo = new Map<string, { sha: string; table: Table }>();
let descriptorMemo: { path: string; text: string; descriptor: PackageDescriptor } | undefined;

function loadResource(
  dataDir: string,
  resource: ResourceDescriptor,
  selection: LoadSelection,
  cacheDir: string,
): Table {
  const path = join(dataDir, resource.path);
  const file = displayPath(path);
  const selected = selection.columns !== undefined || Object.keys(selection.where ?? {}).length > 0;
  if (isColumnar(resource)) {
    const loaded = loadColumnar({ path, file, resource, selection, cacheDir });
    recordRead({ resource: resource.name, path: resource.path, sha256: loaded.sha256 });
    checkIntegrity(resource, file, Deno.statSync(path).size, loaded.sha256);
    // The rows a columnar selection kept are not mapped back to the file: reads of them name no rows.
    return withProvenance(
      loaded.table,
      resource,
      file,
      loaded.sha256,
      selected ? selection : undefined,
      selected ? null : undefined,
    );
  }
  const names = selection.columns ?? resource.schema.fields.map((f) => f.name);
  const csv = loadCsv(path, file, resource, cacheDir, selected ? { names, where: selection.where } : undefined);
  if ("rows" in csv) return withProvenance(aq.table(csv.columns), resource, file, csv.sha, selection, csv.rows);
  const table = csv;
  if (!selected) return table;
  // The loaded table is unfiltered: its columns are the validated arrays themselves (no copy).
  const rows = matchingRows(
    Object.fromEntries(Object.keys(selection.where ?? {}).map((name) => [name, table.column(name) as Cell[]])),
    table.numRows(),
    compileWhere(selection.where),
  );
  const kept = aq.table(
    Object.fromEntries(names.map((name) => {
      const values = table.column(name) as Cell[];
      return [name, Array.from(rows, (row) => values[row])];
    })),
  );
  return withProvenance(kept, resource, file, provenance.get(table)!.sha256, selection, rows);
}

/**
 * The largest CSV file `load()` reads, in bytes (32 MiB, about 700 000 rows
 * of the Census table): parsing and validating more takes longer than a
 * cell may run. Bigger resources belong on the columnar path (Arrow).
 *
 * @example
 * ```ts
 * CSV_MAX_BYTES; // 33554432
 * ```
 */
export const CSV_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Reads a CSV resource whole (a validated table, kept for later loads), or,
 * given a selection and when its validated columns are cached and no whole
 * table is at hand, only the selected rows and columns of the cache.
 */
function loadCsv(
  path: string,
  file: string,
  resource: ResourceDescriptor,
  cacheDir: string,
  selection?: { names: readonly string[]; where: LoadSelection["where"] },
): Table | (CachedSelection & { sha: string }) {
  let bytes: Uint8Array;
  try {
    const size = Deno.statSync(path).size;
    if (size > CSV_MAX_BYTES) {
      throw new CatalogError([{
        file,
        reason:
          `the file is ${megabytes(size)}, too big for the CSV path (at most ${
            megabytes(CSV_MAX_BYTES)
          }: reading more takes longer than a cell may run); store resource "${resource.name}" as Arrow ` +
          `(format "arrow" in its importer, written by \`deno task data:import\`), or split it`,
      }]);
    }
    bytes = Deno.readFileSync(path);
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    const reason = error instanceof Deno.errors.NotFound
      ? `file not found (resource "${resource.name}" in datapackage.json points here); run \`deno task data:import\` to rebuild data/`
      : `cannot read the file (${(error as Error).message})`;
    throw new CatalogError([{ file, reason }]);
  }
  const sha = sha256(bytes);
  recordRead({ resource: resource.name, path: resource.path, sha256: sha });
  const cached = memo.get(path);
  if (cached && cached.sha === sha) return cached.table;
  checkIntegrity(resource, file, bytes.length, sha);

  if (selection) {
    const picked = readCachedSelection(cacheDir, sha, resource.schema, compileWhere(selection.where), selection.names);
    if (picked) return { ...picked, sha };
  }
  // The same bytes validated under the same schema before (by any process): read the cached columns.
  let columns = readCachedColumns(cacheDir, sha, resource.schema);
  if (!columns) {
    const text = decodeUtf8(bytes, file);
    const csv = parseCsvRows(text, file);
    const validated = validateRows(csv, resource.schema, file);
    if (validated.problems.length > 0) throw new CatalogError(validated.problems);
    columns = validated.columns;
    writeCachedColumns(cacheDir, sha, resource.schema, columns);
  }
  const table = withProvenance(aq.table(columns), resource, file, sha);
  memo.set(path, { sha, table });
  return table;
}

function withProvenance(
  table: Table,
  resource: ResourceDescriptor,
  file: string,
  sha: string,
  selection?: LoadSelection,
  fileRows?: ArrayLike<number> | null,
): Table {
  registerLoadedTable(table, fileRows);
  const units: Record<string, Unit> = {};
  for (const field of resource.schema.fields) if (field.unit) units[field.name] = field.unit;
  provenance.set(table, {
    resource: resource.name,
    title: resource.title ?? resource.name,
    description: resource.description,
    file,
    sha256: sha,
    grade: resource.grade,
    vintage: resource.vintage,
    sources: resource.sources,
    licenses: resource.licenses ?? [],
    units,
    rows: table.numRows(),
    producedBy: resource.producedBy,
    ...(selection ? { selection } : {}),
  });
  return table;
}

/**
 * The file must be the one `data:import` (or `update`) wrote: the size and
 * SHA-256 recorded in `datapackage.json`, when recorded. Checked once per
 * file content (a table read before is found by its hash first). A file cut
 * short, edited, or half-copied fails here instead of giving wrong numbers.
 */
function checkIntegrity(resource: ResourceDescriptor, file: string, size: number, sha: string): void {
  const fix = `run \`deno task data:import\` to rebuild data/ (or, if you changed the file on purpose, set ` +
    `"bytes" to ${size} and "hash" to "sha256:${sha}" for resource "${resource.name}" in datapackage.json)`;
  if (typeof resource.bytes === "number" && resource.bytes !== size) {
    const cut = size < resource.bytes ? "; it looks cut off" : "";
    throw new CatalogError([{
      file,
      reason: `the file is ${size} bytes but datapackage.json records ${resource.bytes}${cut}; ${fix}`,
    }]);
  }
  const recorded = typeof resource.hash === "string" ? resource.hash.replace(/^sha256:/, "") : undefined;
  if (recorded !== undefined && recorded.toLowerCase() !== sha) {
    throw new CatalogError([{
      file,
      reason:
        `the file's SHA-256 is ${sha} but datapackage.json records ${recorded}: it changed after it was written; ${fix}`,
    }]);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function displayPath(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel && !isAbsolute(rel) && rel.split(/[\\/]/).filter((p) => p === "..").length <= 1 ? rel : path;
}
