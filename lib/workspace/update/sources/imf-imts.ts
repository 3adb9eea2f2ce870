/**
 * `imf-dots-annual` from the IMF's SDMX-JSON service (DOTS CompactData): one
 * request for the three reporters, both indicators and every partner; the
 * reporter–partner pairs kept are those of the DOTS workbooks that
 * `data:import` reads.
 *
 * @module
 */

import type { SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { parseDotsCompactData } from "../../data/importers/imf-sdmx.ts";
import { dotsRow, imfDotsAnnual } from "../../data/resources/imf-dots.ts";
import type { EndpointResponse, PlanContext, RequestPlan, UpdatableResource } from "../types.ts";
import { assertPlausible } from "./plausible.ts";
import { servedBy } from "./vintage.ts";

/**
 * IMF area codes and the IMF names the workbooks use (SUH = USSR, W00 = world).
 *
 * @example
 * ```ts
 * DOTS_CODES[IMF_AREAS.SUH]; // "SUN"
 * ```
 */
export const IMF_AREAS: Readonly<Record<string, string>> = {
  KR: "Korea, Rep. of",
  RU: "Russian Federation",
  US: "United States",
  SUH: "USSR",
  W00: "World",
};

/** Partners kept for each reporter: the same pairs as the workbooks (see `resources/imf-dots.ts`). */
const PAIRS: Readonly<Record<string, readonly string[]>> = {
  KR: ["RU", "SUH", "US", "W00"],
  RU: ["KR", "W00"],
  US: ["KR", "RU", "W00"],
};

/**
 * The CompactData query: annual, reporters KR/US/RU, exports FOB and imports CIF, every partner kept.
 *
 * @example
 * ```ts
 * rebaseUrl(DOTS_URL, new URL("http://127.0.0.1:8123"));
 * ```
 */
export const DOTS_URL =
  "http://dataservices.imf.org/REST/SDMX_JSON.svc/CompactData/DOT/A.KR+US+RU.TXG_FOB_USD+TMG_CIF_USD." +
  ["KR", "RU", "US", "SUH", "W00"].join("+");

const descriptor = imfDotsAnnual.descriptor;

/**
 * The resource.
 *
 * @example
 * ```ts
 * imfDotsUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // one request: DOTS_URL
 * ```
 */
export const imfDotsUpdatable: UpdatableResource = {
  descriptor,
  module: "lib/workspace/update/sources/imf-dots.ts",
  series: ["reporter", "partner", "flow"],
  period: ["year"],
  hosts: ["dataservices.imf.org"],
  env: [],
  summary: "dataservices.imf.org SDMX_JSON.svc/CompactData/DOT (one request, no key)",
  plan(): RequestPlan {
    return { requests: [{ url: DOTS_URL, tag: "dots" }] };
  },
  rows(responses: EndpointResponse[]): Row[] {
    const rows: Row[] = [];
    for (const response of responses) {
      for (const r of parseDotsCompactData(response.body, response.url)) {
        if (!PAIRS[r.reporter]?.includes(r.partner)) continue;
        const where = `${response.url} (${r.reporter}→${r.partner} ${r.flow} ${r.year})`;
        assertPlausible(descriptor, "value", r.value, where);
        rows.push(dotsRow({ ...r, reporter: IMF_AREAS[r.reporter], partner: IMF_AREAS[r.partner] }));
      }
    }
    return rows;
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return [{
      title: "IMF, Direction of Trade Statistics (DOTS), SDMX-JSON CompactData (TXG_FOB_USD, TMG_CIF_USD)",
      path: "http://dataservices.imf.org/REST/SDMX_JSON.svc/CompactData/DOT",
      publisher: "International Monetary Fund",
      retrieved: context.today,
      vintage: servedBy(context, "DOTS as retrieved"),
    }];
  },
};
