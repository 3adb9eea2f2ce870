/**
 * IMF Direction of Trade Statistics through the IMF's SDMX-JSON web service
 * (`dataservices.imf.org/REST/SDMX_JSON.svc/CompactData/DOT/...`). The
 * "compact" format puts every dimension and attribute in `@`-prefixed
 * properties; `Series` and `Obs` are an array, or a single object when there
 * is only one. Values are scaled by `@UNIT_MULT` (a power of ten); this
 * importer returns US$ millions, like the DOTS workbooks.
 *
 * @module
 */

import { FormatError, parseJsonBody } from "../errors.ts";
import type { DotsRow } from "./imf-dots.ts";
import { isObject, keysOf, pick } from "../../../analysis/json.ts";

/**
 * What a DOTS indicator code measures.
 *
 * @example
 * ```ts
 * DOTS_INDICATORS.TMG_CIF_USD.flow; // "imports"
 * ```
 */
export const DOTS_INDICATORS = {
  TXG_FOB_USD: { flow: "exports", valuation: "FOB" },
  TMG_CIF_USD: { flow: "imports", valuation: "CIF" },
} as const;

/** A DOTS indicator code this importer reads. */
export type DotsIndicator = keyof typeof DOTS_INDICATORS;

/**
 * One reporter–counterpart–indicator–year value from a CompactData response:
 * the workbook importer's row, with IMF area codes (`KR`, `RU`, `SUH` for the
 * USSR, `W00` for the world) as reporter and partner, and values scaled by
 * `10^(UNIT_MULT − 6)` to US$ millions.
 */
export type DotsSdmxRow = DotsRow;

/**
 * Parses a DOTS CompactData response (annual frequency).
 *
 * @example
 * ```ts
 * const rows = parseDotsCompactData(
 *   '{"CompactData":{"DataSet":{"Series":{"@FREQ":"A","@REF_AREA":"KR","@INDICATOR":"TXG_FOB_USD",' +
 *     '"@COUNTERPART_AREA":"RU","@UNIT_MULT":"6","Obs":{"@TIME_PERIOD":"2019","@OBS_VALUE":"7789.8"}}}}}',
 *   "http://dataservices.imf.org/REST/SDMX_JSON.svc/CompactData/DOT/A.KR.TXG_FOB_USD.RU",
 * );
 * rows[0].value; // 7789.8 (US$ millions)
 * ```
 */
export function parseDotsCompactData(body: string, source: string): DotsSdmxRow[] {
  const json = parseJsonBody(body, source);
  const dataSet = pick(pick(json, "CompactData"), "DataSet");
  if (!isObject(dataSet)) {
    throw new FormatError(
      source,
      `expected {"CompactData":{"DataSet":{...}}} (top-level keys: ${
        keysOf(json)
      }); the IMF service changed or answered with an error`,
    );
  }
  const series = listOf(dataSet.Series);
  if (series.length === 0) {
    throw new FormatError(source, "the DataSet has no Series: the query matched no data (check the series key)");
  }
  const rows: DotsSdmxRow[] = [];
  const seen = new Set<string>();
  series.forEach((s, index) => {
    const where = `${source} Series[${index}]`;
    if (!isObject(s)) throw new FormatError(where, "expected an object");
    const reporter = attribute(s, "@REF_AREA", where);
    const partner = attribute(s, "@COUNTERPART_AREA", where);
    const indicator = attribute(s, "@INDICATOR", where);
    const meaning = DOTS_INDICATORS[indicator as DotsIndicator];
    if (!meaning) {
      throw new FormatError(
        where,
        `unknown @INDICATOR ${JSON.stringify(indicator)}; expected ${Object.keys(DOTS_INDICATORS).join(" or ")}`,
      );
    }
    if (s["@FREQ"] !== undefined && s["@FREQ"] !== "A") {
      throw new FormatError(where, `@FREQ is ${JSON.stringify(s["@FREQ"])}; expected annual data ("A")`);
    }
    const multiplier = attribute(s, "@UNIT_MULT", where);
    if (!/^-?\d{1,2}$/.test(multiplier)) {
      throw new FormatError(where, `@UNIT_MULT should be a power of ten like "6", got ${JSON.stringify(multiplier)}`);
    }
    const scale = 10 ** (Number(multiplier) - 6);
    listOf(s.Obs).forEach((obs, i) => {
      const at = `${where} Obs[${i}] (${reporter}→${partner} ${indicator})`;
      if (!isObject(obs)) throw new FormatError(at, "expected an object");
      const period = attribute(obs, "@TIME_PERIOD", at);
      if (!/^\d{4}$/.test(period)) {
        throw new FormatError(at, `@TIME_PERIOD should be a year like "2019", got ${JSON.stringify(period)}`);
      }
      const raw = obs["@OBS_VALUE"];
      if (raw === undefined || raw === "") return; // the IMF omits the value of an empty cell
      const text = String(raw).trim();
      if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
        throw new FormatError(at, `@OBS_VALUE should be a number, got ${JSON.stringify(raw)}`);
      }
      const value = Number(text) * scale;
      if (value < 0) throw new FormatError(at, `negative trade value ${text} in ${period}`);
      const key = `${reporter}|${partner}|${indicator}|${period}`;
      if (seen.has(key)) {
        throw new FormatError(at, `duplicate period ${period} for ${reporter}→${partner} ${indicator}`);
      }
      seen.add(key);
      const status = typeof obs["@OBS_STATUS"] === "string" ? obs["@OBS_STATUS"].trim().toLowerCase() : "";
      rows.push({ reporter, partner, ...meaning, year: Number(period), value, estimate: status === "e" });
    });
  });
  return rows;
}

function attribute(object: Record<string, unknown>, name: string, where: string): string {
  const value = object[name];
  if (typeof value !== "string" && typeof value !== "number") {
    throw new FormatError(where, `missing ${name} (attributes present: ${Object.keys(object).join(", ")})`);
  }
  return String(value).trim();
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
