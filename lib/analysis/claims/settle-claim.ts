/**
 * A claim's settling query, looked up by claim id, for notebooks: the name
 * of the resource `deno task update --settle` writes, and the query in
 * words for an unverifiable verdict.
 *
 * @module
 */

import { claim, ClaimError } from "./registry.ts";
import { describeSettleQuery, type SettleQuery } from "./settle.ts";

/**
 * The `settleBy` query of a claim record; fails, naming the claim, when it has none.
 *
 * @example
 * ```ts
 * settleQuery("news-autos-deficit-24bn").resource; // "census-hs87-korea"
 * ```
 */
export function settleQuery(claimId: string): SettleQuery {
  const query = claim(claimId).settleBy;
  if (!query) {
    throw new ClaimError(
      `claim "${claimId}" has no settleBy query in data/documents.json; add one, or say in words what would settle it ({ settle: "…" })`,
    );
  }
  return query;
}

/**
 * What would settle a claim, in words, from its `settleBy` record (for `check(id, null, { settle })`).
 *
 * @example
 * ```ts
 * check("news-autos-deficit-24bn", null, { settle: settleText("news-autos-deficit-24bn") });
 * ```
 */
export function settleText(claimId: string): string {
  return describeSettleQuery(settleQuery(claimId));
}
