/**
 * What notebooks import: the data catalog, trade math, claims and verdicts,
 * charts, table display, and the danfojs bridge.
 *
 * @example
 * ```ts
 * import { check, load, quantityAt, usdMillions } from "@lib/analysis/mod.ts";
 * const dots = load("imf-dots-annual");
 * ```
 * @module
 */

export * from "./units.ts";
export * from "./catalog/mod.ts";
export * from "./trade/mod.ts";
export * from "./claims/mod.ts";
export * from "./charts/mod.ts";
export * from "./display.ts";
export * from "./frame.ts";
export * from "./report.ts";
export * from "./summary.ts";
export * from "./prose.ts";
export * from "./tally.ts";
export * from "./jupyter.ts";
