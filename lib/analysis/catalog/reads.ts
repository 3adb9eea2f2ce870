/**
 * The record of what a process read from the catalog. The executor's cache
 * uses it to re-run a notebook only when data it actually read has changed:
 * when `CLAIMBOOK_READS_FILE` is set, every read is appended to that file as
 * a JSON line.
 *
 * A read of a whole file names its path. A read of one entry of a shared
 * file names `file#key` — `datapackage.json#<resource>` for a resource's
 * descriptor entry, `documents.json#<document>` for a document and its
 * claims — so that editing one resource or one document re-runs only the
 * notebooks that read it. `fragmentHash` computes those entries' hashes for
 * whoever checks them later.
 *
 * This module stays light (no arquero): the executor imports it.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** One read of the catalog. */
export interface CatalogRead {
  /** Resource name, or `(datapackage.json)` / `(documents.json)` for an entry of those files. */
  resource: string;
  /** Path relative to the data folder, with `#key` for one entry of a shared file. */
  path: string;
  sha256: string;
}

/** Environment variable naming a file to which every read is appended (JSON lines). */
export const READS_FILE_ENV = "CLAIMBOOK_READS_FILE";
/** Environment variable overriding the data folder. */
export const DATA_DIR_ENV = "CLAIMBOOK_DATA_DIR";
/** Environment variable overriding the catalog's cache folder. */
export const CACHE_DIR_ENV = "CLAIMBOOK_CACHE_DIR";

const reads: CatalogRead[] = [];
const recorded = new Set<string>();

/**
 * Records a read (in memory, and in `$CLAIMBOOK_READS_FILE` when set); the
 * same path and hash are recorded once per process.
 *
 * @example
 * ```ts
 * recordRead({ resource: "imf-dots-annual", path: "imf-dots-annual.csv", sha256: "…" });
 * ```
 */
export function recordRead(read: CatalogRead): void {
  const file = readEnv(READS_FILE_ENV);
  const key = `${file ?? ""}\0${read.path}\0${read.sha256}`;
  if (recorded.has(key)) return;
  recorded.add(key);
  reads.push(read);
  if (file) Deno.writeTextFileSync(file, JSON.stringify(read) + "\n", { append: true });
}

/**
 * Every read made by this process so far.
 *
 * @example
 * ```ts
 * catalogReads().length >= 0; // true
 * ```
 */
export function catalogReads(): readonly CatalogRead[] {
  return reads;
}

/**
 * An environment variable, or undefined when unset or not permitted.
 *
 * @example
 * ```ts
 * readEnv("CLAIMBOOK_DATA_DIR");
 * ```
 */
export function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: fall back to defaults
  }
}

/**
 * SHA-256 of text or bytes, as hex.
 *
 * @example
 * ```ts
 * sha256("abc").slice(0, 8); // "ba7816bf"
 * ```
 */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The default data folder: `$CLAIMBOOK_DATA_DIR`, else the workspace's `data/`.
 *
 * @example
 * ```ts
 * defaultDataDir().endsWith("data"); // true
 * ```
 */
export function defaultDataDir(): string {
  const fromEnv = readEnv(DATA_DIR_ENV);
  if (fromEnv) return resolve(fromEnv);
  return fileURLToPath(new URL("../../../data", import.meta.url));
}

/**
 * The catalog's cache folder (records of validated files, keyed by their
 * SHA-256): `$CLAIMBOOK_CACHE_DIR`, else the workspace's `_build/cache`.
 *
 * @example
 * ```ts
 * defaultCacheDir().endsWith("cache"); // true
 * ```
 */
export function defaultCacheDir(): string {
  const fromEnv = readEnv(CACHE_DIR_ENV);
  if (fromEnv) return resolve(fromEnv);
  return fileURLToPath(new URL("../../../_build/cache", import.meta.url));
}

/** The parts of a shared file that its entries' hashes read. */
interface SharedFile {
  resources?: Record<string, unknown>[];
  documents?: { id: string }[];
  claims?: { document: string }[];
}

/** The last text of each shared file parsed by {@link fragmentHash}, with its parse. */
const parsedShared = new Map<string, { text: string; json: SharedFile; hashes: Map<string, string> }>();

/** Descriptor properties that only restate the file (already hashed as a read of its own). */
const RESTATED = new Set(["hash", "bytes", "producedBy"]);

/**
 * The hash of one entry of a shared file, from the file's text: a
 * resource's descriptor entry (without `hash`, `bytes`, `producedBy`) in
 * `datapackage.json`, or a document with its claims in `documents.json`.
 * `"absent"` when the entry is gone.
 *
 * @example
 * ```ts
 * fragmentHash("datapackage.json#imf-dots-annual", await Deno.readTextFile("data/datapackage.json"));
 * ```
 */
export function fragmentHash(path: string, text: string): string {
  const [file, key] = path.split("#");
  let parsed = parsedShared.get(file);
  if (parsed?.text !== text) {
    let json: SharedFile;
    try {
      json = JSON.parse(text);
    } catch {
      return "unreadable";
    }
    // A notebook records an entry of the same text at every load() and claim(): parse it once, hash each entry once.
    parsed = { text, json, hashes: new Map() };
    parsedShared.set(file, parsed);
  }
  let hash = parsed.hashes.get(key);
  if (hash === undefined) {
    hash = entryHash(file, key, parsed.json);
    parsed.hashes.set(key, hash);
  }
  return hash;
}

/** The hash of one entry of a parsed shared file (see {@link fragmentHash}). */
function entryHash(file: string, key: string, json: SharedFile): string {
  if (file.endsWith("datapackage.json")) {
    const entry = json.resources?.find((r) => r.name === key);
    if (!entry) return "absent";
    return sha256(JSON.stringify(Object.entries(entry).filter(([k]) => !RESTATED.has(k))));
  }
  if (file.endsWith("documents.json")) {
    const document = json.documents?.find((d) => d.id === key);
    if (!document) return "absent";
    return sha256(JSON.stringify({ document, claims: json.claims?.filter((c) => c.document === key) ?? [] }));
  }
  throw new RangeError(`no fragments in ${file}`);
}

/**
 * Records a read of one entry of a shared file in the data folder.
 *
 * @example
 * ```ts
 * recordFragmentRead("datapackage.json", "imf-dots-annual", descriptorText);
 * ```
 */
export function recordFragmentRead(file: "datapackage.json" | "documents.json", key: string, text: string): void {
  const path = `${file}#${key}`;
  recordRead({ resource: `(${file})`, path, sha256: fragmentHash(path, text) });
}

/**
 * The file a read names (without its `#key`), inside the data folder.
 *
 * @example
 * ```ts
 * readFilePath("/data", "datapackage.json#imf-dots-annual"); // "/data/datapackage.json"
 * ```
 */
export function readFilePath(dataDir: string, path: string): string {
  return join(dataDir, path.split("#")[0]);
}
