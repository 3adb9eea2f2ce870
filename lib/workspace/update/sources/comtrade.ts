/**
 * `comtrade-korea-partners` from the UN Comtrade API v1: Korea's annual
 * exports to and imports from Russia, the USSR and the US, from 1988 to last
 * year, twelve years per request (the keyless preview endpoint's limit).
 * With `COMTRADE_API_KEY` the keyed endpoint `/data/v1/get/C/A/HS` is used,
 * the key sent as the `Ocp-Apim-Subscription-Key` header (never in the URL,
 * so never printed nor recorded); without it, the keyless
 * `/public/v1/preview/C/A/HS` (500 records per answer at most).
 *
 * Comtrade answers bad parameters (a period written `2019-01`, an unknown
 * code) with 200 and no records, so answers holding no record at all are an
 * error here ("no records: check the period format"). One empty batch among
 * others is a span of years Comtrade has nothing for (a year not reported
 * yet); should it have held data before, the shrink check refuses it. Its
 * rate limit is a 429 "Try again in N seconds", which the fetcher honours
 * within `--timeout`.
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import { parseComtradeJson } from "../../data/importers/comtrade.ts";
import { COMTRADE_PARTNERS, comtradeKoreaPartners } from "../../data/resources/comtrade.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";

/** Korea's UN M49 code. */
const KOREA = 410;
/**
 * First year asked for: Korea–USSR trade figures in the documents start in 1988.
 *
 * @example
 * ```ts
 * comtradeUrl([COMTRADE_FIRST_YEAR]);
 * ```
 */
export const COMTRADE_FIRST_YEAR = 1988;
const YEARS_PER_REQUEST = 12;

/**
 * The Comtrade request for some years (totals only: no second partner, all
 * customs procedures, all modes of transport).
 *
 * @example
 * ```ts
 * comtradeUrl([2018, 2019]);
 * // "https://comtradeapi.un.org/public/v1/preview/C/A/HS?reporterCode=410&partnerCode=643,840,810&period=2018,2019&flowCode=X,M&cmdCode=TOTAL&…"
 * ```
 */
export function comtradeUrl(years: number[], keyed = false): string {
  const endpoint = keyed ? "data/v1/get" : "public/v1/preview";
  return `https://comtradeapi.un.org/${endpoint}/C/A/HS?reporterCode=${KOREA}&partnerCode=643,840,810` +
    `&period=${years.join(",")}&flowCode=X,M&cmdCode=TOTAL&partner2Code=0&customsCode=C00&motCode=0`;
}

/**
 * The header that carries a Comtrade subscription key.
 *
 * @example
 * ```ts
 * ({ [COMTRADE_KEY_HEADER]: "…" });
 * ```
 */
export const COMTRADE_KEY_HEADER = "Ocp-Apim-Subscription-Key";

/**
 * The resource.
 *
 * @example
 * ```ts
 * comtradeUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // 4 requests: 1988–1999, …, 2024–2025
 * ```
 */
export const comtradeUpdatable: UpdatableResource = {
  descriptor: comtradeKoreaPartners,
  module: "lib/workspace/update/sources/comtrade.ts",
  series: ["partner", "flow"],
  period: ["year"],
  hosts: ["comtradeapi.un.org"],
  env: ["COMTRADE_API_KEY"],
  summary:
    `comtradeapi.un.org C/A/HS, Korea × 643/810/840, from ${COMTRADE_FIRST_YEAR}: data/v1/get with COMTRADE_API_KEY, else public/v1/preview`,
  vintageLabel: "UN Comtrade figures",
  plan(context: PlanContext): RequestPlan {
    const key = context.env("COMTRADE_API_KEY");
    const last = Number(context.today.slice(0, 4)) - 1;
    const requests = [];
    for (let first = COMTRADE_FIRST_YEAR; first <= last; first += YEARS_PER_REQUEST) {
      const years = [];
      for (let year = first; year <= Math.min(last, first + YEARS_PER_REQUEST - 1); year++) years.push(year);
      requests.push({
        url: comtradeUrl(years, key !== undefined),
        tag: years.join(","),
        ...(key ? { headers: { [COMTRADE_KEY_HEADER]: key } } : {}),
      });
    }
    return { requests };
  },
  rows(responses: EndpointResponse[]): Row[] {
    const rows: Row[] = [];
    const empty = responses.filter((r) => comtradeCount(r.body) === 0);
    if (responses.length > 0 && empty.length === responses.length) {
      throw new FormatError(
        responses[0].url,
        `no records: check the period format YYYY / YYYYMM (asked period=${
          responses.map((r) => r.request.tag).join(",")
        }); Comtrade answers bad parameters with 200 and count 0`,
      );
    }
    for (const response of responses) {
      const asked = new Set(response.request.tag.split(",").map(Number));
      for (const r of parseComtradeJson(response.body, response.url)) {
        const where = `${response.url} (partner ${r.partnerCode} ${r.flow} ${r.year})`;
        if (r.reporterCode !== KOREA) throw new FormatError(where, `reporterCode ${r.reporterCode}; expected ${KOREA}`);
        const partner = COMTRADE_PARTNERS[r.partnerCode];
        if (!partner) throw new FormatError(where, `unexpected partnerCode ${r.partnerCode}; asked for 643, 810, 840`);
        if (!asked.has(r.year)) {
          throw new FormatError(where, `period ${r.year} was not asked for (${response.request.tag})`);
        }
        assertPlausible(comtradeKoreaPartners, "value", r.value, where);
        rows.push({
          partner,
          partner_code: r.partnerCode,
          partner_name: r.partnerDesc || null,
          flow: r.flow,
          valuation: r.valuation,
          year: r.year,
          value: r.value,
        });
      }
    }
    return rows;
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return comtradeKoreaPartners.sources.map((source) => ({
      ...source,
      retrieved: context.today,
      vintage: servedBy(context, "Comtrade as retrieved"),
    }));
  },
};

/** The `count` an answer states (undefined when it states none). */
function comtradeCount(body: string): number | undefined {
  try {
    const count = (JSON.parse(body) as { count?: unknown }).count;
    return typeof count === "number" ? count : undefined;
  } catch {
    return undefined;
  }
}
