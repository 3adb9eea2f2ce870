/**
 * The data catalog: `load(name)` reads a resource of `data/datapackage.json`
 * (Frictionless Data Package v2) into a validated arquero table that keeps
 * its provenance.
 *
 * @example
 * ```ts
 * import { load, provenanceOf } from "@lib/analysis/catalog/mod.ts";
 * const dots = load("imf-dots-annual");
 * provenanceOf(dots)?.grade; // "official"
 * ```
 * @module
 */

export * from "./errors.ts";
export * from "./datapackage.ts";
export * from "./csv.ts";
export * from "./validate.ts";
export * from "./load.ts";
export * from "./has-resource.ts";
export * from "./selection.ts";
export * from "./columnar.ts";
export * from "./reads.ts";
export * from "./sources-card.ts";
