/**
 * UN Comtrade API (v1) JSON, from the keyed `/data/v1/get/C/{A|M}/HS` and
 * the keyless `/public/v1/preview/C/{A|M}/HS` endpoints alike:
 * `{"elapsedTime","count","data":[{...}],"error":""}` with one record per
 * reporter, partner, flow and period. Numbers are JSON numbers (`null` for
 * an absent FOB or CIF value); `primaryValue` is in US dollars: FOB for
 * exports, CIF for imports (as the reporter declares them). A request for
 * `HS` is answered with the revision used (`classificationCode` "H6").
 * Only totals are kept: records broken down by second partner, customs
 * procedure or mode of transport are skipped.
 *
 * @module
 */

import { FormatError, parseJsonBody } from "../errors.ts";
import { isObject } from "../../../analysis/json.ts";

/**
 * Comtrade flow codes read, and what they mean from the reporter's side.
 *
 * @example
 * ```ts
 * COMTRADE_FLOWS.X.valuation; // "FOB"
 * ```
 */
export const COMTRADE_FLOWS = {
  X: { flow: "exports", valuation: "FOB" },
  M: { flow: "imports", valuation: "CIF" },
} as const;

/** One annual total of one flow between a reporter and a partner. */
export interface ComtradeRow {
  /** UN M49 code of the reporter, e.g. 410 (Korea). */
  reporterCode: number;
  /** UN M49 code of the partner, e.g. 643 (Russia), 810 (USSR), 840 (USA). */
  partnerCode: number;
  /** Partner name as Comtrade gives it (empty when the response has no descriptions). */
  partnerDesc: string;
  flow: "exports" | "imports";
  valuation: "FOB" | "CIF";
  /** `A` (period `2019`) or `M` (period `201909`). */
  frequency: "A" | "M";
  year: number;
  /** 1–12 for monthly records, null for annual ones. */
  month: number | null;
  /** US dollars. */
  value: number;
}

/**
 * Parses a Comtrade `get`/`preview` response (annual or monthly records).
 *
 * @example
 * ```ts
 * const rows = parseComtradeJson(
 *   '{"count":1,"data":[{"reporterCode":410,"partnerCode":643,"period":"2019","flowCode":"X","primaryValue":7789800000}],"error":""}',
 *   "https://comtradeapi.un.org/public/v1/preview/C/A/HS?...",
 * );
 * rows[0].value; // 7789800000 (US$)
 * ```
 */
export function parseComtradeJson(body: string, source: string): ComtradeRow[] {
  const json = parseJsonBody(body, source);
  if (!isObject(json)) throw new FormatError(source, "expected a JSON object with a data array");
  if (typeof json.error === "string" && json.error.trim() !== "") {
    throw new FormatError(source, `Comtrade API error: ${json.error.trim()}`);
  }
  if (!Array.isArray(json.data)) {
    const message = typeof json.message === "string" ? ` (message: ${json.message})` : "";
    throw new FormatError(
      source,
      `expected a "data" array (keys present: ${Object.keys(json).join(", ") || "(none)"})${message}`,
    );
  }
  if (typeof json.count === "number" && json.count !== json.data.length) {
    throw new FormatError(source, `count says ${json.count} records but data holds ${json.data.length}`);
  }
  const rows: ComtradeRow[] = [];
  const seen = new Set<string>();
  json.data.forEach((record, index) => {
    const where = `${source} data[${index}]`;
    if (!isObject(record)) throw new FormatError(where, "expected an object");
    if (!isTotal(record)) return;
    const reporterCode = code(record, "reporterCode", where);
    const partnerCode = code(record, "partnerCode", where);
    const flowCode = String(record.flowCode ?? "");
    const meaning = COMTRADE_FLOWS[flowCode as keyof typeof COMTRADE_FLOWS];
    if (!meaning) throw new FormatError(where, `flowCode ${JSON.stringify(record.flowCode)}; expected X or M`);
    const period = String(record.period ?? record.refYear ?? "");
    const match = /^(\d{4})(\d{2})?$/.exec(period);
    const month = match?.[2] ? Number(match[2]) : null;
    if (!match || (month !== null && (month < 1 || month > 12))) {
      throw new FormatError(
        where,
        `period should be a year like "2019" or a month like "201909", got ${JSON.stringify(record.period)}`,
      );
    }
    if (!("primaryValue" in record)) {
      throw new FormatError(where, `missing field primaryValue (fields present: ${Object.keys(record).join(", ")})`);
    }
    const value = record.primaryValue;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new FormatError(where, `primaryValue should be a number, got ${JSON.stringify(value)}`);
    }
    if (value < 0) throw new FormatError(where, `negative trade value ${value} in ${period}`);
    const key = `${reporterCode}|${partnerCode}|${flowCode}|${period}`;
    const year = Number(match[1]);
    if (seen.has(key)) {
      throw new FormatError(where, `duplicate period ${period} for reporter ${reporterCode}, partner ${partnerCode}`);
    }
    seen.add(key);
    rows.push({
      reporterCode,
      partnerCode,
      partnerDesc: typeof record.partnerDesc === "string" ? record.partnerDesc : "",
      ...meaning,
      frequency: month === null ? "A" : "M",
      year,
      month,
      value,
    });
  });
  return rows;
}

/** Totals have no second partner, all customs procedures (C00) and all modes of transport (0). */
function isTotal(record: Record<string, unknown>): boolean {
  const zero = (v: unknown) => v === undefined || v === null || Number(v) === 0;
  const allCustoms = record.customsCode === undefined || record.customsCode === null ||
    record.customsCode === "C00";
  return zero(record.partner2Code) && zero(record.motCode) && allCustoms;
}

function code(record: Record<string, unknown>, name: string, where: string): number {
  const value = record[name];
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new FormatError(
      where,
      `${name} should be a numeric country code, got ${JSON.stringify(value)} (fields present: ${
        Object.keys(record).join(", ")
      })`,
    );
  }
  return value;
}
