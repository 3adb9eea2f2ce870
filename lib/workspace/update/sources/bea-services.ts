/**
 * `bea-services-korea-by-type` from the BEA API (IntlServTrade dataset):
 * US exports and imports of services with South Korea by type of service,
 * annual, all affiliations. Needs `BEA_API_KEY`; without one the resource is
 * skipped. Produced only by `deno task update` (there is no raw file).
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import { parseBeaServicesJson } from "../../data/importers/bea-ita.ts";
import { CSV_FILE, number, text, yearField } from "../../data/resources/types.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { BEA_LIMITS, BEA_NO_KEY, beaKey } from "./bea-limits.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";

/**
 * The IntlServTrade request: every type of service, exports and imports, all affiliations, Korea, every year.
 *
 * @example
 * ```ts
 * beaServicesUrl("MYKEY"); // "https://apps.bea.gov/api/data?UserID=MYKEY&method=GetData&datasetname=IntlServTrade&…"
 * ```
 */
export function beaServicesUrl(key: string): string {
  return `https://apps.bea.gov/api/data?UserID=${encodeURIComponent(key)}` +
    "&method=GetData&datasetname=IntlServTrade&TypeOfService=All&TradeDirection=Exports,Imports" +
    "&Affiliation=AllAffiliations&AreaOrCountry=Korea&Year=All&ResultFormat=JSON";
}

const FLOWS: Readonly<Record<string, "exports" | "imports">> = { Exports: "exports", Imports: "imports" };

const descriptor: UpdatableResource["descriptor"] = {
  name: "bea-services-korea-by-type",
  path: "bea-services-korea-by-type.csv",
  title: "US services trade with South Korea by type of service, annual (BEA International Services)",
  description:
    "U.S. exports of services to and imports of services from South Korea, by type of service (AllServiceTypes is the total), all affiliations, annual, in US$ millions, from the BEA International Services dataset (IntlServTrade). BEA revises these series every June; values it does not publish ((D), n.a.) are left out.",
  ...CSV_FILE,
  grade: "official",
  schema: {
    fields: [
      text("type_of_service", "BEA type-of-service code (AllServiceTypes = total)"),
      text("flow", "exports or imports, from the US side", { constraints: { enum: ["exports", "imports"] } }),
      yearField(),
      number("value", "USD millions", "Services trade, US$ millions", { required: true, minimum: 0, maximum: 1e7 }),
    ],
    primaryKey: ["type_of_service", "flow", "year"],
  },
  sources: [{
    title:
      "U.S. Bureau of Economic Analysis, International Services (IntlServTrade) API: all types of service, exports and imports, all affiliations, area Korea",
    path:
      "https://apps.bea.gov/api/data?method=GetData&datasetname=IntlServTrade&TypeOfService=All&AreaOrCountry=Korea",
    publisher: "U.S. Bureau of Economic Analysis",
  }],
  licenses: [{ name: "public-domain", title: "U.S. Government work (public domain)" }],
};

/**
 * The resource.
 *
 * @example
 * ```ts
 * beaServicesUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // { skip: "BEA_API_KEY is not set; …" }
 * ```
 */
export const beaServicesUpdatable: UpdatableResource = {
  descriptor,
  module: "lib/workspace/update/sources/bea-services.ts",
  series: ["type_of_service", "flow"],
  period: ["year"],
  hosts: ["apps.bea.gov"],
  env: ["BEA_API_KEY"],
  summary: "apps.bea.gov/api/data IntlServTrade, all types of service, Korea, annual (one request); needs BEA_API_KEY",
  vintageLabel: "BEA International Services figures",
  limits: BEA_LIMITS,
  plan(context: PlanContext): RequestPlan {
    const key = beaKey(context);
    if (!key) return { skip: BEA_NO_KEY };
    return { requests: [{ url: beaServicesUrl(key), tag: "intlserv" }] };
  },
  rows(responses: EndpointResponse[]): Row[] {
    const rows: Row[] = [];
    for (const response of responses) {
      for (const r of parseBeaServicesJson(response.body, response.url)) {
        const where = `${response.url} (${r.typeOfService} ${r.tradeDirection} ${r.year})`;
        if (r.tradeDirection === "Balance") continue; // exports − imports: not stored
        const flow = FLOWS[r.tradeDirection];
        if (!flow) throw new FormatError(where, `unexpected TradeDirection ${JSON.stringify(r.tradeDirection)}`);
        if (r.areaOrCountry !== "Korea") {
          throw new FormatError(where, `unexpected AreaOrCountry ${JSON.stringify(r.areaOrCountry)}`);
        }
        if (r.affiliation !== "AllAffiliations") {
          throw new FormatError(
            where,
            `unexpected Affiliation ${JSON.stringify(r.affiliation)}; asked for AllAffiliations`,
          );
        }
        assertPlausible(descriptor, "value", r.value, where);
        rows.push({ type_of_service: r.typeOfService, flow, year: r.year, value: r.value });
      }
    }
    return rows;
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return descriptor.sources.map((source) => ({
      ...source,
      retrieved: context.today,
      vintage: servedBy(context, "IntlServTrade as retrieved"),
    }));
  },
};
