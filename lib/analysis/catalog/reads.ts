/**
 * The record of what a process read from the catalog. The executor's cache
 * uses it to re-run a notebook only when data it actually read has changed:
 * when `CLAIMBOOK_READS_FILE` is set, every read is appended to that file as
 * a JSON line.
 *
 * @module
 */

/** One read of the catalog. */
export interface CatalogRead {
  /** Resource name, or `(datapackage.json)` / `(documents.json)`. */
  resource: string;
  /** Path relative to the data folder. */
  path: string;
  sha256: string;
}

/** Environment variable naming a file to which every read is appended (JSON lines). */
export const READS_FILE_ENV = "CLAIMBOOK_READS_FILE";

const reads: CatalogRead[] = [];

/**
 * Records a read (in memory, and in `$CLAIMBOOK_READS_FILE` when set).
 *
 * @example
 * ```ts
 * recordRead({ resource: "imf-dots-annual", path: "imf-dots-annual.csv", sha256: "…" });
 * ```
 */
export function recordRead(read: CatalogRead): void {
  reads.push(read);
  const file = readEnv(READS_FILE_ENV);
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
