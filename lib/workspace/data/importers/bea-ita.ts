/**
 * U.S. Bureau of Economic Analysis, International Transactions (ITA) through
 * the BEA API (`apps.bea.gov/api/data?...&datasetname=ITA&ResultFormat=JSON`).
 * Rows sit in `BEAAPI.Results.Data`; values are text with thousands
 * separators, scaled by `UNIT_MULT` (a power of ten). Errors come back with
 * status 200 as `BEAAPI.Results.Error` (or `BEAAPI.Error`), so they are
 * checked before anything else. This importer returns US$ millions.
 *
 * @module
 */

import { FormatError, parseJsonBody } from "../errors.ts";
import { isObject, keysOf, pick } from "../../../analysis/json.ts";

/** One value of an ITA indicator for one area and period. */
export interface BeaItaRow {
  /** BEA indicator code, e.g. `ExpServ`. */
  indicator: string;
  areaOrCountry: string;
  /** `A` (annual), `QSA` (quarterly, seasonally adjusted) or `QNSA`. */
  frequency: "A" | "QSA" | "QNSA";
  year: number;
  /** `2018` for annual values, `2018Q2` for quarterly ones. */
  period: string;
  /** US$ millions. */
  value: number;
  timeSeriesId: string;
}

/** BEA's markers for a value it does not publish: suppressed to avoid disclosure, or not available. */
const NOT_PUBLISHED = new Set(["(D)", "(NA)", "n.a.", "---", ""]);

const FREQUENCIES = new Set(["A", "QSA", "QNSA"]);

/**
 * Parses a BEA ITA `GetData` response. Values BEA does not publish (`(D)`,
 * `(NA)`, empty) are left out; `(*)` (less than $500,000) reads as 0.
 *
 * @example
 * ```ts
 * const rows = parseBeaItaJson(
 *   '{"BEAAPI":{"Results":{"Data":[{"TimeSeriesId":"TSI_ItaExpServ_Korea_QSA","Indicator":"ExpServ",' +
 *     '"AreaOrCountry":"Korea","Frequency":"QSA","Year":"2018","TimePeriod":"2018Q2","CL_UNIT":"USD",' +
 *     '"UNIT_MULT":"6","DataValue":"6,123"}]}}}',
 *   "https://apps.bea.gov/api/data?...",
 * );
 * rows[0].value; // 6123 (US$ millions)
 * ```
 */
export function parseBeaItaJson(body: string, source: string): BeaItaRow[] {
  const json = parseJsonBody(body, source);
  const api = pick(json, "BEAAPI");
  if (!isObject(api)) {
    throw new FormatError(source, `expected {"BEAAPI":{...}} (top-level keys: ${keysOf(json)})`);
  }
  const results = api.Results;
  const error = pick(results, "Error") ?? api.Error;
  if (error !== undefined) {
    const code = pick(error, "APIErrorCode");
    const description = pick(error, "APIErrorDescription") ?? pick(error, "ErrorDetail") ?? JSON.stringify(error);
    throw new FormatError(
      source,
      `BEA API error${code ? ` ${code}` : ""}: ${
        typeof description === "string" ? description : JSON.stringify(description)
      } (check BEA_API_KEY and the request parameters)`,
    );
  }
  const data = pick(results, "Data");
  if (!Array.isArray(data)) {
    throw new FormatError(source, `expected BEAAPI.Results.Data to be an array (Results keys: ${keysOf(results)})`);
  }
  const rows: BeaItaRow[] = [];
  const seen = new Set<string>();
  data.forEach((record, index) => {
    const where = `${source} Data[${index}]`;
    if (!isObject(record)) throw new FormatError(where, "expected an object");
    const field = (name: string): string => {
      const value = record[name];
      if (typeof value !== "string" && typeof value !== "number") {
        throw new FormatError(where, `missing field ${name} (fields present: ${Object.keys(record).join(", ")})`);
      }
      return String(value).trim();
    };
    const indicator = field("Indicator");
    const frequency = field("Frequency");
    if (!FREQUENCIES.has(frequency)) {
      throw new FormatError(where, `Frequency ${JSON.stringify(frequency)}; expected A, QSA or QNSA`);
    }
    const period = field("TimePeriod");
    const year = field("Year");
    const expected = frequency === "A" ? /^(\d{4})$/ : /^(\d{4})Q[1-4]$/;
    const match = expected.exec(period);
    if (!match || match[1] !== year) {
      throw new FormatError(
        where,
        `TimePeriod ${JSON.stringify(period)} does not fit Frequency ${frequency}, Year ${year}`,
      );
    }
    const unit = field("CL_UNIT");
    if (unit !== "USD") throw new FormatError(where, `CL_UNIT is ${JSON.stringify(unit)}; expected "USD"`);
    const multiplier = field("UNIT_MULT");
    if (!/^\d{1,2}$/.test(multiplier)) {
      throw new FormatError(where, `UNIT_MULT should be a power of ten like "6", got ${JSON.stringify(multiplier)}`);
    }
    const value = dataValue(field("DataValue"), where);
    if (value === null) return;
    const key = `${indicator}|${field("AreaOrCountry")}|${frequency}|${period}`;
    if (seen.has(key)) throw new FormatError(where, `duplicate period ${period} for ${indicator} ${frequency}`);
    seen.add(key);
    rows.push({
      indicator,
      areaOrCountry: field("AreaOrCountry"),
      frequency: frequency as BeaItaRow["frequency"],
      year: Number(year),
      period,
      value: value * 10 ** (Number(multiplier) - 6),
      timeSeriesId: field("TimeSeriesId"),
    });
  });
  return rows;
}

function dataValue(text: string, where: string): number | null {
  if (NOT_PUBLISHED.has(text)) return null;
  if (text === "(*)") return 0;
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) {
    throw new FormatError(where, `DataValue should be a number like "6,123", got ${JSON.stringify(text)}`);
  }
  return Number(text.replaceAll(",", ""));
}
