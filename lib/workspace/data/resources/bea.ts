/**
 * `bea-services-korea`: US exports of services to, and imports of services
 * from, South Korea, annual and quarterly, from the BEA International
 * Transactions Accounts. Produced only by `deno task update` (there is no
 * raw file for it), so it is not in `RESOURCES`.
 *
 * @module
 */

import { CSV_FILE, type CuratedResource, number, text, yearField } from "./types.ts";

/**
 * The descriptor (hash, bytes, sources' retrieval date and producedBy are set when it is written).
 *
 * @example
 * ```ts
 * beaServicesKorea.schema.primaryKey; // ["flow", "frequency", "period"]
 * ```
 */
export const beaServicesKorea: Omit<CuratedResource["descriptor"], "vintage"> = {
  name: "bea-services-korea",
  path: "bea-services-korea.csv",
  title: "US services trade with South Korea, annual and quarterly (BEA ITA)",
  description:
    "U.S. exports of services to and imports of services from South Korea, in US$ millions, from the BEA International Transactions Accounts (indicators ExpServ and ImpServ, area Korea). Frequency A is the calendar year; QSA is a quarter, seasonally adjusted, at quarterly (not annualized) rates. BEA revises these series every June; values it suppresses (D) are left out.",
  ...CSV_FILE,
  grade: "official",
  schema: {
    fields: [
      text("flow", "exports or imports, from the US side (BEA ExpServ / ImpServ)", {
        constraints: { enum: ["exports", "imports"] },
      }),
      text("frequency", "A = annual; QSA = quarterly, seasonally adjusted", {
        constraints: { enum: ["A", "QSA"] },
      }),
      text("period", "Year (2018) or quarter (2018Q2)", { constraints: { pattern: "\\d{4}(Q[1-4])?" } }),
      yearField(),
      number("value", "USD millions", "Services trade, US$ millions", { required: true, minimum: 0, maximum: 1e7 }),
    ],
    primaryKey: ["flow", "frequency", "period"],
  },
  sources: [
    {
      title: "U.S. Bureau of Economic Analysis, International Transactions (ITA) API: ExpServ, ImpServ, area Korea",
      path:
        "https://apps.bea.gov/api/data?method=GetData&datasetname=ITA&Indicator=ExpServ,ImpServ&AreaOrCountry=Korea",
      publisher: "U.S. Bureau of Economic Analysis",
    },
  ],
  licenses: [{ name: "public-domain", title: "U.S. Government work (public domain)" }],
};
