/**
 * Claims as data and verdicts on them: `check(claimId, computed, options)`
 * returns a Verdict (`confirmed`, `approximate`, `discrepant`,
 * `unverifiable`) with its evidence grade, shown as a card in Jupyter and
 * emitted as `application/vnd.claimbook.verdict+json`.
 *
 * @example
 * ```ts
 * import { check, claim } from "@lib/analysis/claims/mod.ts";
 * import { ratio } from "@lib/analysis/units.ts";
 * claim("news-2017-deficit-doubled").stated.value; // 2
 * check("news-2017-deficit-doubled", ratio(2.09), { sources: ["imf-dots-annual"] }).verdict; // "confirmed"
 * ```
 * @module
 */

export * from "./schema.ts";
export * from "./settle.ts";
export * from "./settle-claim.ts";
export * from "./verdict.ts";
export * from "./tolerance.ts";
export * from "./registry.ts";
export * from "./check.ts";
export * from "./display.ts";
export * from "./status.ts";
export * from "./document-card.ts";
