/**
 * What a claim is about, from its words: the reporting and partner
 * countries, the flow (exports, imports, balance, total trade, travellers)
 * and the product. The candidate matcher compares these with the catalog's
 * dimensions and labels.
 *
 * @module
 */

import type { Term } from "./terms.ts";
import type { ClaimFeatures } from "./types.ts";

/** Country names and adjectives (lower case, as word runs) → code. */
export const COUNTRY_WORDS: [string[], string][] = [
  [["united", "states"], "USA"],
  [["u.s."], "USA"],
  [["u.s"], "USA"],
  [["us"], "USA"],
  [["usa"], "USA"],
  [["america"], "USA"],
  [["american"], "USA"],
  [["american's"], "USA"],
  [["south", "korea"], "KOR"],
  [["south", "korean"], "KOR"],
  [["republic", "of", "korea"], "KOR"],
  [["korea"], "KOR"],
  [["korean"], "KOR"],
  [["seoul"], "KOR"],
  [["soviet", "union"], "SUN"],
  [["ussr"], "SUN"],
  [["russian", "federation"], "RUS"],
  [["russia"], "RUS"],
  [["russian"], "RUS"],
  [["china"], "CHN"],
  [["chinese"], "CHN"],
  [["japan"], "JPN"],
  [["japanese"], "JPN"],
  [["india"], "IND"],
  [["france"], "FRA"],
  [["italy"], "ITA"],
  [["mexico"], "MEX"],
  [["germany"], "DEU"],
  [["canada"], "CAN"],
  [["vietnam"], "VNM"],
  [["world"], "WLD"],
  [["global"], "WLD"],
];
const PARTNER_LINKS = new Set(["to", "with", "from", "between", "and", "in", "into"]);
const FLOWS: [RegExp, NonNullable<ClaimFeatures["flow"]>][] = [
  [/^(deficits?|surplus(es)?|balances?|imbalances?)$/, "balance"],
  [/^(exports?|exported|exporting|shipments?)$/, "exports"],
  [/^(imports?|imported|importing)$/, "imports"],
  [/^(tourists?|travell?ers?|visitors?|arrivals?)$/, "persons"],
  [/^(trade|turnover)$/, "total"],
];
const PRODUCTS: [RegExp, string][] = [
  [/^(goods|merchandise)$/, "goods"],
  [/^services?$/, "services"],
  [/^(autos?|automobiles?|cars?|vehicles?|automotive)$/, "autos"],
  [/^(semiconductors?|chips?)$/, "semiconductors"],
  [/^steel$/, "steel"],
  [/^(oil|gas|crude|lng|petroleum)$/, "energy"],
  [/^(agricultural|agriculture|farm)$/, "agriculture"],
  [/^(phones?|smartphones?)$/, "phones"],
];

/**
 * Countries in a run of terms, in order, with whether a preposition links
 * them as a partner ("exports to Korea").
 *
 * @example
 * ```ts
 * countriesIn(termsOf("U.S. exports to South Korea")); // [{ code: "USA", partner: false }, { code: "KOR", partner: true }]
 * ```
 */
export function countriesIn(terms: Term[]): { code: string; partner: boolean; at: number }[] {
  const found: { code: string; partner: boolean; at: number }[] = [];
  for (let i = 0; i < terms.length; i++) {
    const hit = COUNTRY_WORDS.find(([words]) => words.every((w, j) => normalOf(terms[i + j]) === w));
    // "us" is a country only as printed "US".
    if (!hit || (hit[0][0] === "us" && terms[i].text !== "US")) continue;
    const prev = terms[i - 1]?.normal ?? "";
    const prev2 = terms[i - 2]?.normal ?? "";
    found.push({
      code: hit[1],
      partner: PARTNER_LINKS.has(prev) || (prev === "the" && PARTNER_LINKS.has(prev2)),
      at: terms[i].start,
    });
    i += hit[0].length - 1;
  }
  return found;
}

/**
 * The features of a claim: flow and product from its own words first, then
 * its sentence; countries from the sentence (or the context when the
 * sentence names none).
 *
 * @example
 * ```ts
 * featuresOf(termsOf("U.S. exports to South Korea in 2016 were $42.3 billion"), [0, 52], []);
 * // { reporter: "USA", partner: "KOR", flow: "exports", products: [] }
 * ```
 */
export function featuresOf(terms: Term[], segment: [number, number], context: Term[]): ClaimFeatures {
  const own = terms.filter((t) => t.start >= segment[0] && t.end <= segment[1]);
  // The flow word nearest before the figure's own words wins ("the trade balance surplus … $25 billion": surplus).
  const flowOf = (t: Term) => FLOWS.find(([pattern]) => pattern.test(t.normal));
  const flowIn = (list: Term[]) => {
    const before = list.filter((t) => t.start < segment[1]).reverse().find(flowOf);
    let t = before ?? list.find(flowOf);
    // "trade deficit", "trade surplus": the balance word says more than "trade".
    const after = t ? list[list.indexOf(t) + 1] : undefined;
    if (t?.normal === "trade" && after && flowOf(after)?.[1] === "balance") t = after;
    return t ? { flow: flowOf(t)![1], word: t.normal } : undefined;
  };
  const flow = flowIn(own) ?? flowIn(terms) ?? flowIn([...context].reverse());
  // Goods and services from the whole clause; one specific product, the nearest before the figure's end.
  const productOf = (t: Term) => PRODUCTS.find(([pattern]) => pattern.test(t.normal))?.[1];
  const products = new Set<string>();
  for (const t of own.length > 0 ? own : terms) {
    const product = productOf(t);
    if (product === "goods" || product === "services") products.add(product);
  }
  if (products.size === 0) {
    for (const t of terms) {
      const product = productOf(t);
      if (product === "goods" || product === "services") products.add(product);
    }
  }
  const specific = [...own, ...terms.filter((t) => t.end <= segment[1]).reverse()]
    .map(productOf).find((x) => x !== undefined && x !== "goods" && x !== "services");
  if (specific) products.add(specific);
  const countries = countriesIn(terms);
  const distinct = countries.filter((c, i) => countries.findIndex((d) => d.code === c.code) === i);
  const before = countriesIn(context).reverse();
  const reporter = distinct.find((c) => !c.partner) ?? distinct[0] ?? before[0];
  // A partner the sentence leaves implicit ("the U.S. deficit in the autos sector") comes from the sentences before;
  // a sentence that names no country at all has no partner ("Semiconductor exports leaped 70 percent").
  const partner = distinct.find((c) => c.code !== reporter?.code) ??
    (distinct.length > 0 ? before.find((c) => c.code !== reporter?.code) : undefined);
  const world = terms.some((t) => t.normal === "global" || t.normal === "world");
  return {
    ...(reporter ? { reporter: reporter.code } : {}),
    ...(world ? { partner: "WLD" } : partner ? { partner: partner.code } : {}),
    ...(flow ? { flow: flow.flow } : {}),
    ...(flow?.flow === "balance" && /^deficit/.test(flow.word) ? { balanceWord: "deficit" as const } : {}),
    ...(flow?.flow === "balance" && /^surplus/.test(flow.word) ? { balanceWord: "surplus" as const } : {}),
    products: [...products],
  };
}

function normalOf(t: Term | undefined): string {
  return t ? t.text.toLowerCase().replace(/['’]s$/, "") : "";
}
