/**
 * The data behind each verdict, published with the site: every resource a
 * verdict read, exactly as it was read (the file whose SHA-256 the verdict
 * records), as CSV under `data/sources/<resource>-<hash>.csv`, so a reader
 * can open the rows the figure was computed from. A resource stored in
 * another format is written out as CSV through the catalog; a file that
 * changed since the verdict was reached is not published (the verdict keeps
 * its hash, and the next render brings both up to date).
 *
 * When a verdict names the rows of a source it used (`SourceRef.rows`,
 * recorded by the lookup helpers), those rows are also published on their
 * own, under `data/rows/<claim>--<resource>.csv`: the header and the lines
 * of those rows, exactly as they read in the published file, in file order.
 *
 * @module
 */

import { join } from "node:path";
import { openCatalog } from "../../analysis/catalog/load.ts";
import { parseDescriptor } from "../../analysis/catalog/datapackage.ts";
import { sha256 } from "../../analysis/catalog/reads.ts";
import { type CsvRowIndex, indexCsvRows } from "./csv-rows.ts";
import type { SourceRef } from "../../analysis/claims/verdict.ts";
import type { SiteFiles } from "./page-state.ts";

/** Where a verdict source links: the whole file it read, and the rows it used. */
export interface SourceLinks {
  /** Site-relative path of the whole file's CSV. */
  file: string;
  /** The CSV of the rows used and how many there are, when the verdict recorded them. */
  rows?: { href: string; count: number };
}

/** The published source files and where each verdict source links. */
export interface SourceFiles {
  files: SiteFiles;
  /** Where a source of the verdict on `claim` links, if its file is published. */
  links(claim: string, source: Pick<SourceRef, "resource" | "sha256" | "rows">): SourceLinks | undefined;
}

/**
 * The site path of a source's CSV.
 *
 * @example
 * ```ts
 * sourceFilePath("imf-dots-annual", "5f1c0a9e7b2d4c3e…"); // "data/sources/imf-dots-annual-5f1c0a9e7b2d.csv"
 * ```
 */
export function sourceFilePath(resource: string, hash: string): string {
  return `data/sources/${resource.replace(/[^A-Za-z0-9._-]/g, "-")}-${hash.slice(0, 12)}.csv`;
}

/**
 * The site path of the CSV of the rows a verdict used from a source.
 *
 * @example
 * ```ts
 * rowsFilePath("news-exports-2016", "census-goods-by-country-annual");
 * // "data/rows/news-exports-2016--census-goods-by-country-annual.csv"
 * ```
 */
export function rowsFilePath(claim: string, resource: string): string {
  const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, "-");
  return `data/rows/${safe(claim)}--${safe(resource)}.csv`;
}

/**
 * Collects the files the verdicts read from the data folder, and the rows
 * each verdict used.
 *
 * @example
 * ```ts
 * const sources = await sourceFiles("/work/main/data", ledger.verdicts);
 * sources.links(ledger.verdicts[0].claim, ledger.verdicts[0].sources[0])?.file;
 * // "data/sources/imf-dots-annual-5f1c0a9e7b2d.csv"
 * ```
 */
export async function sourceFiles(
  dataDir: string,
  verdicts: { claim: string; sources: SourceRef[] }[],
): Promise<SourceFiles> {
  const files: SiteFiles = new Map();
  const published = new Map<string, { path: string; content: Uint8Array | string }>();
  const key = (resource: string, hash: string) => `${resource}\0${hash}`;
  const wanted = new Map<string, { resource: string; hash: string }>();
  for (const verdict of verdicts) {
    for (const source of verdict.sources ?? []) {
      if (source.sha256) {
        wanted.set(key(source.resource, source.sha256), { resource: source.resource, hash: source.sha256 });
      }
    }
  }
  if (wanted.size > 0) {
    let resources: Map<string, { path: string; format?: string }>;
    try {
      const descriptor = parseDescriptor(
        await Deno.readTextFile(join(dataDir, "datapackage.json")),
        "datapackage.json",
      );
      resources = new Map(descriptor.resources.map((r) => [r.name, r]));
    } catch {
      // No readable data package: the verdicts keep their hashes, without files.
      resources = new Map();
    }
    for (const { resource, hash } of wanted.values()) {
      const descriptor = resources.get(resource);
      if (!descriptor) continue;
      const bytes = await Deno.readFile(join(dataDir, descriptor.path)).catch(() => undefined);
      if (!bytes || sha256(bytes) !== hash) continue;
      const path = sourceFilePath(resource, hash);
      const isCsv = (descriptor.format ?? "csv").toLowerCase() === "csv" || descriptor.path.endsWith(".csv");
      const content = isCsv ? bytes : openCatalog({ dataDir }).load(resource).toCSV();
      files.set(path, content);
      published.set(key(resource, hash), { path, content });
    }
  }
  const rowFiles = publishRows(verdicts, (source) => published.get(key(source.resource, source.sha256)), files);
  return {
    files,
    links: (claim, source) => {
      const file = source.sha256 ? published.get(key(source.resource, source.sha256)) : undefined;
      if (!file) return undefined;
      const rows = rowFiles.get(rowsFilePath(claim, source.resource));
      return { file: file.path, ...(rows && rows.hash === source.sha256 ? { rows } : {}) };
    },
  };
}

/**
 * Writes the CSV of the rows each verdict used from each published source
 * (rows of the same file named twice by one verdict are merged).
 */
function publishRows(
  verdicts: { claim: string; sources: SourceRef[] }[],
  publishedFile: (source: { resource: string; sha256: string }) => { content: Uint8Array | string } | undefined,
  files: SiteFiles,
): Map<string, { href: string; count: number; hash: string }> {
  const wanted = new Map<string, { hash: string; content: Uint8Array | string; rows: Set<number> }>();
  for (const verdict of verdicts) {
    for (const source of verdict.sources ?? []) {
      if (!source.sha256 || !Array.isArray(source.rows) || source.rows.length === 0) continue;
      const file = publishedFile({ resource: source.resource, sha256: source.sha256 });
      if (!file) continue;
      const path = rowsFilePath(verdict.claim, source.resource);
      const entry = wanted.get(path) ?? { hash: source.sha256, content: file.content, rows: new Set<number>() };
      if (entry.hash !== source.sha256) continue; // one verdict read two versions of a file: keep the first
      for (const row of source.rows) entry.rows.add(row);
      wanted.set(path, entry);
    }
  }
  const written = new Map<string, { href: string; count: number; hash: string }>();
  // Several verdicts read rows of the same file: it is read once.
  const indexes = new Map<string, CsvRowIndex | undefined>();
  for (const [path, { hash, content, rows }] of wanted) {
    if (!indexes.has(hash)) {
      const text = typeof content === "string"
        ? content
        : new TextDecoder("utf-8", { ignoreBOM: true }).decode(content);
      indexes.set(hash, indexCsvRows(text, path));
    }
    const excerpt = indexes.get(hash)?.excerpt([...rows]);
    if (excerpt === undefined) continue; // rows beyond the file: the verdict and the file disagree; link the file only
    files.set(path, excerpt);
    written.set(path, { href: path, count: rows.size, hash });
  }
  return written;
}
