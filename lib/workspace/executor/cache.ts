/**
 * The execution cache (`_build/cache.json`): a notebook is re-executed only
 * when something it depends on changed — its own source, any file under
 * `lib/`, `deno.json` or `deno.lock` (together "the environment", with the
 * Deno version), or a data file it actually read (the kernel reports its
 * catalog reads with their SHA-256). Only successful executions are cached.
 *
 * @example
 * ```ts
 * const cache = await openCache({ root: "/work/main", buildDir: "/work/main/_build" });
 * const environment = await cache.environmentHash();
 * ```
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import type { LedgerEntry } from "../ledger/types.ts";
import { writeFileAtomic } from "../atomic.ts";
import type { RecordedRead } from "./execute.ts";
import { combinedHash, FileHasher, type FileStamp, listFiles, sha256Hex } from "./fingerprint.ts";
import { fragmentHash, readFilePath } from "../../analysis/catalog/reads.ts";
import type { Notebook } from "./notebook.ts";
import { executionHash } from "./text-cells.ts";

/**
 * Schema tag of the cache file; a different tag means "start afresh".
 *
 * @example
 * ```ts
 * JSON.parse(await Deno.readTextFile("_build/cache.json")).schema === CACHE_SCHEMA; // true
 * ```
 */
export const CACHE_SCHEMA = "claimbook.cache/1";

/** What is remembered about one successfully executed notebook. */
export interface CacheEntry {
  /** Notebook path relative to the workspace. */
  notebook: string;
  sourceSha256: string;
  /** {@link executionHash} of the source: what execution depended on (absent in caches written before it). */
  executionSha256?: string;
  environment: string;
  /** Absolute data folder the kernel read from. */
  dataDir: string;
  /** Catalog reads: paths relative to `dataDir`, with the hash seen then. */
  reads: { path: string; sha256: string }[];
  /** Executed notebook, absolute. */
  executedPath: string;
  documentId: string;
  /** The verdicts found in the executed notebook (so a cached run need not re-read it). */
  verdicts: LedgerEntry[];
  /** ISO time of the execution. */
  executedAt: string;
  /** Milliseconds the execution took. */
  ms: number;
}

interface CacheFile {
  schema: typeof CACHE_SCHEMA;
  stamps: Record<string, FileStamp>;
  entries: Record<string, CacheEntry>;
}

/** Where the cache lives and what it hashes. */
export interface CacheOptions {
  root: string;
  buildDir: string;
}

/**
 * An opened cache. Changes stay in memory until {@link ExecutionCache.save}.
 *
 * @example
 * ```ts
 * const cache = await openCache({ root, buildDir });
 * (await cache.lookup("notebooks/x.ipynb", bytes, dataDir)).why; // "up to date"
 * ```
 */
export class ExecutionCache {
  readonly path: string;
  readonly hasher: FileHasher;
  #root: string;
  #entries: Record<string, CacheEntry>;
  #environment: Promise<string> | undefined;
  #dirty = false;
  /** Shared files (datapackage.json, documents.json) read once per run for their entries' hashes. */
  #texts = new Map<string, Promise<string>>();

  constructor(path: string, root: string, file: CacheFile) {
    this.path = path;
    this.#root = root;
    this.hasher = new FileHasher(file.stamps);
    this.#entries = file.entries;
  }

  /**
   * Hash of the modules a kernel can import (everything under `lib/` except
   * `lib/workspace/`, the executor, site and updater, which no notebook
   * imports), `deno.json`, `deno.lock` and the Deno version (computed once).
   */
  environmentHash(): Promise<string> {
    this.#environment ??= (async () => {
      const files = await environmentFiles(this.#root);
      return combinedHash(this.hasher, this.#root, files, [CACHE_SCHEMA, `deno ${Deno.version.deno}`]);
    })();
    return this.#environment;
  }

  /**
   * The current hash of something a notebook read: a file, or one entry of
   * a shared file (`datapackage.json#<resource>`, `documents.json#<document>`),
   * so that editing one resource re-runs only the notebooks that read it.
   */
  readHash(dataDir: string, path: string): Promise<string | undefined> {
    if (!path.includes("#")) return this.hasher.hash(dataPath(dataDir, path));
    const file = readFilePath(dataDir, path);
    let text = this.#texts.get(file);
    if (!text) {
      text = Deno.readTextFile(file).catch(() => "");
      this.#texts.set(file, text);
    }
    return text.then((t) => (t === "" ? undefined : fragmentHash(path, t)));
  }

  /** The entry of a notebook, if any. */
  entry(notebook: string): CacheEntry | undefined {
    return this.#entries[notebook];
  }

  /**
   * The entry when it is still valid for this source, environment and data
   * folder (every read file has the recorded hash and the executed notebook
   * exists); otherwise undefined, with the reason in `why`.
   */
  async lookup(
    notebook: string,
    sourceBytes: Uint8Array,
    dataDir: string,
    parsed?: Notebook,
  ): Promise<{ entry?: CacheEntry; why: string; textOnly?: boolean }> {
    const entry = this.#entries[notebook];
    if (!entry) return { why: "not run before" };
    // Only Markdown or raw cells changed: the outputs still hold; the caller refreshes the executed copy's text.
    const textOnly = entry.sourceSha256 !== sha256Hex(sourceBytes) && parsed !== undefined &&
      entry.executionSha256 === executionHash(parsed);
    if (entry.sourceSha256 !== sha256Hex(sourceBytes) && !textOnly) return { why: "the notebook changed" };
    if (entry.environment !== await this.environmentHash()) {
      return { why: "lib/ (outside lib/workspace/), deno.json or deno.lock changed" };
    }
    if (resolve(entry.dataDir) !== resolve(dataDir)) return { why: "the data folder is different" };
    const current = await Promise.all(entry.reads.map((read) => this.readHash(dataDir, read.path)));
    const changed = entry.reads.filter((read, i) => current[i] !== read.sha256).map((read) => read.path);
    if (changed.length > 0) return { why: `data changed: ${changed.join(", ")}` };
    try {
      await Deno.stat(entry.executedPath);
    } catch {
      return { why: "the executed notebook is missing" };
    }
    return textOnly ? { entry, why: "only its Markdown changed", textOnly } : { entry, why: "up to date" };
  }

  /** After the executed copy took the source's new text: the entry now stands for this source. */
  refreshText(notebook: string, sourceBytes: Uint8Array, verdicts: LedgerEntry[]): void {
    const entry = this.#entries[notebook];
    if (!entry) return;
    this.#entries[notebook] = { ...entry, sourceSha256: sha256Hex(sourceBytes), verdicts };
    this.#dirty = true;
  }

  /** Records a successful execution. */
  async record(
    entry: Omit<CacheEntry, "sourceSha256" | "executionSha256" | "environment" | "reads"> & {
      sourceBytes: Uint8Array;
      /** The parsed source, so that a later edit of its Markdown alone needs no execution. */
      source?: Notebook;
      reads: RecordedRead[];
    },
  ): Promise<void> {
    const { sourceBytes, source, reads, ...rest } = entry;
    this.#dirty = true;
    this.#entries[entry.notebook] = {
      ...rest,
      sourceSha256: sha256Hex(sourceBytes),
      ...(source ? { executionSha256: executionHash(source) } : {}),
      environment: await this.environmentHash(),
      reads: reads.map((read) => ({ path: read.path, sha256: read.sha256 })),
    };
  }

  /** Forgets a notebook (after a failed execution). */
  forget(notebook: string): void {
    if (!this.#entries[notebook]) return;
    delete this.#entries[notebook];
    this.#dirty = true;
  }

  /** Whether {@link save} has anything new to write. */
  get dirty(): boolean {
    return this.#dirty || this.hasher.dirty;
  }

  /** Writes the cache file atomically. */
  async save(): Promise<void> {
    const file: CacheFile = { schema: CACHE_SCHEMA, stamps: this.hasher.stamps, entries: this.#entries };
    await writeFileAtomic(this.path, JSON.stringify(file) + "\n");
  }
}

/**
 * The files whose content is part of every notebook's cache key: the modules
 * a kernel can import (everything under `lib/` except `lib/workspace/`: the
 * executor, site and updater, which no notebook imports — a test follows the
 * import graph of `lib/analysis` to keep it so), `deno.json` and `deno.lock`.
 * Absolute paths, sorted as {@link listFiles} lists them.
 *
 * @example
 * ```ts
 * (await environmentFiles("/work/main")).includes("/work/main/lib/analysis/mod.ts"); // true
 * ```
 */
export async function environmentFiles(root: string): Promise<string[]> {
  const workspace = join(root, "lib", "workspace") + "/";
  const lib = (await listFiles(join(root, "lib"))).filter((file) => !file.startsWith(workspace));
  return [...lib, join(root, "deno.json"), join(root, "deno.lock")];
}

/**
 * Opens `<buildDir>/cache.json` (a missing, unreadable or outdated file gives an empty cache).
 *
 * @example
 * ```ts
 * const cache = await openCache({ root, buildDir: join(root, "_build") });
 * ```
 */
export async function openCache(options: CacheOptions): Promise<ExecutionCache> {
  const path = join(options.buildDir, "cache.json");
  let file: CacheFile = { schema: CACHE_SCHEMA, stamps: {}, entries: {} };
  try {
    const parsed = JSON.parse(await Deno.readTextFile(path));
    if (parsed?.schema === CACHE_SCHEMA && parsed.entries && parsed.stamps) file = parsed;
  } catch {
    // No cache yet, or a damaged one: everything runs, and a good one is written.
  }
  return new ExecutionCache(path, options.root, file);
}

function dataPath(dataDir: string, path: string): string {
  return isAbsolute(path) ? path : join(dataDir, path);
}
