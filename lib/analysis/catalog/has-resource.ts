/**
 * `hasResource(name)`: whether the data package describes a resource — so
 * that a notebook can compute from a resource that `deno task update
 * --settle` may have added, and say what would settle the claim when it
 * has not. The answer is recorded as a read of that entry of
 * `datapackage.json`, so the render re-runs the notebook when the resource
 * appears or goes.
 *
 * @module
 */

import { join } from "node:path";
import { type CatalogOptions, openCatalog } from "./load.ts";
import { recordFragmentRead } from "./reads.ts";

/**
 * Whether `datapackage.json` describes a resource of that name.
 *
 * @example
 * ```ts
 * if (hasResource("census-hs87-korea")) {
 *   const autos = load("census-hs87-korea");
 * }
 * ```
 */
export function hasResource(name: string, options: CatalogOptions = {}): boolean {
  const catalog = openCatalog(options);
  const text = Deno.readTextFileSync(join(catalog.dataDir, "datapackage.json"));
  recordFragmentRead("datapackage.json", name, text);
  return catalog.names().includes(name);
}
