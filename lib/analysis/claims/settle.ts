/**
 * The query that would settle an unverifiable claim, as part of its record
 * (`settleBy` in `data/documents.json`): which publisher to ask, for what,
 * and the name of the resource the answer becomes. `deno task update
 * --settle` fetches exactly those queries; a notebook tests for the
 * resource with `hasResource()` and computes from it when it is there, or
 * reports the claim unverifiable with `settleText()` when it is not.
 *
 * @module
 */

import { isObject } from "../json.ts";

/** A Census International Trade API query at HS level (`intltrade/{exports,imports}/hs`). */
export interface CensusHsSettleQuery {
  source: "census-hs";
  /** Name of the resource the answer becomes, e.g. `census-hs87-korea` (lower-case with dashes). */
  resource: string;
  /** Commodity aggregation level. */
  level: "HS2" | "HS4" | "HS6" | "HS10";
  /** HS codes at that level, e.g. `["87"]` or `["8703", "8708"]`. */
  commodities: string[];
  /** Census country code of the partner, e.g. `5800` (Korea, South). */
  partner: string;
  flows: ("exports" | "imports")[];
  /** Calendar years (all twelve months of each are asked for). */
  years: number[];
}

/** A query that would settle a claim (one publisher so far). */
export type SettleQuery = CensusHsSettleQuery;

const RESOURCE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const LEVEL_DIGITS: Record<string, number> = { HS2: 2, HS4: 4, HS6: 6, HS10: 10 };

/**
 * Checks a `settleBy` field; returns one message per problem, each naming the field.
 *
 * @example
 * ```ts
 * validateSettleQuery({ source: "census-hs", resource: "x", level: "HS2", commodities: ["8"], partner: "5800", flows: ["exports"], years: [2016] }, "claims[a]");
 * // ['claims[a].settleBy.commodities: "8" is not an HS2 code (2 digits)']
 * ```
 */
export function validateSettleQuery(query: unknown, at: string): string[] {
  const where = `${at}.settleBy`;
  if (!isObject(query)) return [`${where}: expected { source, resource, … }`];
  if (query.source !== "census-hs") {
    return [`${where}.source: unknown source ${JSON.stringify(query.source)}; the one supported is "census-hs"`];
  }
  const problems: string[] = [];
  if (typeof query.resource !== "string" || !RESOURCE.test(query.resource)) {
    problems.push(`${where}.resource: expected a resource name, lower-case with dashes (e.g. "census-hs87-korea")`);
  }
  const digits = LEVEL_DIGITS[query.level as string];
  if (!digits) problems.push(`${where}.level: expected HS2, HS4, HS6 or HS10, got ${JSON.stringify(query.level)}`);
  if (!Array.isArray(query.commodities) || query.commodities.length === 0) {
    problems.push(`${where}.commodities: expected a list of HS codes, e.g. ["87"]`);
  } else if (digits) {
    for (const code of query.commodities) {
      if (typeof code !== "string" || !new RegExp(`^\\d{${digits}}$`).test(code)) {
        problems.push(`${where}.commodities: ${JSON.stringify(code)} is not an ${query.level} code (${digits} digits)`);
      }
    }
  }
  if (typeof query.partner !== "string" || !/^\d{4}$/.test(query.partner)) {
    problems.push(`${where}.partner: expected a four-digit Census country code (5800 = Korea, South)`);
  }
  const flows = Array.isArray(query.flows) ? query.flows : [];
  if (flows.length === 0 || flows.some((f) => f !== "exports" && f !== "imports")) {
    problems.push(`${where}.flows: expected ["exports"], ["imports"] or both`);
  }
  const years = Array.isArray(query.years) ? query.years : [];
  if (years.length === 0 || years.some((y) => !Number.isInteger(y) || y < 2010 || y > 2100)) {
    problems.push(`${where}.years: expected calendar years from 2010 (the first the API serves at HS level)`);
  }
  return problems;
}

/**
 * Checks that claims naming the same resource ask for the same query (one
 * resource, one query); returns one message per conflict.
 *
 * @example
 * ```ts
 * conflictingSettleQueries([{ id: "a", settleBy: q }, { id: "b", settleBy: { ...q, years: [2017] } }]);
 * // ['claims[b].settleBy: resource "census-hs87-korea" is asked for differently by claims[a]']
 * ```
 */
export function conflictingSettleQueries(claims: { id: string; settleBy?: SettleQuery }[]): string[] {
  const first = new Map<string, { id: string; text: string }>();
  const problems: string[] = [];
  for (const c of claims) {
    if (!c.settleBy) continue;
    const text = canonical(c.settleBy);
    const seen = first.get(c.settleBy.resource);
    if (!seen) first.set(c.settleBy.resource, { id: c.id, text });
    else if (seen.text !== text) {
      problems.push(
        `claims[${c.id}].settleBy: resource "${c.settleBy.resource}" is asked for differently by claims[${seen.id}]; one resource, one query`,
      );
    }
  }
  return problems;
}

/**
 * The query in words, for a reader and for an unverifiable verdict's `settle`.
 *
 * @example
 * ```ts
 * describeSettleQuery({ source: "census-hs", resource: "census-hs87-korea", level: "HS2", commodities: ["87"], partner: "5800", flows: ["exports", "imports"], years: [2011, 2016] });
 * // "US exports to and imports from Census country 5800 of HS 87, 2011 and 2016, from the Census International Trade API (resource census-hs87-korea; deno task update --settle fetches it)"
 * ```
 */
export function describeSettleQuery(query: SettleQuery): string {
  const flows = query.flows.includes("exports") && query.flows.includes("imports")
    ? "exports to and imports from"
    : query.flows.includes("exports")
    ? "exports to"
    : "imports from";
  return `US ${flows} Census country ${query.partner} of HS ${listInWords(query.commodities)}, ${
    listInWords(query.years.map(String))
  }, from the Census International Trade API (resource ${query.resource}; deno task update --settle fetches it)`;
}

/** Equal queries give equal text (order of lists ignored). */
function canonical(query: SettleQuery): string {
  return JSON.stringify({
    ...query,
    commodities: [...query.commodities].sort(),
    flows: [...query.flows].sort(),
    years: [...query.years].sort(),
  });
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
