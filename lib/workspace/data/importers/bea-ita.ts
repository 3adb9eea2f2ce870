/**
 * U.S. Bureau of Economic Analysis API (`apps.bea.gov/api/data?…&ResultFormat=JSON`):
 * the International Transactions (`ITA`) and International Services
 * (`IntlServTrade`) datasets. No body recorded from BEA's service was found;
 * this reader follows BEA's documentation and its own Python client
 * (`us-bea/beaapi`, `response_to_dict.py`):
 *
 * - errors come back with status 200, under `BEAAPI.Error` or
 *   `BEAAPI.Results.Error` (`APIErrorCode`, `APIErrorDescription`; sometimes
 *   a list of them, or `error` instead of the description), so they are
 *   checked before anything else;
 * - `Results` may be a one-item list, and `Data` a single object when there
 *   is one observation;
 * - `DataValue` is text with thousands separators (`"21,550"`), scaled by
 *   `UNIT_MULT` (a power of ten; 6 = millions); a value BEA does not publish
 *   is `(D)` (suppressed), `(NA)`, `---`, or empty with `NoteRef` `"n.a."`.
 *
 * Values are returned in US$ millions.
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

/** One annual value of the International Services dataset. */
export interface BeaServicesRow {
  /** BEA type-of-service code, e.g. `AllServiceTypes`, `Travel`. */
  typeOfService: string;
  /** `Exports` or `Imports` (`Balance` and supplemental lines are left to the caller). */
  tradeDirection: string;
  /** e.g. `AllAffiliations`. */
  affiliation: string;
  areaOrCountry: string;
  year: number;
  /** US$ millions. */
  value: number;
  timeSeriesId: string;
}

/** BEA's markers for a value it does not publish: suppressed to avoid disclosure, or not available. */
const NOT_PUBLISHED = new Set(["(D)", "(NA)", "(NM)", "n.a.", "---", ""]);

const FREQUENCIES = new Set(["A", "QSA", "QNSA"]);

/**
 * The data records of a BEA `GetData` answer, after checking it is not an
 * error (BEA answers errors with status 200) and unwrapping a one-item
 * `Results` list or a single `Data` object.
 *
 * @example
 * ```ts
 * beaDataRecords('{"BEAAPI":{"Results":[{"Data":{"TimePeriod":"2018"}}]}}', "https://apps.bea.gov/api/data?…").length; // 1
 * ```
 */
export function beaDataRecords(body: string, source: string): Record<string, unknown>[] {
  const json = parseJsonBody(body, source);
  const api = pick(json, "BEAAPI");
  if (!isObject(api)) {
    throw new FormatError(source, `expected {"BEAAPI":{...}} (top-level keys: ${keysOf(json)})`);
  }
  let results = api.Results;
  if (Array.isArray(results) && results.length === 1) results = results[0];
  const error = api.Error ?? pick(results, "Error");
  if (error !== undefined) throw new FormatError(source, beaErrorText(error));
  const data = pick(results, "Data") ?? api.Data;
  if (isObject(data)) return [data];
  if (!Array.isArray(data)) {
    throw new FormatError(source, `expected BEAAPI.Results.Data to be a list (Results keys: ${keysOf(results)})`);
  }
  return data.map((record, index) => {
    if (!isObject(record)) throw new FormatError(`${source} Data[${index}]`, "expected an object");
    return record;
  });
}

/**
 * Parses a BEA ITA `GetData` answer. Values BEA does not publish are left
 * out; `(*)` (less than $500,000) reads as 0.
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
  const rows: BeaItaRow[] = [];
  const seen = new Set<string>();
  beaDataRecords(body, source).forEach((record, index) => {
    const where = `${source} Data[${index}]`;
    const field = fieldReader(record, where);
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
    const value = beaMillions(record, where);
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
      value,
      timeSeriesId: field("TimeSeriesId"),
    });
  });
  return rows;
}

/**
 * Parses a BEA IntlServTrade `GetData` answer (annual values). Values BEA
 * does not publish are left out.
 *
 * @example
 * ```ts
 * const rows = parseBeaServicesJson(
 *   '{"BEAAPI":{"Results":[{"Data":[{"TypeOfService":"Travel","TradeDirection":"Exports",' +
 *     '"Affiliation":"AllAffiliations","AreaOrCountry":"Korea","TimeSeriesId":"x","TimePeriod":"2018",' +
 *     '"CL_UNIT":"USD","UNIT_MULT":"6","DataValue":"5,432"}]}]}}',
 *   "https://apps.bea.gov/api/data?...",
 * );
 * rows[0].value; // 5432 (US$ millions)
 * ```
 */
export function parseBeaServicesJson(body: string, source: string): BeaServicesRow[] {
  const rows: BeaServicesRow[] = [];
  const seen = new Set<string>();
  beaDataRecords(body, source).forEach((record, index) => {
    const where = `${source} Data[${index}]`;
    const field = fieldReader(record, where);
    const period = field("TimePeriod");
    if (!/^\d{4}$/.test(period)) {
      throw new FormatError(where, `TimePeriod ${JSON.stringify(period)}; expected a year (IntlServTrade is annual)`);
    }
    const value = beaMillions(record, where);
    if (value === null) return;
    const row: BeaServicesRow = {
      typeOfService: field("TypeOfService"),
      tradeDirection: field("TradeDirection"),
      affiliation: field("Affiliation"),
      areaOrCountry: field("AreaOrCountry"),
      year: Number(period),
      value,
      timeSeriesId: field("TimeSeriesId"),
    };
    const key = `${row.typeOfService}|${row.tradeDirection}|${row.affiliation}|${row.areaOrCountry}|${period}`;
    if (seen.has(key)) {
      throw new FormatError(where, `duplicate period ${period} for ${row.typeOfService} ${row.tradeDirection}`);
    }
    seen.add(key);
    rows.push(row);
  });
  return rows;
}

/** A record's value in US$ millions (`DataValue` × 10^(UNIT_MULT − 6)), or null when BEA does not publish it. */
function beaMillions(record: Record<string, unknown>, where: string): number | null {
  const field = fieldReader(record, where);
  const unit = field("CL_UNIT");
  if (unit !== "USD") throw new FormatError(where, `CL_UNIT is ${JSON.stringify(unit)}; expected "USD"`);
  const multiplier = field("UNIT_MULT");
  if (!/^\d{1,2}$/.test(multiplier)) {
    throw new FormatError(where, `UNIT_MULT should be a power of ten like "6", got ${JSON.stringify(multiplier)}`);
  }
  const notes = typeof record.NoteRef === "string" ? record.NoteRef.split(/[,;]\s*/).map((n) => n.trim()) : [];
  const text = field("DataValue");
  if (NOT_PUBLISHED.has(text) || (notes.includes("n.a.") && text === "")) return null;
  if (text === "(*)") return 0;
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) {
    throw new FormatError(where, `DataValue should be a number like "6,123", got ${JSON.stringify(text)}`);
  }
  return Number(text.replaceAll(",", "")) * 10 ** (Number(multiplier) - 6);
}

function fieldReader(record: Record<string, unknown>, where: string): (name: string) => string {
  return (name) => {
    const value = record[name];
    if (typeof value !== "string" && typeof value !== "number") {
      throw new FormatError(where, `missing field ${name} (fields present: ${Object.keys(record).join(", ")})`);
    }
    return String(value).trim();
  };
}

/** BEA's error object (or list of them) in words, with what to check. */
function beaErrorText(error: unknown): string {
  const one = (e: unknown) => {
    const code = pick(e, "APIErrorCode");
    const description = pick(e, "APIErrorDescription") ?? pick(e, "error") ?? pick(e, "ErrorDetail");
    const text = typeof description === "string" ? description : JSON.stringify(description ?? e);
    return `${code !== undefined ? `${code}: ` : ""}${text}`;
  };
  const list = Array.isArray(error) ? error : [error];
  return `BEA API error ${list.map(one).join("; ")} (check BEA_API_KEY and the request parameters)`;
}
