/**
 * The resources `deno task update` refreshes, in the order they are fetched
 * and listed in `datapackage.json` when new.
 *
 * @module
 */

import { beaUpdatable } from "./sources/bea.ts";
import { beaServicesUpdatable } from "./sources/bea-services.ts";
import { censusUpdatable } from "./sources/census.ts";
import { comtradeUpdatable } from "./sources/comtrade.ts";
import { imfImtsMonthlyUpdatable, imfImtsUpdatable } from "./sources/imf-imts.ts";
import type { SettleQuery } from "../../analysis/claims/settle.ts";
import { censusHsSettleResource } from "./sources/census-hs.ts";
import type { UpdatableResource } from "./types.ts";

/**
 * Every updatable resource.
 *
 * @example
 * ```ts
 * UPDATABLE.map((r) => r.descriptor.name);
 * // ["census-goods-by-partner-monthly", "imf-dots-annual", "bea-services-korea", "bea-services-korea-by-type",
 * //  "comtrade-korea-partners", "imf-imts-monthly" (opt-in: --only)]
 * ```
 */
export const UPDATABLE: readonly UpdatableResource[] = [
  censusUpdatable,
  imfImtsUpdatable,
  beaUpdatable,
  beaServicesUpdatable,
  comtradeUpdatable,
  imfImtsMonthlyUpdatable,
];

/**
 * Picks resources by name (all but the opt-in ones when `names` is empty), failing on an unknown name.
 *
 * @example
 * ```ts
 * selectUpdatable(["imf-dots-annual"]).length; // 1
 * ```
 */
export function selectUpdatable(names: readonly string[] = []): UpdatableResource[] {
  if (names.length === 0) return UPDATABLE.filter((r) => !r.optIn);
  const known = UPDATABLE.map((r) => r.descriptor.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(`unknown resource(s) ${unknown.join(", ")}; updatable resources: ${known.join(", ")}`);
  }
  return UPDATABLE.filter((r) => names.includes(r.descriptor.name));
}

/**
 * The hosts of the given resources, for `--allow-net`.
 *
 * @example
 * ```ts
 * publisherHosts(UPDATABLE); // ["api.census.gov", "api.imf.org", "apps.bea.gov", "comtradeapi.un.org"]
 * ```
 */
export function publisherHosts(resources: readonly UpdatableResource[]): string[] {
  return [...new Set(resources.flatMap((r) => r.hosts))].sort();
}

/**
 * The resources a plan fetches: those its settle queries name (`--settle`),
 * else the updatable resources picked by `only`.
 *
 * @example
 * ```ts
 * planResources({ settle: [query] }).map((r) => r.descriptor.name); // ["census-hs87-korea"]
 * ```
 */
export function planResources(
  plan: { only?: readonly string[]; settle?: readonly SettleQuery[] },
): UpdatableResource[] {
  if (plan.settle && plan.settle.length > 0) return plan.settle.map((query) => censusHsSettleResource(query));
  return selectUpdatable(plan.only ?? []);
}
