/**
 * `imf-dots-annual` from the IMF's SDMX 3.0 service: dataflow
 * `IMF.STA:IMTS` (International Trade in Goods by partner country, the
 * continuation of DOTS), one request for the three reporters, both
 * indicators and every partner kept, annual. The reporter–partner pairs
 * kept are those of the DOTS workbooks that `data:import` reads, so an
 * update is a newer vintage of the same table: the change report lists the
 * revisions between the 2022 workbooks and today's figures.
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import { type ImtsIndicator, parseImtsData } from "../../data/importers/imf-sdmx.ts";
import { dotsRow, imfDotsAnnual } from "../../data/resources/imf-dots.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";

/**
 * The IMF's data endpoint for IMTS; a series key follows.
 *
 * @example
 * ```ts
 * `${IMTS_DATA}/KOR.XG_FOB_USD.USA.A`;
 * ```
 */
export const IMTS_DATA = "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+";

/**
 * What the updater asks the service for: structure-specific SDMX-ML 3.0
 * (the format the IMTS bodies at hand were recorded in), SDMX-JSON 2.0 as
 * second choice. Both are read.
 *
 * @example
 * ```ts
 * IMTS_ACCEPT.startsWith("application/vnd.sdmx.structurespecificdata+xml"); // true
 * ```
 */
export const IMTS_ACCEPT =
  "application/vnd.sdmx.structurespecificdata+xml;version=3.0.0, application/vnd.sdmx.data+json;version=2.0.0;q=0.9";

/**
 * IMF codes and the names the DOTS workbooks give them (the curated file
 * keeps the workbooks' names so that an unchanged figure keeps its bytes).
 *
 * @example
 * ```ts
 * IMTS_AREAS.G001; // "World"
 * ```
 */
export const IMTS_AREAS: Readonly<Record<string, string>> = {
  KOR: "Korea, Rep. of",
  RUS: "Russian Federation",
  USA: "United States",
  SUN: "USSR",
  G001: "World",
};

/** Partners kept for each reporter: the same pairs as the workbooks (see `resources/imf-dots.ts`). */
const PAIRS: Readonly<Record<string, readonly string[]>> = {
  KOR: ["RUS", "SUN", "USA", "G001"],
  RUS: ["KOR", "G001"],
  USA: ["KOR", "RUS", "G001"],
};

/** A series key: codes per dimension (several joined by `+`). */
export interface ImtsKey {
  countries: readonly string[];
  indicators: readonly ImtsIndicator[];
  counterparts: readonly string[];
  frequency: "A" | "M";
}

/**
 * The data URL for a key, series-wise with `TIME_PERIOD` at the observation level.
 *
 * @example
 * ```ts
 * imtsUrl({ countries: ["USA"], indicators: ["XG_FOB_USD"], counterparts: ["G001"], frequency: "A" });
 * // "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001.A?dimensionAtObservation=TIME_PERIOD"
 * ```
 */
export function imtsUrl(key: ImtsKey): string {
  const codes = [key.countries, key.indicators, key.counterparts].map((list) => list.join("+"));
  return `${IMTS_DATA}/${codes.join(".")}.${key.frequency}?dimensionAtObservation=TIME_PERIOD`;
}

/**
 * The request: annual, reporters KOR/RUS/USA, exports FOB and imports CIF, every partner kept.
 *
 * @example
 * ```ts
 * IMTS_ANNUAL_URL.includes("/KOR+RUS+USA.XG_FOB_USD+MG_CIF_USD.KOR+RUS+USA+SUN+G001.A?"); // true
 * ```
 */
export const IMTS_ANNUAL_URL: string = imtsUrl({
  countries: ["KOR", "RUS", "USA"],
  indicators: ["XG_FOB_USD", "MG_CIF_USD"],
  counterparts: ["KOR", "RUS", "USA", "SUN", "G001"],
  frequency: "A",
});

const descriptor = imfDotsAnnual.descriptor;

/**
 * The resource.
 *
 * @example
 * ```ts
 * imfImtsUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // one request: IMTS_ANNUAL_URL
 * ```
 */
export const imfImtsUpdatable: UpdatableResource = {
  descriptor,
  module: "lib/workspace/update/sources/imf-imts.ts",
  series: ["reporter", "partner", "flow"],
  period: ["year"],
  hosts: ["api.imf.org"],
  env: [],
  summary: "api.imf.org SDMX 3.0, dataflow IMF.STA/IMTS (formerly DOTS), annual, one request, no key",
  vintageLabel: "IMF IMTS (formerly DOTS) figures",
  plan(): RequestPlan {
    return { requests: [{ url: IMTS_ANNUAL_URL, tag: "imts annual", headers: { accept: IMTS_ACCEPT } }] };
  },
  rows(responses: EndpointResponse[]): Row[] {
    const rows: Row[] = [];
    for (const response of responses) {
      if (response.status === 204) {
        throw new FormatError(
          response.url,
          "204 No Content: the IMF does not know this dataflow (IMF.STA/IMTS moved or was renamed?)",
        );
      }
      for (const r of parseImtsData(response.body, response.url)) {
        if (r.frequency !== "A" || !PAIRS[r.country]?.includes(r.counterpart)) continue;
        const where = `${response.url} (${r.country}→${r.counterpart} ${r.flow} ${r.year})`;
        const value = Number((r.usd / 1e6).toFixed(6)); // US$ millions, as the workbooks give them
        assertPlausible(descriptor, "value", value, where);
        rows.push(dotsRow({
          reporter: IMTS_AREAS[r.country],
          partner: IMTS_AREAS[r.counterpart],
          flow: r.flow,
          valuation: r.valuation,
          year: r.year,
          value,
          estimate: r.estimate,
        }));
      }
    }
    return rows;
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return [{
      title:
        "IMF, International Trade in Goods (by partner country) (IMTS, formerly DOTS), SDMX 3.0 API: XG_FOB_USD, MG_CIF_USD",
      path: IMTS_DATA,
      publisher: "International Monetary Fund",
      retrieved: context.today,
      vintage: servedBy(context, "IMTS as retrieved"),
    }];
  },
};
