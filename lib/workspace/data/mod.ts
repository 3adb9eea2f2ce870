/**
 * The data layer: importers for publishers' formats, the curated resources,
 * and `curate()` which rebuilds `data/` from the raw inputs.
 *
 * @example
 * ```ts
 * import { curate } from "./lib/workspace/data/mod.ts";
 * await curate({ rawDir: "data/raw", dataDir: "data" });
 * ```
 * @module
 */

export * from "./errors.ts";
export * from "../atomic.ts";
export * from "./csv-out.ts";
export * from "./curate.ts";
export * from "./resources/mod.ts";
