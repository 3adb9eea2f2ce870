/**
 * `update --settle`: the settling queries the claim records name
 * (`settleBy`), what fetching them would ask for, and — after the
 * re-render — which claims left `unverifiable`.
 *
 * @module
 */

import type { DocumentsFile } from "../../analysis/claims/schema.ts";
import { describeSettleQuery, type SettleQuery } from "../../analysis/claims/settle.ts";
import { rebaseUrl, redactUrl } from "./endpoints.ts";
import type { VerdictChange } from "../ledger/diff.ts";
import { censusHsSettleResource } from "./sources/census-hs.ts";
import type { PlanContext } from "./types.ts";

/** A settling query and the claims that name it. */
export interface SettleEntry {
  query: SettleQuery;
  /** Claim ids, in file order. */
  claims: string[];
}

/**
 * The distinct settling queries of a documents file, each with its claims
 * (the schema guarantees that claims naming one resource ask the same).
 *
 * @example
 * ```ts
 * settleEntries(parseDocuments(text, "data/documents.json")).map((e) => e.query.resource); // ["census-hs87-korea"]
 * ```
 */
export function settleEntries(documents: DocumentsFile): SettleEntry[] {
  const byResource = new Map<string, SettleEntry>();
  for (const claim of documents.claims) {
    if (!claim.settleBy) continue;
    const entry = byResource.get(claim.settleBy.resource);
    if (entry) entry.claims.push(claim.id);
    else byResource.set(claim.settleBy.resource, { query: claim.settleBy, claims: [claim.id] });
  }
  return [...byResource.values()];
}

/**
 * What `--settle` fetches, one block per resource: the claims it settles,
 * the query in words and every URL (keys masked; on the `--base-url` host
 * when one is given).
 *
 * @example
 * ```ts
 * console.log(formatSettlePlan(entries, { today: "2026-11-23", env: () => undefined }));
 * ```
 */
export function formatSettlePlan(entries: SettleEntry[], context: PlanContext): string {
  const base = context.baseUrl ? new URL(context.baseUrl) : undefined;
  const lines: string[] = [];
  for (const { query, claims } of entries) {
    const plan = censusHsSettleResource(query).plan(context);
    const urls = "requests" in plan ? plan.requests.map((r) => redactUrl(rebaseUrl(r.url, base))) : [];
    lines.push(
      `${query.resource} — settles ${claims.join(", ")}`,
      `  ${describeSettleQuery(query)}`,
      ...urls.map((url) => `  GET ${url}`),
    );
  }
  return lines.join("\n");
}

/** How the claims with a settling query fared in the re-render. */
export interface SettleOutcome {
  /** Claims that were unverifiable before and are not now. */
  settled: VerdictChange[];
  /** Claims with a settling query that are still unverifiable (or have no verdict). */
  still: string[];
}

/**
 * Which of the claims left `unverifiable`, from the verdict changes of the re-render.
 *
 * @example
 * ```ts
 * settleOutcome(entries, diffLedgers(before, after)).settled.map((c) => c.claim);
 * ```
 */
export function settleOutcome(entries: SettleEntry[], changes: VerdictChange[]): SettleOutcome {
  const ids = entries.flatMap((e) => e.claims);
  const settled = changes.filter((c) =>
    ids.includes(c.claim) && c.after !== null && c.after.verdict !== "unverifiable" &&
    (c.before === null || c.before.verdict === "unverifiable")
  );
  const moved = new Set(settled.map((c) => c.claim));
  // A claim that already had a verdict and kept one (e.g. judged on another table) is not "still unverifiable".
  const judged = new Set(
    changes.filter((c) => c.after !== null && c.after.verdict !== "unverifiable").map((c) => c.claim),
  );
  return { settled, still: ids.filter((id) => !moved.has(id) && !judged.has(id)) };
}

/**
 * The outcome as lines: `news-autos-deficit-24bn: unverifiable → approximate (computed $23.4 billion)`.
 *
 * @example
 * ```ts
 * console.log(formatSettleOutcome(settleOutcome(entries, changes)));
 * ```
 */
export function formatSettleOutcome(outcome: SettleOutcome): string {
  const lines = [`Claims settled (left unverifiable): ${outcome.settled.length}`];
  for (const c of outcome.settled) {
    lines.push(
      `  ${c.claim}: ${c.before?.verdict ?? "(no verdict)"} → ${c.after!.verdict} (computed ${
        c.after!.computed ?? "—"
      })`,
    );
  }
  if (outcome.still.length > 0) lines.push(`Still unverifiable: ${outcome.still.join(", ")}`);
  return lines.join("\n");
}
