/**
 * `bea-services-korea` from the BEA API (ITA dataset): US services exports
 * and imports with Korea, annual and quarterly (seasonally adjusted). Needs
 * a free API key in `BEA_API_KEY`; without one the resource is skipped.
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import { parseBeaItaJson } from "../../data/importers/bea-ita.ts";
import { beaServicesKorea } from "../../data/resources/bea.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";
import { BEA_LIMITS, BEA_NO_KEY, beaKey } from "./bea-limits.ts";

export { PLACEHOLDER_BEA_KEY } from "./bea-limits.ts";

const INDICATORS: Readonly<Record<string, "exports" | "imports">> = { ExpServ: "exports", ImpServ: "imports" };

/**
 * The BEA ITA request.
 *
 * @example
 * ```ts
 * beaUrl("MYKEY"); // "https://apps.bea.gov/api/data?UserID=MYKEY&method=GetData&datasetname=ITA&…"
 * ```
 */
export function beaUrl(key: string): string {
  return `https://apps.bea.gov/api/data?UserID=${encodeURIComponent(key)}` +
    "&method=GetData&datasetname=ITA&Indicator=ExpServ,ImpServ&AreaOrCountry=Korea&Frequency=A,QSA&Year=ALL" +
    "&ResultFormat=JSON";
}

/**
 * The resource.
 *
 * @example
 * ```ts
 * beaUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // { skip: "BEA_API_KEY is not set; …" }
 * ```
 */
export const beaUpdatable: UpdatableResource = {
  descriptor: beaServicesKorea,
  module: "lib/workspace/update/sources/bea.ts",
  series: ["flow", "frequency"],
  period: ["period"],
  hosts: ["apps.bea.gov"],
  env: ["BEA_API_KEY"],
  summary: "apps.bea.gov/api/data ITA ExpServ,ImpServ Korea A,QSA (one request); needs BEA_API_KEY",
  vintageLabel: "BEA ITA figures",
  limits: BEA_LIMITS,
  plan(context: PlanContext): RequestPlan {
    const key = beaKey(context);
    if (!key) return { skip: BEA_NO_KEY };
    return { requests: [{ url: beaUrl(key), tag: "ita" }] };
  },
  rows(responses: EndpointResponse[]): Row[] {
    const rows: Row[] = [];
    for (const response of responses) {
      for (const r of parseBeaItaJson(response.body, response.url)) {
        const where = `${response.url} (${r.indicator} ${r.frequency} ${r.period})`;
        const flow = INDICATORS[r.indicator];
        if (!flow) throw new FormatError(where, `unexpected Indicator ${JSON.stringify(r.indicator)}`);
        if (r.areaOrCountry !== "Korea") {
          throw new FormatError(where, `unexpected AreaOrCountry ${JSON.stringify(r.areaOrCountry)}`);
        }
        if (r.frequency === "QNSA") continue; // asked for A and QSA only
        assertPlausible(beaServicesKorea, "value", r.value, where);
        rows.push({ flow, frequency: r.frequency, period: r.period, year: r.year, value: r.value });
      }
    }
    return rows;
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return beaServicesKorea.sources.map((source) => ({
      ...source,
      retrieved: context.today,
      vintage: servedBy(context, "ITA as retrieved"),
    }));
  },
};
