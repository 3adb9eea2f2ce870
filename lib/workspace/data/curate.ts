/**
 * Builds the curated `data/` folder from the raw inputs: every resource's
 * rows are sorted by primary key, written as CSV (or, for a resource whose
 * descriptor says `format: "arrow"`, as an Arrow IPC file: the columnar
 * path for tables too big for CSV), validated against their schema exactly
 * as `load()` will read them, and described in `datapackage.json` with
 * their hash, size and the inputs that produced them. Same inputs, same
 * bytes.
 *
 * @module
 */

import { join } from "node:path";
import { parseCsvRows } from "../../analysis/catalog/csv.ts";
import {
  type PackageDescriptor,
  parseDescriptor,
  type ResourceDescriptor,
} from "../../analysis/catalog/datapackage.ts";
import { CatalogError } from "../../analysis/catalog/errors.ts";
import { sha256 } from "../../analysis/catalog/reads.ts";
import { validateRows } from "../../analysis/catalog/validate.ts";
import { isColumnar, validateColumnarBytes } from "../../analysis/catalog/columnar.ts";
import { encodeColumnar } from "./columnar-out.ts";
import { type PendingFile, writeFilesAtomic } from "../atomic.ts";
import { toCsv } from "./csv-out.ts";
import { type CuratedResource, RESOURCES } from "./resources/mod.ts";
import { sortRows } from "./sort-rows.ts";

/** Where to read raw inputs and write the curated files. */
export interface CurateOptions {
  /** Folder of raw inputs (the repository's `data/raw`, or another copy of it). */
  rawDir: string;
  /** Folder to write (`data/`). */
  dataDir: string;
  /** Resources to build (default: all). */
  resources?: readonly CuratedResource[];
  /** Write the files (default true); false only computes them. */
  write?: boolean;
}

/** One resource's outcome. */
export interface CuratedSummary {
  name: string;
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  changed: boolean;
}

/** What `curate` produced. */
export interface CurateResult {
  descriptor: PackageDescriptor;
  resources: CuratedSummary[];
  /** Paths whose bytes changed (or would change, when not writing). */
  changed: string[];
}

/** How `producedBy.inputs` names a raw input: its path in the repository. */
export const RAW_PREFIX = "data/raw/";

const PACKAGE_META = {
  $schema: "https://datapackage.org/profiles/2.0/datapackage.json",
  name: "claimbook-data",
  title: "claimbook: curated trade data for reproducing claims about Korea's trade",
  description:
    "Curated, validated resources produced by `deno task data:import` from the raw inputs in data/raw (publishers' files and cited press figures, each folder with its PROVENANCE.md). Each resource names its sources, licence, evidence grade (official or secondary) and the importer and input files (with SHA-256) that produced it.",
  licenses: [{ name: "mixed", title: "Each resource carries its own licence" }],
};

/**
 * Builds every resource and (unless `write: false`) writes `data/`.
 *
 * @example
 * ```ts
 * const result = await curate({ rawDir: "data/raw", dataDir: "data" });
 * result.resources.map((r) => `${r.name}: ${r.rows} rows`);
 * ```
 */
export async function curate(options: CurateOptions): Promise<CurateResult> {
  const reader = rawReader(options.rawDir);
  const files: PendingFile[] = [];
  const summaries: CuratedSummary[] = [];
  const descriptors: ResourceDescriptor[] = [];
  for (const resource of options.resources ?? RESOURCES) {
    const { descriptor } = resource;
    const rows = sortRows(await resource.build(reader), descriptor.schema.primaryKey ?? []);
    const file = join(options.dataDir, descriptor.path);
    const names = descriptor.schema.fields.map((f) => f.name);
    let bytes: Uint8Array;
    if (isColumnar(descriptor)) {
      const columns = Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] ?? null)]));
      bytes = encodeColumnar(columns, descriptor.schema);
      validateColumnarBytes(bytes, descriptor as ResourceDescriptor, file);
    } else {
      const csv = toCsv(rows, names);
      assertValid(csv, descriptor, file);
      bytes = new TextEncoder().encode(csv);
    }
    const hash = sha256(bytes);
    const inputs = [];
    for (const input of resource.inputs) {
      inputs.push({ path: `${RAW_PREFIX}${input}`, sha256: sha256(await reader.bytes(input)) });
    }
    descriptors.push({
      ...descriptor,
      bytes: bytes.length,
      hash: `sha256:${hash}`,
      producedBy: { importer: resource.importer, inputs },
    });
    files.push({ path: file, data: isColumnar(descriptor) ? bytes : new TextDecoder().decode(bytes) });
    summaries.push({
      name: descriptor.name,
      path: descriptor.path,
      rows: rows.length,
      bytes: bytes.length,
      sha256: hash,
      changed: false,
    });
  }
  const kept = await updatedResources(options.dataDir, new Set(descriptors.map((d) => d.name)));
  const descriptor: PackageDescriptor = { ...PACKAGE_META, resources: [...descriptors, ...kept] };
  files.push({ path: join(options.dataDir, "datapackage.json"), data: JSON.stringify(descriptor, null, 2) + "\n" });

  const changed = options.write === false ? await wouldChange(files) : await writeFilesAtomic(files);
  for (const s of summaries) s.changed = changed.includes(join(options.dataDir, s.path));
  return { descriptor, resources: summaries, changed };
}

/** Where the updater's modules live: `producedBy.importer` of a resource `deno task update` wrote. */
const UPDATER_MODULES = "lib/workspace/update/";

/**
 * The resources of the data folder's current `datapackage.json` that the
 * updater wrote (`deno task update`, `update --settle`) and no importer here
 * builds: kept as they are, after the imported ones, so that an import does
 * not drop data a person fetched (their files are not touched either).
 */
async function updatedResources(dataDir: string, imported: Set<string>): Promise<ResourceDescriptor[]> {
  const file = join(dataDir, "datapackage.json");
  let current: PackageDescriptor;
  try {
    current = parseDescriptor(await Deno.readTextFile(file), file);
  } catch {
    return []; // a new data folder, or a descriptor the import is about to rebuild
  }
  return current.resources.filter((resource) =>
    !imported.has(resource.name) && resource.producedBy?.importer?.startsWith(UPDATER_MODULES)
  );
}

/**
 * Reads raw inputs relative to a folder, with a clear error for a missing one.
 *
 * @example
 * ```ts
 * await rawReader("data/raw").text("kr_us_trade_press/kr_us_trade_press_figures.md");
 * ```
 */
export function rawReader(rawDir: string): CuratedResourceReader {
  const read = async <T>(path: string, how: (p: string) => Promise<T>): Promise<T> => {
    try {
      return await how(join(rawDir, path));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error(
          `raw input missing: ${join(rawDir, path)} (the repository keeps every input in data/raw; ` +
            `restore it with git, or pass --raw-dir to a folder laid out like data/raw)`,
        );
      }
      if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
        throw new Error(
          `cannot read ${join(rawDir, path)}: the data:import task may read only inside the workspace; ` +
            `for a raw folder elsewhere run: deno run --allow-read=.,${rawDir} --allow-write=data ` +
            `--allow-env --allow-sys main.ts data:import --raw-dir ${rawDir}`,
        );
      }
      throw error;
    }
  };
  return {
    text: (path) => read(path, (p) => Deno.readTextFile(p)),
    bytes: (path) => read(path, (p) => Deno.readFile(p)),
  };
}

/** The reader type resources receive. */
export type CuratedResourceReader = Parameters<CuratedResource["build"]>[0];

function assertValid(csv: string, descriptor: CuratedResource["descriptor"], file: string): void {
  const parsed = parseCsvRows(csv, file);
  const { problems } = validateRows(parsed, descriptor.schema, file);
  if (problems.length > 0) throw new CatalogError(problems);
}

async function wouldChange(files: PendingFile[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    if (typeof file.data === "string") {
      const current = await Deno.readTextFile(file.path).catch(() => undefined);
      if (current !== file.data) changed.push(file.path);
    } else {
      const current = await Deno.readFile(file.path).catch(() => undefined);
      if (!current || current.length !== file.data.length || current.some((b, i) => b !== file.data[i])) {
        changed.push(file.path);
      }
    }
  }
  return changed;
}
