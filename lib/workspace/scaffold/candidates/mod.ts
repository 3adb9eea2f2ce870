/**
 * Candidate computations for proposed claims, AggChecker-style: each claim's
 * words are matched against every resource of the catalog (countries,
 * flow, product, period), up to three computations are built from the trade
 * library's vocabulary, and each is run here against the data with the
 * verdict `check()` would give. The ranking looks only at how well a
 * resource matches the claim's words, never at the verdict, so a
 * discrepant best candidate stays first.
 *
 * @example
 * ```ts
 * const { profiles } = profileCatalog(openCatalog());
 * candidatesFor(proposal, profiles).candidates[0]?.verdict; // "confirmed"
 * ```
 * @module
 */

import type { Tolerance } from "../../../analysis/claims/schema.ts";
import { judge, type Judgement } from "../../../analysis/claims/tolerance.ts";
import { convert, isMoney, type NumericQuantity, type Unit } from "../../../analysis/units.ts";
import type { Proposal } from "../extract/types.ts";
import { type Operation, plansFor, type Rejection } from "./plan.ts";
import type { ResourceProfile } from "./profile.ts";

export { profileCatalog, type ResourceProfile } from "./profile.ts";
export { type Operation, variableName } from "./plan.ts";

/** A computation run tentatively. */
export interface Candidate {
  resource: string;
  variable: string;
  operation: Operation;
  description: string;
  /** Notebook code evaluating to the computed quantity. */
  code: string;
  /** Library functions the code calls. */
  uses: string[];
  /** The computed figure in the claim's stated unit, or the error that stopped it. */
  computed?: number;
  verdict?: Judgement;
  error?: string;
  /** Other resources whose plan computes the same figure by the same operation (not counted as alternatives). */
  alsoFrom?: string[];
}

/** The candidates of one claim, best first, and the resources that could not answer it. */
export interface ClaimCandidates {
  candidates: Candidate[];
  /** Computations that matched but failed when run (missing months, several rows…). */
  failed: Candidate[];
  rejected: Rejection[];
}

/**
 * Up to `limit` (default 3) candidates that ran, best match first. A plan
 * that gives a figure already found, by the same operation, from another
 * table (two copies of Census's monthly series, say) is not an alternative:
 * it is named in that candidate's `alsoFrom` and leaves its place to one
 * that computes something else.
 *
 * @example
 * ```ts
 * candidatesFor(proposal, profiles).candidates.map((c) => c.operation); // ["balance", "balance", "valueAt"]
 * ```
 */
export function candidatesFor(p: Proposal, profiles: ResourceProfile[], limit = 3): ClaimCandidates {
  const rejected: Rejection[] = [];
  const plans = profiles.flatMap((r) => {
    const result = plansFor(p, r);
    if (!Array.isArray(result)) {
      rejected.push(result);
      return [];
    }
    return result;
  }).sort((a, b) => b.score - a.score);
  const candidates: Candidate[] = [];
  const failed: Candidate[] = [];
  for (const plan of plans) {
    if (candidates.length >= limit) break;
    const base = {
      resource: plan.resource,
      variable: plan.variable,
      operation: plan.operation,
      description: plan.description,
      code: plan.expr.code,
      uses: [...new Set(plan.expr.uses)],
    };
    try {
      const computed = inUnit(plan.expr.run(), p.unit);
      if (!Number.isFinite(computed)) throw new RangeError("the computation gave no finite number");
      const same = candidates.find((c) =>
        c.operation === plan.operation && Math.abs(c.computed! - computed) <= 1e-9 * Math.max(1, Math.abs(computed))
      );
      if (same) {
        if (same.resource !== plan.resource) same.alsoFrom = [...new Set([...(same.alsoFrom ?? []), plan.resource])];
        continue;
      }
      candidates.push({
        ...base,
        computed,
        verdict: judge({ value: p.value, unit: p.unit }, computed, p.tolerance as Tolerance),
      });
    } catch (error) {
      failed.push({ ...base, error: (error as Error).message.split("\n")[0] });
    }
  }
  return { candidates, failed, rejected };
}

function inUnit(q: NumericQuantity, unit: Unit): number {
  if (q.unit === unit) return q.value;
  if (isMoney(q.unit) && isMoney(unit)) return convert(q, unit).value;
  if (q.unit === "persons" && unit === "count") return q.value;
  throw new TypeError(`the data give ${q.unit}, the claim states ${unit}`);
}
