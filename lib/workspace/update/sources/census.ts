/**
 * `census-goods-by-partner-monthly` from the Census International Trade API:
 * one request per flow and year, 2013 (the API's first year) to the current
 * year. A year not published yet answers 204 (no content).
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import {
  type CensusFlowRow,
  classifyCensusCode,
  mergeCensusFlows,
  parseCensusApiJson,
} from "../../data/importers/census.ts";
import { censusGoodsByPartnerMonthly, censusRow } from "../../data/resources/census.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";

/**
 * First year the International Trade API serves.
 *
 * @example
 * ```ts
 * censusUrl("exports", CENSUS_FIRST_YEAR);
 * ```
 */
export const CENSUS_FIRST_YEAR = 2013;

const API = "https://api.census.gov/data/timeseries/intltrade";
const FIELDS = { exports: "ALL_VAL_MO", imports: "GEN_VAL_MO" } as const;
const descriptor = censusGoodsByPartnerMonthly.descriptor;

/**
 * The Census endpoint for one flow and year.
 *
 * @example
 * ```ts
 * censusUrl("exports", 2018);
 * // "https://api.census.gov/data/timeseries/intltrade/exports/hs?get=CTY_CODE,CTY_NAME,ALL_VAL_MO,YEAR,MONTH&YEAR=2018"
 * ```
 */
export function censusUrl(flow: "exports" | "imports", year: number, key?: string): string {
  const url = `${API}/${flow}/hs?get=CTY_CODE,CTY_NAME,${FIELDS[flow]},YEAR,MONTH&YEAR=${year}`;
  return key ? `${url}&key=${encodeURIComponent(key)}` : url;
}

/**
 * The resource.
 *
 * @example
 * ```ts
 * censusUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // 28 requests: 2013–2026 × exports, imports
 * ```
 */
export const censusUpdatable: UpdatableResource = {
  descriptor,
  module: "lib/workspace/update/sources/census.ts",
  series: ["cty_code"],
  period: ["year", "month"],
  labels: ["cty_name"],
  hosts: ["api.census.gov"],
  env: ["CENSUS_API_KEY"],
  summary: "api.census.gov intltrade/{exports,imports}/hs, per flow and year from 2013; CENSUS_API_KEY optional",
  plan(context: PlanContext): RequestPlan {
    const key = context.env("CENSUS_API_KEY");
    const last = Number(context.today.slice(0, 4));
    const requests = [];
    for (let year = CENSUS_FIRST_YEAR; year <= last; year++) {
      for (const flow of ["exports", "imports"] as const) {
        requests.push({ url: censusUrl(flow, year, key), tag: `${flow} ${year}` });
      }
    }
    return { requests };
  },
  rows(responses: EndpointResponse[]): Row[] {
    const flows: Record<"exports" | "imports", CensusFlowRow[]> = { exports: [], imports: [] };
    for (const response of responses) {
      if (response.status === 204) continue; // year not published yet
      const [flow, yearText] = response.request.tag.split(" ") as ["exports" | "imports", string];
      const parsed = parseCensusApiJson(response.body, flow, response.url);
      const seen = new Map<string, number>();
      parsed.forEach((row, index) => {
        const where = `${response.url} row ${index + 2}`;
        if (row.year !== Number(yearText)) {
          throw new FormatError(where, `YEAR ${row.year} in the answer to a request for YEAR=${yearText}`);
        }
        const key = `${row.ctyCode}|${row.month}`;
        const first = seen.get(key);
        if (first !== undefined) {
          throw new FormatError(
            where,
            `duplicate period ${row.year}-${
              String(row.month).padStart(2, "0")
            } for ${row.ctyCode} ${row.ctyName} (first in row ${first})`,
          );
        }
        seen.set(key, index + 2);
        assertPlausible(descriptor, flow, row.value, where);
        try {
          classifyCensusCode(row.ctyCode);
        } catch {
          // Checked here so that the error names the URL (the merge below would only say "census").
          throw new FormatError(where, `CTY_CODE ${JSON.stringify(row.ctyCode)} is not -, 0xxx, nXXX or four digits`);
        }
      });
      flows[flow].push(...parsed);
    }
    return mergeCensusFlows(flows.exports, flows.imports).map(censusRow);
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return [{
      title:
        "U.S. Census Bureau, International Trade API (intltrade/exports/hs ALL_VAL_MO; intltrade/imports/hs GEN_VAL_MO)",
      path: `${API}/exports/hs`,
      publisher: "U.S. Census Bureau",
      retrieved: context.today,
      vintage: servedBy(context, "API data as retrieved"),
    }];
  },
};
