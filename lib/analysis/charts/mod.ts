/**
 * Charts rendered with Observable Plot to standalone SVG (linkedom's DOM),
 * displayed inline in Jupyter and carried into the site with their source
 * line and data.
 *
 * @example
 * ```ts
 * import { chart } from "@lib/analysis/charts/mod.ts";
 * import * as Plot from "@observablehq/plot";
 * chart({ title: "t", source: "s", data: [], marks: [Plot.ruleY([0])] }).svg;
 * ```
 * @module
 */

export * from "./chart.ts";
export * from "./tips.ts";
