/**
 * U.S. Census Bureau, International Trade API: monthly goods exports and
 * imports by partner country. Reads the API's JSON (an array of arrays whose
 * first row names the fields) and the CSV made from it that
 * `data/raw/census_api_country_2013_2024/` holds.
 *
 * Exports are total exports (`ALL_VAL_MO`, domestic + foreign, f.a.s.);
 * imports are general imports (`GEN_VAL_MO`, customs value). US dollars.
 *
 * @module
 */

import { parseCsvRows } from "../../../analysis/catalog/csv.ts";
import { FormatError, parseJsonBody } from "../errors.ts";

/** One partner-month of one flow, as the API gives it. */
export interface CensusFlowRow {
  ctyCode: string;
  ctyName: string;
  year: number;
  month: number;
  /** US dollars. */
  value: number;
}

/** One partner-month with both flows (null where the API had no row). */
export interface CensusTradeRow {
  ctyCode: string;
  /** Empty when the source gives no name for the code. */
  ctyName: string;
  kind: CensusCodeKind;
  year: number;
  month: number;
  exports: number | null;
  imports: number | null;
}

/** What a Census country code stands for. */
export type CensusCodeKind = "total" | "group" | "region" | "country";

/** The value field of each flow in the API. */
export const CENSUS_VALUE_FIELD = { exports: "ALL_VAL_MO", imports: "GEN_VAL_MO" } as const;

/**
 * Classifies a Census code: `-` is the world total, `0xxx` are groupings
 * (OPEC, EU, …), `nXXX` are continents, the rest are countries.
 *
 * @example
 * ```ts
 * classifyCensusCode("5800"); // "country"
 * classifyCensusCode("0003"); // "group"
 * ```
 */
export function classifyCensusCode(code: string): CensusCodeKind {
  if (code === "-") return "total";
  if (/^0\d{3}$/.test(code)) return "group";
  if (/^\dXXX$/.test(code)) return "region";
  if (/^\d{4}$/.test(code)) return "country";
  throw new FormatError("census", `unknown country code ${JSON.stringify(code)}`);
}

/**
 * Parses an International Trade API response for one flow.
 *
 * @example
 * ```ts
 * const rows = parseCensusApiJson(
 *   '[["CTY_CODE","CTY_NAME","ALL_VAL_MO","YEAR","MONTH"],["5800","KOREA, SOUTH","3117963667","2013","01"]]',
 *   "exports",
 *   "api.census.gov exports",
 * );
 * rows[0].value; // 3117963667
 * ```
 */
export function parseCensusApiJson(body: string, flow: "exports" | "imports", source: string): CensusFlowRow[] {
  const json = parseJsonBody(body, source);
  if (!Array.isArray(json) || json.length === 0 || !Array.isArray(json[0])) {
    throw new FormatError(source, "expected an array of rows whose first row names the fields");
  }
  const [header, ...rows] = json as unknown[][];
  const valueField = CENSUS_VALUE_FIELD[flow];
  const index = columnIndexes(header.map(String), ["CTY_CODE", "CTY_NAME", valueField, "YEAR", "MONTH"], source);
  return rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== header.length) {
      throw new FormatError(source, `row ${i + 2}: expected ${header.length} values, got ${JSON.stringify(row)}`);
    }
    return flowRow(row.map((v) => (v === null ? "" : String(v))), index, valueField, `${source} row ${i + 2}`);
  });
}

/** One partner-month of one flow of one commodity, from the API's HS endpoints. */
export interface CensusHsRow {
  flow: "exports" | "imports";
  /** `HS2`, `HS4`, `HS6` or `HS10`. */
  level: CensusHsLevel;
  /** The HS code (`87`, `8703`, `2710121510`). */
  commodity: string;
  ctyCode: string;
  /** Empty when the answer carries no `CTY_NAME`. */
  ctyName: string;
  year: number;
  month: number;
  /** US dollars. */
  value: number;
}

/** Commodity aggregation levels of the HS endpoints. */
export type CensusHsLevel = "HS2" | "HS4" | "HS6" | "HS10";

/**
 * The commodity predicate of each flow's HS endpoint.
 *
 * @example
 * ```ts
 * CENSUS_COMMODITY_FIELD.imports; // "I_COMMODITY"
 * ```
 */
export const CENSUS_COMMODITY_FIELD = { exports: "E_COMMODITY", imports: "I_COMMODITY" } as const;

/**
 * Parses an HS-level answer (`intltrade/{exports,imports}/hs` with
 * `COMM_LVL`, `E_COMMODITY` / `I_COMMODITY`, `CTY_CODE`, `time`). As the
 * API really answers: an array of arrays, header first, every value a
 * string, and the predicate variables appended as columns although only
 * the value was asked for. Periods come from `time` (`2016-01`) or from
 * `YEAR` and `MONTH`.
 *
 * @example
 * ```ts
 * const rows = parseCensusHsJson(
 *   '[["ALL_VAL_MO","COMM_LVL","E_COMMODITY","CTY_CODE","time"],["155905","HS10","2710121510","1220","2016-01"]]',
 *   "exports",
 *   "https://api.census.gov/data/timeseries/intltrade/exports/hs?…",
 * );
 * rows[0].value; // 155905
 * ```
 */
export function parseCensusHsJson(body: string, flow: "exports" | "imports", source: string): CensusHsRow[] {
  const json = parseJsonBody(body, source);
  if (!Array.isArray(json) || json.length === 0 || !Array.isArray(json[0])) {
    throw new FormatError(source, "expected an array of rows whose first row names the fields");
  }
  const [header, ...rows] = json as unknown[][];
  const names = header.map(String);
  const valueField = CENSUS_VALUE_FIELD[flow];
  const commodityField = CENSUS_COMMODITY_FIELD[flow];
  const index = columnIndexes(names, [valueField, "COMM_LVL", commodityField, "CTY_CODE"], source);
  const time = names.indexOf("time");
  const period = time !== -1 ? undefined : columnIndexes(names, ["YEAR", "MONTH"], `${source} (no "time" column)`);
  const name = names.indexOf("CTY_NAME");
  return rows.map((row, i) => {
    const where = `${source} row ${i + 2}`;
    if (!Array.isArray(row) || row.length !== header.length) {
      throw new FormatError(where, `expected ${header.length} values, got ${JSON.stringify(row)}`);
    }
    const nonText = row.findIndex((v) => typeof v !== "string");
    if (nonText !== -1) {
      throw new FormatError(
        where,
        `${names[nonText]}: expected text (the API sends every value as a string), got ${JSON.stringify(row[nonText])}`,
      );
    }
    const cells = row as string[];
    const level = cells[index.COMM_LVL].trim();
    if (!/^HS(2|4|6|10)$/.test(level)) {
      throw new FormatError(where, `COMM_LVL ${JSON.stringify(level)}; expected HS2, HS4, HS6 or HS10`);
    }
    const commodity = cells[index[commodityField]].trim();
    if (commodity.length !== Number(level.slice(2)) || !/^\d+$/.test(commodity)) {
      throw new FormatError(where, `${commodityField} ${JSON.stringify(commodity)} is not a ${level} code`);
    }
    let year: number;
    let month: number;
    if (time !== -1) {
      const match = /^(\d{4})-(\d{2})$/.exec(cells[time].trim());
      if (!match) throw new FormatError(where, `time ${JSON.stringify(cells[time])}; expected a month like "2016-01"`);
      year = integerIn(match[1], 1900, 2100, "time (year)", where);
      month = integerIn(match[2], 1, 12, "time (month)", where);
    } else {
      year = integerIn(cells[period!.YEAR], 1900, 2100, "YEAR", where);
      month = integerIn(cells[period!.MONTH], 1, 12, "MONTH", where);
    }
    const value = optionalDollars(cells[index[valueField]], valueField, where);
    if (value === null) throw new FormatError(where, `${valueField} is empty`);
    return {
      flow,
      level: level as CensusHsLevel,
      commodity,
      ctyCode: cells[index.CTY_CODE].trim(),
      ctyName: name === -1 ? "" : cells[name].trim(),
      year,
      month,
      value,
    };
  });
}

/**
 * Parses the CSV converted from the API's R data files (both flows per row;
 * a blank value means that flow had no row for the partner and month).
 *
 * @example
 * ```ts
 * parseCensusConvertedCsv('"CTY_CODE","CTY_NAME","YEAR","MONTH","ALL_VAL_MO","GEN_VAL_MO"\n"5800","KOREA, SOUTH","2013","01","1","2"\n', "x.csv");
 * ```
 */
export function parseCensusConvertedCsv(text: string, source: string): CensusTradeRow[] {
  const csv = parseCsvRows(text, source);
  if (csv.problems.length > 0) throw new FormatError(source, csv.problems.map((p) => p.reason).join("; "));
  const index = columnIndexes(
    csv.header,
    ["CTY_CODE", "CTY_NAME", "YEAR", "MONTH", "ALL_VAL_MO", "GEN_VAL_MO"],
    source,
  );
  const names = new Map<string, string>();
  for (const row of csv.rows) {
    const name = row[index.CTY_NAME]?.trim();
    if (name) names.set(row[index.CTY_CODE], name);
  }
  return csv.rows.map((row, i) => {
    const where = `${source}:${csv.lines[i]}`;
    const code = row[index.CTY_CODE];
    // Some rows of one flow lack the partner's name; it is the same code's name elsewhere in the file.
    // A few codes (e.g. 8220) have no name anywhere in the file: keep them unnamed rather than guess.
    const name = row[index.CTY_NAME]?.trim() || names.get(code) || "";
    return {
      ctyCode: code,
      ctyName: name,
      kind: classifyCensusCode(code),
      year: integerIn(row[index.YEAR], 1900, 2100, "YEAR", where),
      month: integerIn(row[index.MONTH], 1, 12, "MONTH", where),
      exports: optionalDollars(row[index.ALL_VAL_MO], "ALL_VAL_MO", where),
      imports: optionalDollars(row[index.GEN_VAL_MO], "GEN_VAL_MO", where),
    };
  });
}

/**
 * Joins an exports response and an imports response by partner and month.
 *
 * @example
 * ```ts
 * mergeCensusFlows(exportsRows, importsRows).find((r) => r.ctyCode === "5800");
 * ```
 */
export function mergeCensusFlows(exports: CensusFlowRow[], imports: CensusFlowRow[]): CensusTradeRow[] {
  const merged = new Map<string, CensusTradeRow>();
  const key = (r: CensusFlowRow) => `${r.ctyCode}|${r.year}|${r.month}`;
  const entry = (r: CensusFlowRow): CensusTradeRow => {
    const existing = merged.get(key(r));
    if (existing) return existing;
    const created: CensusTradeRow = {
      ctyCode: r.ctyCode,
      ctyName: r.ctyName,
      kind: classifyCensusCode(r.ctyCode),
      year: r.year,
      month: r.month,
      exports: null,
      imports: null,
    };
    merged.set(key(r), created);
    return created;
  };
  for (const r of exports) {
    const e = entry(r);
    if (e.exports !== null) throw new FormatError("census exports", `duplicate period ${key(r)}`);
    e.exports = r.value;
  }
  for (const r of imports) {
    const e = entry(r);
    if (e.imports !== null) throw new FormatError("census imports", `duplicate period ${key(r)}`);
    e.imports = r.value;
  }
  return [...merged.values()];
}

function flowRow(row: string[], index: Record<string, number>, valueField: string, where: string): CensusFlowRow {
  const value = optionalDollars(row[index[valueField]], valueField, where);
  if (value === null) throw new FormatError(where, `${valueField} is empty`);
  const name = row[index.CTY_NAME].trim();
  return {
    ctyCode: row[index.CTY_CODE].trim(),
    ctyName: name,
    year: integerIn(row[index.YEAR], 1900, 2100, "YEAR", where),
    month: integerIn(row[index.MONTH], 1, 12, "MONTH", where),
    value,
  };
}

/**
 * Finds required columns in a header, failing with the columns present when
 * one is missing or renamed.
 *
 * @example
 * ```ts
 * columnIndexes(["A", "B"], ["B"], "x"); // { B: 1 }
 * ```
 */
export function columnIndexes(header: string[], required: string[], source: string): Record<string, number> {
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const name of required) {
    const at = header.indexOf(name);
    if (at === -1) missing.push(name);
    else index[name] = at;
  }
  if (missing.length > 0) {
    throw new FormatError(source, `missing column(s) ${missing.join(", ")} (columns present: ${header.join(", ")})`);
  }
  return index;
}

function integerIn(text: string | undefined, min: number, max: number, field: string, where: string): number {
  const value = Number(text?.trim());
  if (!/^\d+$/.test(text?.trim() ?? "") || value < min || value > max) {
    throw new FormatError(where, `${field}: expected an integer ${min}–${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function optionalDollars(text: string | undefined, field: string, where: string): number | null {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") return null;
  if (!/^-?\d+$/.test(trimmed)) {
    throw new FormatError(where, `${field}: expected whole US dollars, got ${JSON.stringify(text)}`);
  }
  const value = Number(trimmed);
  if (value < 0) throw new FormatError(where, `${field}: negative trade value ${value}`);
  return value;
}
