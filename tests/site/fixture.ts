/**
 * The fixture site: the committed executed notebooks, ledger and documents
 * under `tests/fixtures/site/`, built with `buildSite` into a folder of the
 * test's choosing. No kernel is needed.
 *
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";
import type { DocumentsFile } from "../../lib/analysis/claims/schema.ts";
import type { Ledger } from "../../lib/workspace/ledger/types.ts";
import { buildSite, type SiteBuildInput, type SiteNotebook } from "../../lib/workspace/site/build.ts";

/** Folder of the fixture workspace (`tests/fixtures/site/`). */
export const FIXTURE_ROOT: string = fileURLToPath(new URL("../fixtures/site/", import.meta.url));

/** Stems of the fixture notebooks. */
export const FIXTURE_STEMS: readonly string[] = ["alpha-trade-review", "beta-blog-post"];

/**
 * The fixture ledger, parsed.
 *
 * @example
 * ```ts
 * (await fixtureLedger()).totals.confirmed; // 2
 * ```
 */
export async function fixtureLedger(): Promise<Ledger> {
  return JSON.parse(await Deno.readTextFile(join(FIXTURE_ROOT, "build", "claims.json"))) as Ledger;
}

/**
 * The fixture documents file, parsed.
 *
 * @example
 * ```ts
 * (await fixtureDocuments()).documents.length; // 2
 * ```
 */
export async function fixtureDocuments(): Promise<DocumentsFile> {
  const path = join(FIXTURE_ROOT, "data", "documents.json");
  return parseDocuments(await Deno.readTextFile(path), path);
}

/**
 * The build input for the fixture site, writing to `siteDir`.
 *
 * @example
 * ```ts
 * const input = await fixtureInput("/tmp/site");
 * input.notebooks.length; // 2
 * ```
 */
export async function fixtureInput(siteDir: string): Promise<SiteBuildInput> {
  const notebooks: SiteNotebook[] = FIXTURE_STEMS.map((stem) => ({
    stem,
    documentId: stem,
    executedPath: join(FIXTURE_ROOT, "build", "notebooks", `${stem}.ipynb`),
    sourcePath: `notebooks/${stem}.ipynb`,
  }));
  return {
    root: FIXTURE_ROOT,
    buildDir: join(FIXTURE_ROOT, "build"),
    siteDir,
    notebooks,
    ledger: await fixtureLedger(),
    documents: await fixtureDocuments(),
    dataDir: join(FIXTURE_ROOT, "data"),
  };
}

/**
 * Builds the fixture site into `siteDir`.
 *
 * @example
 * ```ts
 * const { pages } = await buildFixtureSite(await Deno.makeTempDir() + "/_site");
 * ```
 */
export async function buildFixtureSite(siteDir: string): Promise<{ pages: string[] }> {
  return buildSite(await fixtureInput(siteDir));
}
