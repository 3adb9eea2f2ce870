/**
 * A fake of the four publishers for the updater's tests. Census and IMF
 * (IMTS, SDMX-ML 3.0 or SDMX-JSON 2.0 by the request's `accept`) answers are
 * generated, in each API's exact shape, from the curated files of a data
 * folder, so that an update against an unchanged fake reproduces
 * the current CSV byte for byte; BEA (ITA, IntlServTrade) and Comtrade answers come from the
 * static fixtures in `tests/fixtures/update/`. Scenarios change the data
 * before it is served, or replace the answer to some requests.
 *
 * @module
 */

import { join } from "node:path";
import { parseCsvRows } from "../../lib/analysis/catalog/csv.ts";
import { validateRows } from "../../lib/analysis/catalog/validate.ts";
import { censusGoodsByPartnerMonthly } from "../../lib/workspace/data/resources/census.ts";
import { imfDotsAnnual } from "../../lib/workspace/data/resources/imf-dots.ts";
import type { SdmxObservation } from "../../lib/workspace/data/importers/imf-sdmx-json.ts";
import { parseSdmxMlData } from "../../lib/workspace/data/importers/imf-sdmx-ml.ts";
import type { TypedRow } from "../../lib/workspace/update/report.ts";
import type { FixtureHandler } from "./fixture_server.ts";

/** Folder of the static fixtures. */
export const FIXTURES = new URL("../fixtures/update/", import.meta.url);

/** What the fake publishers serve. */
export interface PublisherData {
  census: TypedRow[];
  dots: TypedRow[];
  /** BEA ITA response text. */
  bea: string;
  /** BEA IntlServTrade response text. */
  beaServices: string;
  /** Comtrade records (the `data` array of a response). */
  comtrade: Record<string, unknown>[];
  /** Census HS-level answers by `flow commodity partner year` (e.g. `exports 87 5800 2016`); others answer 204. */
  censusHs?: Record<string, string>;
  /** IMTS observations served after those generated from `dots` (replacing the same periods), e.g. a recorded body's. */
  imts?: SdmxObservation[];
}

/**
 * The settle fixtures (`tests/fixtures/update/settle/`): Census HS 87 answers
 * for Korea, 2011 and 2016, in the API's real format with made-up values
 * (see the folder's README), keyed as `PublisherData.censusHs` wants.
 *
 * @example
 * ```ts
 * const data = { ...await loadPublisherData(dataDir), censusHs: await settleFixtures() };
 * ```
 */
export async function settleFixtures(): Promise<Record<string, string>> {
  const bodies: Record<string, string> = {};
  for (const flow of ["exports", "imports"]) {
    for (const year of [2011, 2016]) {
      bodies[`${flow} 87 5800 ${year}`] = await Deno.readTextFile(
        new URL(`settle/fixture-census-hs2-87-5800-${flow}-${year}.json`, FIXTURES),
      );
    }
  }
  return bodies;
}

/** Folder of the bodies recorded from the publishers' real services (see its README). */
export const RECORDED = new URL("../fixtures/update/recorded/", import.meta.url);

/**
 * The observations of the recorded IMTS body (USA's exports to the world
 * and to G998, 2023–2024), to splice into the fake IMF's answers.
 *
 * @example
 * ```ts
 * const data = { ...await loadPublisherData(dataDir), imts: await recordedImts() };
 * ```
 */
export async function recordedImts(): Promise<SdmxObservation[]> {
  const file = new URL("imf_sdmx3/data_IMTS_USA.XG_FOB_USD.G001+G998.A_2023-2024.body.xml", RECORDED);
  return parseSdmxMlData(await Deno.readTextFile(file), file.pathname);
}

/**
 * Reads the curated Census and DOTS rows of a data folder and the static BEA
 * and Comtrade fixtures.
 *
 * @example
 * ```ts
 * const data = await loadPublisherData("/tmp/data-copy");
 * ```
 */
export async function loadPublisherData(dataDir: string): Promise<PublisherData> {
  return {
    ...await readCurated(dataDir),
    bea: await Deno.readTextFile(new URL("bea-ita-korea.json", FIXTURES)),
    beaServices: await Deno.readTextFile(new URL("bea-intlserv-korea.json", FIXTURES)),
    comtrade: JSON.parse(await Deno.readTextFile(new URL("comtrade-korea.json", FIXTURES))).data,
  };
}

/**
 * The curated Census and DOTS rows of a data folder, typed as the catalog reads them.
 *
 * @example
 * ```ts
 * const { census, dots } = await readCurated("data");
 * ```
 */
export async function readCurated(dataDir: string): Promise<Pick<PublisherData, "census" | "dots">> {
  return {
    census: await readTyped(
      join(dataDir, "census-goods-by-partner-monthly.csv"),
      censusGoodsByPartnerMonthly.descriptor,
    ),
    dots: await readTyped(join(dataDir, "imf-dots-annual.csv"), imfDotsAnnual.descriptor),
  };
}

async function readTyped(
  path: string,
  descriptor: { schema: Parameters<typeof validateRows>[1] },
): Promise<TypedRow[]> {
  const csv = parseCsvRows(await Deno.readTextFile(path), path);
  const { columns, problems } = validateRows(csv, descriptor.schema, path);
  if (problems.length > 0) throw new Error(`${path}: ${problems[0].reason}`);
  const names = Object.keys(columns);
  return csv.rows.map((_, i) => Object.fromEntries(names.map((n) => [n, columns[n][i]])));
}

const CENSUS_FIELD = { exports: "ALL_VAL_MO", imports: "GEN_VAL_MO" } as const;

/**
 * A Census International Trade API answer for one flow and year, or null
 * (the API's 204) when the year has no rows. Like the API: an array of
 * arrays, header first, every value a string, months as `01`…`12`.
 *
 * @example
 * ```ts
 * censusBody(rows, "exports", 2018);
 * // '[["CTY_CODE","CTY_NAME","ALL_VAL_MO","YEAR","MONTH"],\n["5800","KOREA, SOUTH","3687774405","2018","01"], …]'
 * ```
 */
export function censusBody(
  rows: TypedRow[],
  flow: "exports" | "imports",
  year: number,
  header: string[] = ["CTY_CODE", "CTY_NAME", CENSUS_FIELD[flow], "YEAR", "MONTH"],
): string | null {
  const lines = rows
    .filter((r) => r.year === year && r[flow] !== null)
    .map((r) => [r.cty_code, r.cty_name ?? "", String(r[flow]), String(r.year), String(r.month).padStart(2, "0")]);
  if (lines.length === 0) return null;
  return `[${[header, ...lines].map((l) => JSON.stringify(l)).join(",\n")}]`;
}

const IMTS_CODE: Record<string, string> = { KOR: "KOR", RUS: "RUS", USA: "USA", SUN: "SUN", WLD: "G001" };
const IMTS_INDICATOR: Record<string, string> = { exports: "XG_FOB_USD", imports: "MG_CIF_USD" };

/** A parsed IMTS series key: the codes asked for per dimension (empty = all). */
export interface ImtsQuery {
  countries: string[];
  indicators: string[];
  counterparts: string[];
  frequency: string[];
}

/**
 * Reads the series key of an IMTS data path
 * (`/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/KOR+USA.XG_FOB_USD.G001.A`), or
 * undefined when the path names another dataflow.
 *
 * @example
 * ```ts
 * imtsQuery("/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001+G998.A")?.counterparts; // ["G001", "G998"]
 * ```
 */
export function imtsQuery(path: string): ImtsQuery | undefined {
  const match = /^\/external\/sdmx\/3\.0\/data\/dataflow\/IMF\.STA\/IMTS\/[^/]+\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  const parts = decodeURIComponent(match[1]).split(".");
  const list = (i: number) => (parts[i] === undefined || parts[i] === "*" ? [] : parts[i].split("+"));
  return { countries: list(0), indicators: list(1), counterparts: list(2), frequency: list(3) };
}

/** Every observation of the curated DOTS rows, as the IMTS service would send it (US dollars). */
export function imtsObservations(rows: TypedRow[]): SdmxObservation[] {
  return rows.map((r) => ({
    series: {
      COUNTRY: IMTS_CODE[r.reporter as string],
      INDICATOR: IMTS_INDICATOR[r.flow as string],
      COUNTERPART_COUNTRY: IMTS_CODE[r.partner as string],
      FREQUENCY: "A",
      OVERLAP: "OL",
      SCALE: "6",
    },
    period: String(r.year),
    value: String(Math.round((r.value as number) * 1e6)),
    attributes: { DERIVATION_TYPE: "M", ...(r.estimate ? { OBS_STATUS: "E" } : {}) },
  }));
}

/**
 * An IMTS answer in SDMX-ML 3.0 (structure-specific), shaped like the
 * recorded body: one `<Series>` per key with `SCALE="6"` and values in plain
 * US dollars. `extra` observations (e.g. from a recorded body) replace or
 * add to the generated ones. Only the series matching `query` are kept.
 *
 * @example
 * ```ts
 * imtsXmlBody(imtsObservations(rows), imtsQuery(url.pathname));
 * ```
 */
export function imtsXmlBody(observations: SdmxObservation[], query?: ImtsQuery): string {
  const series = groupSeries(observations, query);
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const attrs = (record: Record<string, string>) =>
    Object.entries(record).map(([k, v]) => ` ${k}="${escape(v)}"`).join("");
  const body = series.map((s) =>
    `<Series${attrs(s.series)}>${
      s.observations.map((o) =>
        `<Obs${attrs({ OBS_VALUE: o.value ?? "NaN", ...o.attributes, TIME_PERIOD: o.period })}/>`
      ).join("")
    }</Series>`
  ).join("");
  return "<?xml version='1.0' encoding='UTF-8'?><message:StructureSpecificData " +
    'xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v3_0/message" ' +
    'xmlns:ss="http://www.sdmx.org/resources/sdmxml/schemas/v3_0/data/structurespecific">' +
    "<message:Header><message:ID>claimbook-fixture</message:ID><message:Test>true</message:Test>" +
    '<message:Prepared>2026-11-23T00:00:00Z</message:Prepared><message:Sender id="claimbook-fixture"/></message:Header>' +
    `<message:DataSet ss:structureRef="IMF.STA.DSD_IMTS.1.0.0" action="Replace">${body}</message:DataSet>` +
    "</message:StructureSpecificData>";
}

/**
 * The same answer in SDMX-JSON 2.0: codes as indexes into the structure's
 * dimensions, values as strings.
 *
 * @example
 * ```ts
 * JSON.parse(imtsJsonBody(imtsObservations(rows))).data.dataSets[0].series["0:0:0:0"];
 * ```
 */
export function imtsJsonBody(observations: SdmxObservation[], query?: ImtsQuery): string {
  const series = groupSeries(observations, query);
  const dimensionIds = ["COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY"];
  const values = dimensionIds.map((id) => [...new Set(series.map((s) => s.series[id]))]);
  const periods = [...new Set(series.flatMap((s) => s.observations.map((o) => o.period)))].sort();
  const statuses = ["E"];
  const dataSeries: Record<string, unknown> = {};
  for (const s of series) {
    const key = dimensionIds.map((id, i) => values[i].indexOf(s.series[id])).join(":");
    const observationsOut: Record<string, unknown[]> = {};
    for (const o of s.observations) {
      const status = o.attributes.OBS_STATUS ? statuses.indexOf(o.attributes.OBS_STATUS) : null;
      observationsOut[String(periods.indexOf(o.period))] = [o.value, status];
    }
    dataSeries[key] = { attributes: [0], observations: observationsOut };
  }
  return JSON.stringify({
    meta: { id: "claimbook-fixture", test: true },
    data: {
      dataSets: [{ structure: 0, action: "Replace", series: dataSeries }],
      structures: [{
        dimensions: {
          series: dimensionIds.map((id, i) => ({ id, keyPosition: i, values: values[i].map((v) => ({ id: v })) })),
          observation: [{ id: "TIME_PERIOD", keyPosition: 4, values: periods.map((p) => ({ value: p })) }],
        },
        measures: { observation: [{ id: "OBS_VALUE" }] },
        attributes: {
          series: [{ id: "SCALE", values: [{ id: "6" }] }],
          observation: [{ id: "OBS_STATUS", values: statuses.map((id) => ({ id })) }],
        },
      }],
    },
  });
}

function groupSeries(
  observations: SdmxObservation[],
  query?: ImtsQuery,
): { series: Record<string, string>; observations: SdmxObservation[] }[] {
  const wanted = (list: string[] | undefined, code: string) => !list || list.length === 0 || list.includes(code);
  const groups = new Map<string, { series: Record<string, string>; byPeriod: Map<string, SdmxObservation> }>();
  for (const o of observations) {
    const s = o.series;
    if (
      !wanted(query?.countries, s.COUNTRY) || !wanted(query?.indicators, s.INDICATOR) ||
      !wanted(query?.counterparts, s.COUNTERPART_COUNTRY) || !wanted(query?.frequency, s.FREQUENCY)
    ) continue;
    const key = [s.COUNTRY, s.INDICATOR, s.COUNTERPART_COUNTRY, s.FREQUENCY].join(".");
    let group = groups.get(key);
    if (!group) groups.set(key, group = { series: s, byPeriod: new Map() });
    group.byPeriod.set(o.period, o); // later observations (a recorded body) replace generated ones
  }
  return [...groups.values()].map((g) => ({
    series: g.series,
    observations: [...g.byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : 1)),
  }));
}

/**
 * A Comtrade preview answer holding the records of the periods asked for.
 *
 * @example
 * ```ts
 * comtradeBody(records, ["2018", "2019"]);
 * ```
 */
export function comtradeBody(records: Record<string, unknown>[], periods: string[]): string {
  const data = records.filter((r) => periods.includes(String(r.period)));
  return JSON.stringify({ elapsedTime: "0.21 secs", count: data.length, data, error: "" });
}

/** Replaces the answer to some requests: return a Response, or undefined to serve the normal one. */
export type Override = (url: URL) => Response | undefined | Promise<Response | undefined>;

/**
 * The request handler of the fake publishers.
 *
 * @example
 * ```ts
 * const server = startFixtureServer(publisherHandler(await loadPublisherData(dataDir)));
 * ```
 */
export function publisherHandler(data: PublisherData, override?: Override): FixtureHandler {
  const json = (body: string, status = 200) =>
    new Response(body, { status, headers: { "content-type": "application/json;charset=utf-8" } });
  return async (request, url) => {
    const replaced = await override?.(url);
    if (replaced) return replaced;
    const path = url.pathname;
    const census = /^\/data\/timeseries\/intltrade\/(exports|imports)\/hs$/.exec(path);
    if (census && url.searchParams.has("COMM_LVL")) {
      const flow = census[1];
      const commodity = url.searchParams.get(flow === "exports" ? "E_COMMODITY" : "I_COMMODITY");
      const year = /^from (\d{4})-01 to \1-12$/.exec(url.searchParams.get("time") ?? "")?.[1];
      const body = data.censusHs?.[`${flow} ${commodity} ${url.searchParams.get("CTY_CODE")} ${year}`];
      return body === undefined ? new Response(null, { status: 204 }) : json(body);
    }
    if (census) {
      const body = censusBody(data.census, census[1] as "exports" | "imports", Number(url.searchParams.get("YEAR")));
      return body === null ? new Response(null, { status: 204 }) : json(body);
    }
    if (path.startsWith("/external/sdmx/3.0/data/dataflow/")) {
      const query = imtsQuery(path);
      if (!query) return new Response(null, { status: 204 }); // the IMF's answer for an unknown dataflow
      const observations = [...imtsObservations(data.dots), ...(data.imts ?? [])];
      const accept = request.headers.get("accept") ?? "";
      return accept.startsWith("application/vnd.sdmx.data+json")
        ? json(imtsJsonBody(observations, query))
        : new Response(imtsXmlBody(observations, query), {
          headers: { "content-type": "application/vnd.sdmx.structurespecificdata+xml;version=3.0.0" },
        });
    }
    if (path === "/api/data") {
      return json(url.searchParams.get("datasetname") === "IntlServTrade" ? data.beaServices : data.bea);
    }
    if (path === "/data/v1/get/C/A/HS" && !request.headers.get("ocp-apim-subscription-key")) {
      return json('{ "statusCode": 401, "message": "Access denied due to missing subscription key." }', 401);
    }
    if (path === "/public/v1/preview/C/A/HS" || path === "/data/v1/get/C/A/HS") {
      return json(comtradeBody(data.comtrade, (url.searchParams.get("period") ?? "").split(",")));
    }
    return new Response("<html><head><title>404 Not Found</title></head><body>Not Found</body></html>", {
      status: 404,
      headers: { "content-type": "text/html" },
    });
  };
}
