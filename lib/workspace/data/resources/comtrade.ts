/**
 * `comtrade-korea-partners`: Korea's goods exports to and imports from
 * Russia, the USSR and the United States, annual, as Korea reports them to
 * UN Comtrade. Produced only by `deno task update` (there is no raw file for
 * it), so it is not in `RESOURCES`.
 *
 * @module
 */

import { CSV_FILE, type CuratedResource, number, optionalText, text, yearField } from "./types.ts";

/**
 * UN M49 codes of the partners kept, and their ISO alpha-3 codes (SUN = USSR).
 *
 * @example
 * ```ts
 * COMTRADE_PARTNERS[810]; // "SUN"
 * ```
 */
export const COMTRADE_PARTNERS: Readonly<Record<number, string>> = { 643: "RUS", 810: "SUN", 840: "USA" };

/**
 * The descriptor (hash, bytes, sources' retrieval date and producedBy are set when it is written).
 *
 * @example
 * ```ts
 * comtradeKoreaPartners.schema.primaryKey; // ["partner", "flow", "year"]
 * ```
 */
export const comtradeKoreaPartners: Omit<CuratedResource["descriptor"], "vintage"> = {
  name: "comtrade-korea-partners",
  path: "comtrade-korea-partners.csv",
  title: "Korea's goods trade with Russia, the USSR and the US, annual (UN Comtrade)",
  description:
    "Korea's total goods exports (FOB) to and imports (CIF) from the Russian Federation (M49 643), the former USSR (810) and the United States (840), annual, in US dollars, as Korea (reporter 410) reports them to UN Comtrade (HS, commodity TOTAL). These are Korea's own customs figures; the partners' mirror figures differ.",
  ...CSV_FILE,
  grade: "official",
  schema: {
    fields: [
      text("partner", "Partner (ISO alpha-3; SUN = USSR)", { constraints: { enum: ["RUS", "SUN", "USA"] } }),
      {
        name: "partner_code",
        type: "integer",
        description: "Partner, UN M49 code as Comtrade gives it",
        constraints: { required: true, enum: [643, 810, 840] },
      },
      optionalText("partner_name", "Partner as Comtrade names it"),
      text("flow", "exports or imports, from Korea's side", { constraints: { enum: ["exports", "imports"] } }),
      text("valuation", "FOB for exports, CIF for imports", { constraints: { enum: ["FOB", "CIF"] } }),
      yearField(),
      number("value", "USD", "Value in current US dollars", { required: true, minimum: 0, maximum: 1e12 }),
    ],
    primaryKey: ["partner", "flow", "year"],
  },
  sources: [
    {
      title: "UN Comtrade API v1 (public preview), reporter 410 Korea, partners 643/810/840, HS TOTAL, flows X and M",
      path: "https://comtradeapi.un.org/public/v1/preview/C/A/HS",
      publisher: "United Nations Statistics Division (UN Comtrade), from Korea Customs Service data",
    },
  ],
  licenses: [{
    name: "UN-Comtrade-terms",
    title: "UN Comtrade terms of use (free use with attribution)",
    path: "https://comtradeplus.un.org",
  }],
};
