/**
 * A resource fetched to settle claims (`deno task update --settle`): US
 * goods exports to and imports from one partner, for some HS codes and
 * years, monthly, from the Census International Trade API's HS endpoints —
 * as a claim record's `settleBy` query names it. One request per flow,
 * commodity and year (`time=from YYYY-01 to YYYY-12`), so that each answer
 * is checked against exactly what was asked.
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { CensusHsSettleQuery } from "../../../analysis/claims/settle.ts";
import { describeSettleQuery } from "../../../analysis/claims/settle.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import { CENSUS_COMMODITY_FIELD, CENSUS_VALUE_FIELD, parseCensusHsJson } from "../../data/importers/census.ts";
import { CSV_FILE, number, optionalText, text, yearField } from "../../data/resources/types.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";

const API = "https://api.census.gov/data/timeseries/intltrade";

/**
 * The HS-level request for one flow, commodity, partner and year.
 *
 * @example
 * ```ts
 * censusHsUrl({ flow: "imports", level: "HS2", commodity: "87", partner: "5800", year: 2016 });
 * // "https://api.census.gov/data/timeseries/intltrade/imports/hs?get=CTY_NAME,GEN_VAL_MO&COMM_LVL=HS2&I_COMMODITY=87&CTY_CODE=5800&time=from+2016-01+to+2016-12"
 * ```
 */
export function censusHsUrl(
  request: {
    flow: "exports" | "imports";
    level: string;
    commodity: string;
    partner: string;
    year: number;
  },
  key?: string,
): string {
  const { flow, level, commodity, partner, year } = request;
  const url = `${API}/${flow}/hs?get=CTY_NAME,${CENSUS_VALUE_FIELD[flow]}&COMM_LVL=${level}` +
    `&${CENSUS_COMMODITY_FIELD[flow]}=${commodity}&CTY_CODE=${partner}&time=from+${year}-01+to+${year}-12`;
  return key ? `${url}&key=${encodeURIComponent(key)}` : url;
}

/**
 * The updatable resource a Census HS settle query becomes.
 *
 * @example
 * ```ts
 * const resource = censusHsSettleResource({ source: "census-hs", resource: "census-hs87-korea", level: "HS2", commodities: ["87"], partner: "5800", flows: ["exports", "imports"], years: [2011, 2016] });
 * resource.plan({ today: "2026-11-23", env: () => undefined }); // 4 requests
 * ```
 */
export function censusHsSettleResource(query: CensusHsSettleQuery): UpdatableResource {
  const descriptor: UpdatableResource["descriptor"] = {
    name: query.resource,
    path: `${query.resource}.csv`,
    title: `US goods trade with Census country ${query.partner}, HS ${query.commodities.join(", ")}, monthly (Census)`,
    description: `Fetched by deno task update --settle to settle claims: ${describeSettleQuery(query)}. ` +
      "US total exports (ALL_VAL_MO, f.a.s.) and general imports (GEN_VAL_MO, customs value), monthly, not seasonally adjusted, in US dollars.",
    ...CSV_FILE,
    grade: "official",
    schema: {
      fields: [
        text("flow", "exports or imports, from the US side", { constraints: { enum: ["exports", "imports"] } }),
        text("comm_lvl", "HS aggregation level (COMM_LVL)", { constraints: { enum: [query.level] } }),
        text("commodity", "HS code (E_COMMODITY / I_COMMODITY)"),
        text("cty_code", "Census country code of the partner"),
        optionalText("cty_name", "Partner name as Census prints it"),
        yearField(),
        {
          name: "month",
          type: "integer",
          description: "Month, 1–12",
          constraints: { required: true, minimum: 1, maximum: 12 },
        },
        number("value", "USD", "Monthly value, US dollars", { required: true, minimum: 0, maximum: 1e12 }),
      ],
      primaryKey: ["flow", "commodity", "cty_code", "year", "month"],
    },
    sources: [{
      title: "U.S. Census Bureau, International Trade API, HS endpoints (intltrade/exports/hs, intltrade/imports/hs)",
      path: `${API}/exports/hs`,
      publisher: "U.S. Census Bureau",
    }],
    licenses: [{ name: "public-domain", title: "U.S. Government work (public domain)" }],
  };
  return {
    descriptor,
    module: "lib/workspace/update/sources/census-hs.ts",
    series: ["flow", "commodity", "cty_code"],
    period: ["year", "month"],
    labels: ["cty_name"],
    hosts: ["api.census.gov"],
    env: ["CENSUS_API_KEY"],
    summary: `api.census.gov intltrade HS: ${describeSettleQuery(query)}`,
    vintageLabel: "Census International Trade API figures",
    plan(context: PlanContext): RequestPlan {
      const key = context.env("CENSUS_API_KEY");
      const requests = [];
      for (const flow of query.flows) {
        for (const commodity of query.commodities) {
          for (const year of query.years) {
            const url = censusHsUrl({ flow, level: query.level, commodity, partner: query.partner, year }, key);
            requests.push({ url, tag: `${flow} ${commodity} ${year}` });
          }
        }
      }
      return { requests };
    },
    rows(responses: EndpointResponse[]): Row[] {
      const rows: Row[] = [];
      for (const response of responses) {
        const [flow, commodity, year] = response.request.tag.split(" ") as ["exports" | "imports", string, string];
        if (response.status === 204 || response.body.trim() === "") {
          throw new FormatError(
            response.url,
            `Census has no ${flow} of HS ${commodity} with ${query.partner} in ${year} (${response.status} with no rows); the settling query cannot settle the claim`,
          );
        }
        parseCensusHsJson(response.body, flow, response.url).forEach((r, index) => {
          const where = `${response.url} row ${index + 2}`;
          const asked = `${query.level} ${commodity} ${query.partner} ${year}`;
          const got = `${r.level} ${r.commodity} ${r.ctyCode} ${r.year}`;
          if (got !== asked) throw new FormatError(where, `the row is for ${got}, the request for ${asked}`);
          assertPlausible(descriptor, "value", r.value, where);
          rows.push({
            flow,
            comm_lvl: r.level,
            commodity: r.commodity,
            cty_code: r.ctyCode,
            cty_name: r.ctyName || null,
            year: r.year,
            month: r.month,
            value: r.value,
          });
        });
      }
      return rows;
    },
    sources(context: PlanContext): SourceDescriptor[] {
      return descriptor.sources.map((source) => ({
        ...source,
        retrieved: context.today,
        vintage: servedBy(context, "API data as retrieved"),
      }));
    },
  };
}
