/**
 * The IMF's SDMX 3.0 service, dataflow `IMF.STA:IMTS` (International Trade
 * in Goods by partner country, the continuation of DOTS): one request for
 * the three reporters, both indicators and every partner kept.
 *
 * - `imf-dots-annual`, annual: the reporter–partner pairs kept are those of
 *   the DOTS workbooks that `data:import` reads, so an update is a newer
 *   vintage of the same table, and the change report lists the revisions
 *   between the 2022 workbooks and today's figures.
 * - `imf-imts-monthly`, monthly from 2010, the same pairs (opt-in:
 *   `--only imf-imts-monthly`).
 *
 * @module
 */

import type { FieldDescriptor, SourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Row } from "../../data/csv-out.ts";
import { FormatError } from "../../data/errors.ts";
import { type ImtsIndicator, type ImtsRow, parseImtsData } from "../../data/importers/imf-sdmx.ts";
import { dotsRow, imfDotsAnnual } from "../../data/resources/imf-dots.ts";
import { CSV_FILE, flag, number } from "../../data/resources/types.ts";
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
export function imtsUrl(key: ImtsKey & { from?: string }): string {
  const codes = [key.countries, key.indicators, key.counterparts].map((list) => list.join("+"));
  const from = key.from ? `&c[TIME_PERIOD]=ge:${key.from}` : "";
  return `${IMTS_DATA}/${codes.join(".")}.${key.frequency}?dimensionAtObservation=TIME_PERIOD${from}`;
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
    return imtsRows(responses, "A").map(({ row, value }) =>
      dotsRow({
        reporter: IMTS_AREAS[row.country],
        partner: IMTS_AREAS[row.counterpart],
        flow: row.flow,
        valuation: row.valuation,
        year: row.year,
        value,
        estimate: row.estimate,
      })
    );
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

/** The kept values of the answers at one frequency, in US$ millions, each checked against the schema's bounds. */
function imtsRows(responses: EndpointResponse[], frequency: "A" | "M"): { row: ImtsRow; value: number }[] {
  const kept: { row: ImtsRow; value: number }[] = [];
  for (const response of responses) {
    if (response.status === 204) {
      throw new FormatError(
        response.url,
        "204 No Content: the IMF does not know this dataflow (IMF.STA/IMTS moved or was renamed?)",
      );
    }
    for (const row of parseImtsData(response.body, response.url)) {
      if (row.frequency !== frequency || !PAIRS[row.country]?.includes(row.counterpart)) continue;
      const period = row.month === null ? `${row.year}` : `${row.year}-${String(row.month).padStart(2, "0")}`;
      const where = `${response.url} (${row.country}→${row.counterpart} ${row.flow} ${period})`;
      const value = Number((row.usd / 1e6).toFixed(6)); // US$ millions, as the workbooks give them
      assertPlausible(descriptor, "value", value, where);
      kept.push({ row, value });
    }
  }
  return kept;
}

/** ISO codes of the data package for the IMF's (G001 → WLD). */
const PACKAGE_CODE: Readonly<Record<string, string>> = { KOR: "KOR", RUS: "RUS", USA: "USA", SUN: "SUN", G001: "WLD" };

function dotsField(name: string): FieldDescriptor {
  const field = descriptor.schema.fields.find((f) => f.name === name);
  if (!field) throw new Error(`imf-dots-annual has no field ${name}`);
  return field;
}

const monthlyDescriptor: UpdatableResource["descriptor"] = {
  name: "imf-imts-monthly",
  path: "imf-imts-monthly.csv",
  title: "Bilateral goods trade of Korea, Russia and the US, monthly from 2010 (IMF IMTS)",
  description:
    "Monthly goods exports (FOB) and imports (CIF) in US$ millions, as each reporter (Korea, Russia, the United States) reports them to the IMF's International Trade in Goods by partner country (IMTS, formerly DOTS), with each other, the USSR and the world, from January 2010. Produced only by deno task update --only imf-imts-monthly. Each reporter's figures are its own; the IMF revises them.",
  ...CSV_FILE,
  grade: "official",
  schema: {
    fields: [
      // The annual DOTS resource's key and descriptive fields, as they are there.
      ...["reporter", "reporter_name", "partner", "partner_name", "flow", "valuation", "year"].map(dotsField),
      {
        name: "month",
        type: "integer",
        description: "Month, 1–12",
        constraints: { required: true, minimum: 1, maximum: 12 },
      },
      number("value", "USD millions", "Value in millions of current US dollars", {
        required: true,
        minimum: 0,
        maximum: 1e6,
      }),
      flag("estimate", "The IMF flags the value as an estimate"),
    ],
    primaryKey: ["reporter", "partner", "flow", "year", "month"],
  },
  sources: [{
    title:
      "IMF, International Trade in Goods (by partner country) (IMTS, formerly DOTS), SDMX 3.0 API: XG_FOB_USD, MG_CIF_USD, monthly",
    path: IMTS_DATA,
    publisher: "International Monetary Fund",
  }],
  licenses: [{ name: "IMF-terms", title: "IMF terms of use for data", path: "https://www.imf.org/external/terms.htm" }],
};

/**
 * The monthly request: reporters KOR/RUS/USA, both indicators, every partner kept, from January 2010.
 *
 * @example
 * ```ts
 * IMTS_MONTHLY_URL.endsWith(".M?dimensionAtObservation=TIME_PERIOD&c[TIME_PERIOD]=ge:2010-01-01"); // true
 * ```
 */
export const IMTS_MONTHLY_URL: string = imtsUrl({
  countries: ["KOR", "RUS", "USA"],
  indicators: ["XG_FOB_USD", "MG_CIF_USD"],
  counterparts: ["KOR", "RUS", "USA", "SUN", "G001"],
  frequency: "M",
  from: "2010-01-01",
});

/**
 * The monthly resource (opt-in).
 *
 * @example
 * ```ts
 * imfImtsMonthlyUpdatable.plan({ today: "2026-11-23", env: () => undefined }); // one request: IMTS_MONTHLY_URL
 * ```
 */
export const imfImtsMonthlyUpdatable: UpdatableResource = {
  descriptor: monthlyDescriptor,
  module: "lib/workspace/update/sources/imf-imts.ts",
  series: ["reporter", "partner", "flow"],
  period: ["year", "month"],
  hosts: ["api.imf.org"],
  env: [],
  summary: "api.imf.org SDMX 3.0, IMF.STA/IMTS, monthly from 2010, one request, no key (opt-in: --only)",
  vintageLabel: "IMF IMTS figures",
  optIn: true,
  plan(): RequestPlan {
    return { requests: [{ url: IMTS_MONTHLY_URL, tag: "imts monthly", headers: { accept: IMTS_ACCEPT } }] };
  },
  rows(responses: EndpointResponse[]): Row[] {
    return imtsRows(responses, "M").map(({ row, value }) => ({
      reporter: PACKAGE_CODE[row.country],
      reporter_name: IMTS_AREAS[row.country],
      partner: PACKAGE_CODE[row.counterpart],
      partner_name: IMTS_AREAS[row.counterpart],
      flow: row.flow,
      valuation: row.valuation,
      year: row.year,
      month: row.month,
      value,
      estimate: row.estimate,
    }));
  },
  sources(context: PlanContext): SourceDescriptor[] {
    return monthlyDescriptor.sources.map((source) => ({
      ...source,
      retrieved: context.today,
      vintage: servedBy(context, "IMTS as retrieved"),
    }));
  },
};
