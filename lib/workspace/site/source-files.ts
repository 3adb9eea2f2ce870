/**
 * The data behind each verdict, published with the site: every resource a
 * verdict read, exactly as it was read (the file whose SHA-256 the verdict
 * records), as CSV under `data/sources/<resource>-<hash>.csv`, so a reader
 * can open the rows the figure was computed from. A resource stored in
 * another format is written out as CSV through the catalog; a file that
 * changed since the verdict was reached is not published (the verdict keeps
 * its hash, and the next render brings both up to date).
 *
 * @module
 */

import { join } from "node:path";
import { openCatalog } from "../../analysis/catalog/load.ts";
import { parseDescriptor } from "../../analysis/catalog/datapackage.ts";
import { sha256 } from "../../analysis/catalog/reads.ts";
import type { SourceRef } from "../../analysis/claims/verdict.ts";
import type { SiteFiles } from "./page-state.ts";

/** The published source files and where each verdict source links. */
export interface SourceFiles {
  files: SiteFiles;
  /** Site-relative path of the CSV for a source, if published. */
  href(source: Pick<SourceRef, "resource" | "sha256">): string | undefined;
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
 * Collects the files the verdicts read from the data folder.
 *
 * @example
 * ```ts
 * const sources = await sourceFiles("/work/main/data", ledger.verdicts);
 * sources.href(ledger.verdicts[0].sources[0]); // "data/sources/imf-dots-annual-5f1c0a9e7b2d.csv"
 * ```
 */
export async function sourceFiles(dataDir: string, verdicts: { sources: SourceRef[] }[]): Promise<SourceFiles> {
  const files: SiteFiles = new Map();
  const published = new Map<string, string>();
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
      files.set(path, isCsv ? bytes : openCatalog({ dataDir }).load(resource).toCSV());
      published.set(key(resource, hash), path);
    }
  }
  return {
    files,
    href: (source) => (source.sha256 ? published.get(key(source.resource, source.sha256)) : undefined),
  };
}
