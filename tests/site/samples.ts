/**
 * Small hand-made payloads for the site's unit tests.
 *
 * @module
 */

import { CHART_SCHEMA, type ChartData } from "../../lib/analysis/charts/payload.ts";
import { VERDICT_SCHEMA, type VerdictData } from "../../lib/analysis/claims/verdict.ts";

/**
 * A confirmed verdict, with fields overridden as given.
 *
 * @example
 * ```ts
 * sampleVerdict({ verdict: "discrepant" }).verdict; // "discrepant"
 * ```
 */
export function sampleVerdict(overrides: Partial<VerdictData> = {}): VerdictData {
  return {
    schema: VERDICT_SCHEMA,
    claim: "alpha-deficit-2016",
    document: "alpha",
    quote: "In 2016 the US goods deficit with Korea stood at $27.7 billion.",
    subject: "US goods balance with Korea",
    period: "2016",
    verdict: "confirmed",
    stated: { value: 27.7, unit: "USD billions", text: "$27.7 billion" },
    computed: { value: 27.6676, unit: "USD billions", text: "$27.668 billion" },
    difference: { absolute: -0.0324, relative: -0.00117, unit: "USD billions" },
    tolerance: "anything that rounds to $27.7 billion",
    grade: "official series",
    sources: [{
      resource: "census",
      title: "US trade with Korea",
      source: "U.S. Census Bureau",
      url: "https://www.census.gov/foreign-trade/balance/c5800.html",
      grade: "official",
      sha256: "cefd819b35b0aaaa",
    }],
    reason: "The data give $27.668 billion, within what the wording allows.",
    ...overrides,
  };
}

/**
 * A chart payload with two rows.
 *
 * @example
 * ```ts
 * sampleChart().rows.length; // 2
 * ```
 */
export function sampleChart(overrides: Partial<ChartData> = {}): ChartData {
  return {
    schema: CHART_SCHEMA,
    name: "us-goods-balance",
    title: "US goods balance with Korea",
    subtitle: "US$ billions",
    source: "U.S. Census Bureau",
    alt: "Line chart of the balance, 2011 to 2016",
    columns: ["year", "balance"],
    rows: [{ year: 2011, balance: -13.2 }, { year: 2016, balance: -27.7 }],
    ...overrides,
  };
}
