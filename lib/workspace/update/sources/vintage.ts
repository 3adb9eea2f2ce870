/**
 * The vintage note of an updated resource's source: when it was retrieved,
 * and from where when `--base-url` sent the requests to another host.
 *
 * @module
 */

import type { VintageDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { PlanContext } from "../types.ts";

/**
 * The vintage note: the retrieval date, and the mirror when `--base-url`
 * redirected the requests.
 *
 * @example
 * ```ts
 * servedBy({ today: "2026-11-23", env: () => undefined }, "API data as retrieved"); // "API data as retrieved 2026-11-23"
 * ```
 */
export function servedBy(context: PlanContext, what: string): string {
  const mirror = context.baseUrl ? ` from ${context.baseUrl} (--base-url), not the publisher's host` : "";
  return `${what} ${context.today}${mirror}`;
}

/**
 * The vintage of figures fetched today: retrieved on the plan's date (the
 * publishers' APIs do not say when each value was last revised).
 *
 * @example
 * ```ts
 * retrievedVintage({ today: "2026-11-23", env: () => undefined }, "Census API figures");
 * // { date: "2026-11-23", basis: "retrieved", label: "Census API figures as retrieved" }
 * ```
 */
export function retrievedVintage(context: PlanContext, what: string): VintageDescriptor {
  const mirror = context.baseUrl ? ` from ${context.baseUrl} (--base-url), not the publisher's host` : "";
  return { date: context.today, basis: "retrieved", label: `${what} as retrieved${mirror}` };
}
