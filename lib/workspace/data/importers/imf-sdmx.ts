/**
 * IMF International Trade in Goods (by partner country), dataflow
 * `IMF.STA:IMTS` — the Direction of Trade Statistics (DOTS) as the IMF's
 * SDMX 3.0 service serves it since the old SDMX-JSON (CompactData) service
 * was retired in 2025. Series keys are `COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY`
 * with ISO alpha-3 codes (`G001` is the world), indicators `XG_FOB_USD`
 * (exports, FOB) and `MG_CIF_USD` (imports, CIF).
 *
 * The service answers in SDMX-ML 3.0 (structure-specific) or SDMX-JSON 2.0;
 * both are read. The trap: each series declares `SCALE="6"` (millions), yet
 * `OBS_VALUE` is in plain US dollars (USA's exports to the world in 2023
 * are sent as `2019551635133`, $2.02 trillion) — so `SCALE` is not applied.
 *
 * @module
 */

import { FormatError } from "../errors.ts";
import { parseSdmxJsonData, type SdmxObservation } from "./imf-sdmx-json.ts";
import { parseSdmxMlData } from "./imf-sdmx-ml.ts";

/**
 * What an IMTS indicator measures, from the reporter's side.
 *
 * @example
 * ```ts
 * IMTS_INDICATORS.MG_CIF_USD.flow; // "imports"
 * ```
 */
export const IMTS_INDICATORS = {
  XG_FOB_USD: { flow: "exports", valuation: "FOB" },
  MG_CIF_USD: { flow: "imports", valuation: "CIF" },
} as const;

/** An IMTS indicator code this importer reads. */
export type ImtsIndicator = keyof typeof IMTS_INDICATORS;

/** One value of an IMTS series. */
export interface ImtsRow {
  /** Reporting economy, ISO alpha-3 (`KOR`). */
  country: string;
  /** Partner: ISO alpha-3, or an IMF area code (`G001` world, `SUN` USSR). */
  counterpart: string;
  flow: "exports" | "imports";
  valuation: "FOB" | "CIF";
  /** `A` annual or `M` monthly. */
  frequency: "A" | "M";
  year: number;
  /** 1–12 for monthly values, null for annual ones. */
  month: number | null;
  /** US dollars, as sent (the declared SCALE is not applied). */
  usd: number;
  /** The observation is flagged as an estimate (`OBS_STATUS` E). */
  estimate: boolean;
}

/**
 * Parses an IMTS data message, SDMX-ML or SDMX-JSON (told apart by its
 * first character). An empty data set is an error naming the URL: the IMF
 * answers a key that matches nothing with 200 and no series.
 *
 * @example
 * ```ts
 * const rows = parseImtsData(xml, "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001.A");
 * rows[0].usd; // 2019551635133 (US$, 2023)
 * ```
 */
export function parseImtsData(body: string, source: string): ImtsRow[] {
  const observations = body.trimStart().startsWith("<")
    ? parseSdmxMlData(body, source)
    : parseSdmxJsonData(body, source);
  if (observations.length === 0) {
    throw new FormatError(
      source,
      "the IMF's answer holds no series: the key matched nothing (check the COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY codes)",
    );
  }
  const rows: ImtsRow[] = [];
  const seen = new Set<string>();
  for (const obs of observations) {
    const row = imtsRow(obs, source);
    if (!row) continue;
    const key = `${row.country}|${row.counterpart}|${row.flow}|${row.frequency}|${row.year}|${row.month}`;
    if (seen.has(key)) {
      throw new FormatError(source, `duplicate period ${obs.period} for ${seriesLabel(obs)}`);
    }
    seen.add(key);
    rows.push(row);
  }
  return rows;
}

/**
 * The year and month of an SDMX period: `2023` (annual), `2023-M09` or `2023-09` (monthly).
 *
 * @example
 * ```ts
 * parseImtsPeriod("2017-M09", "M", "x"); // { year: 2017, month: 9 }
 * ```
 */
export function parseImtsPeriod(
  period: string,
  frequency: "A" | "M",
  where: string,
): { year: number; month: number | null } {
  const annual = /^(\d{4})$/.exec(period);
  if (frequency === "A" && annual) return { year: Number(annual[1]), month: null };
  const monthly = /^(\d{4})-M?(\d{2})$/.exec(period);
  if (frequency === "M" && monthly && Number(monthly[2]) >= 1 && Number(monthly[2]) <= 12) {
    return { year: Number(monthly[1]), month: Number(monthly[2]) };
  }
  throw new FormatError(
    where,
    `TIME_PERIOD ${JSON.stringify(period)} does not fit FREQUENCY ${frequency} (expected ${
      frequency === "A" ? '"2019"' : '"2019-M09"'
    })`,
  );
}

function imtsRow(obs: SdmxObservation, source: string): ImtsRow | undefined {
  const where = `${source} (${seriesLabel(obs)} ${obs.period})`;
  const { COUNTRY: country, INDICATOR: indicator, COUNTERPART_COUNTRY: counterpart, FREQUENCY: frequency } = obs.series;
  for (
    const [name, value] of Object.entries({
      COUNTRY: country,
      INDICATOR: indicator,
      COUNTERPART_COUNTRY: counterpart,
      FREQUENCY: frequency,
    })
  ) {
    if (!value) {
      throw new FormatError(where, `the series has no ${name} (components: ${Object.keys(obs.series).join(", ")})`);
    }
  }
  const meaning = IMTS_INDICATORS[indicator as ImtsIndicator];
  if (!meaning) {
    throw new FormatError(
      where,
      `unexpected INDICATOR ${JSON.stringify(indicator)}; expected ${Object.keys(IMTS_INDICATORS).join(" or ")}`,
    );
  }
  if (frequency !== "A" && frequency !== "M") {
    throw new FormatError(where, `FREQUENCY ${JSON.stringify(frequency)}; expected A (annual) or M (monthly)`);
  }
  const { year, month } = parseImtsPeriod(obs.period, frequency, where);
  if (obs.value === null || obs.value.trim() === "" || obs.value.trim().toUpperCase() === "NAN") return undefined;
  const text = obs.value.trim();
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    throw new FormatError(where, `OBS_VALUE should be a number, got ${JSON.stringify(obs.value)}`);
  }
  const usd = Number(text);
  if (usd < 0) throw new FormatError(where, `negative trade value ${text}`);
  return {
    country,
    counterpart,
    ...meaning,
    frequency,
    year,
    month,
    usd,
    estimate: obs.attributes.OBS_STATUS?.toUpperCase() === "E",
  };
}

function seriesLabel(obs: SdmxObservation): string {
  const s = obs.series;
  return [s.COUNTRY, s.INDICATOR, s.COUNTERPART_COUNTRY, s.FREQUENCY].map((c) => c ?? "?").join(".");
}
