/**
 * A fake of the four publishers for the updater's tests. Census and IMF
 * answers are generated, in each API's exact shape, from the curated files
 * of a data folder, so that an update against an unchanged fake reproduces
 * the current CSV byte for byte; BEA and Comtrade answers come from the
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
  /** Comtrade records (the `data` array of a response). */
  comtrade: Record<string, unknown>[];
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

const IMF_CODE: Record<string, string> = { KOR: "KR", RUS: "RU", USA: "US", SUN: "SUH", WLD: "W00" };
const INDICATOR: Record<string, string> = { exports: "TXG_FOB_USD", imports: "TMG_CIF_USD" };

/**
 * An IMF SDMX-JSON CompactData answer for the DOTS rows: one Series per
 * reporter, partner and indicator, `@UNIT_MULT` 6 (millions); a series with
 * one observation has `Obs` as an object, as the IMF service does.
 *
 * @example
 * ```ts
 * JSON.parse(dotsBody(rows)).CompactData.DataSet.Series.length;
 * ```
 */
export function dotsBody(rows: TypedRow[], options: { valueAttribute?: string } = {}): string {
  const series = new Map<string, { attributes: Record<string, string>; obs: Record<string, string>[] }>();
  for (const r of rows) {
    const key = `${r.reporter}|${r.partner}|${r.flow}`;
    let entry = series.get(key);
    if (!entry) {
      entry = {
        attributes: {
          "@FREQ": "A",
          "@REF_AREA": IMF_CODE[r.reporter as string],
          "@INDICATOR": INDICATOR[r.flow as string],
          "@COUNTERPART_AREA": IMF_CODE[r.partner as string],
          "@UNIT_MULT": "6",
          "@TIME_FORMAT": "P1Y",
        },
        obs: [],
      };
      series.set(key, entry);
    }
    entry.obs.push({ "@TIME_PERIOD": String(r.year), [options.valueAttribute ?? "@OBS_VALUE"]: String(r.value) });
  }
  const list = [...series.values()].map((s) => ({ ...s.attributes, Obs: s.obs.length === 1 ? s.obs[0] : s.obs }));
  return JSON.stringify({
    CompactData: {
      "@xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
      Header: {
        ID: "18e1c0a5-claimbook-fixture",
        Test: "false",
        Prepared: "2026-11-23T00:00:00",
        Sender: { "@id": "1C0" },
      },
      DataSet: { "@xmlns": "http://dataservices.imf.org/compact/DOT", Series: list },
    },
  });
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
  return async (_request, url) => {
    const replaced = await override?.(url);
    if (replaced) return replaced;
    const path = url.pathname;
    const census = /^\/data\/timeseries\/intltrade\/(exports|imports)\/hs$/.exec(path);
    if (census) {
      const body = censusBody(data.census, census[1] as "exports" | "imports", Number(url.searchParams.get("YEAR")));
      return body === null ? new Response(null, { status: 204 }) : json(body);
    }
    if (path.startsWith("/REST/SDMX_JSON.svc/CompactData/DOT/")) return json(dotsBody(data.dots));
    if (path === "/api/data") return json(data.bea);
    if (path === "/public/v1/preview/C/A/HS") {
      return json(comtradeBody(data.comtrade, (url.searchParams.get("period") ?? "").split(",")));
    }
    return new Response("<html><head><title>404 Not Found</title></head><body>Not Found</body></html>", {
      status: 404,
      headers: { "content-type": "text/html" },
    });
  };
}
