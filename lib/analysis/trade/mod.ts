/**
 * Trade math: balances, growth, multiples, CAGR, shares, period sums from
 * monthly or quarterly data, rankings among partners, and mirror
 * comparisons. Every function is pure and unit-aware.
 *
 * @example
 * ```ts
 * import { balance, multiple } from "@lib/analysis/trade/mod.ts";
 * import { usdMillions } from "@lib/analysis/units.ts";
 * balance(usdMillions(42_262.2), usdMillions(69_886.8)).value; // -27624.6
 * ```
 * @module
 */

export * from "./flows.ts";
export * from "./periods.ts";
export * from "./rank.ts";
export * from "./lookup.ts";
export * from "./mirror.ts";
export * from "./series.ts";
export * from "./columns.ts";
