/**
 * Mirror statistics: the same flow as reported by each partner (e.g. Korea's
 * exports to the US and US imports from Korea). The two never agree exactly;
 * this names the usual reasons for the gap instead of hiding it.
 *
 * @module
 */

import { convert, type NumericQuantity, type Quantity } from "../units.ts";

/** The flow compared, from the first reporter's side. */
export type MirrorFlow = "exports" | "imports";

/** Two reporters' figures for the same flow. */
export interface MirrorInput {
  /** The first reporter's figure (e.g. Korea's exports to the US, FOB). */
  reported: Quantity;
  /** The partner's figure for the same goods (e.g. US imports from Korea, CIF or customs value). */
  mirror: Quantity;
  /** Whether `reported` is the reporter's exports or imports. */
  flow: MirrorFlow;
  /** Valuation of the importer's figure (default `CIF`). */
  importValuation?: "CIF" | "customs value";
}

/** The gap and the likely reasons for it. */
export interface MirrorComparison {
  reported: NumericQuantity;
  mirror: NumericQuantity;
  /** `mirror − reported`, in the unit of `reported`. */
  gap: NumericQuantity;
  /** Gap relative to `reported`, in percent. */
  gapPercent: number;
  /** Reasons that fit the sign of the gap, most likely first. */
  reasons: string[];
}

/**
 * Compares a flow with its mirror and explains the gap.
 *
 * @example
 * ```ts
 * const m = mirrorGap({ reported: usdMillions(69_800), mirror: usdMillions(71_800), flow: "exports" });
 * m.gapPercent; // 2.86...
 * m.reasons[0]; // "valuation: the importer's figure includes freight and insurance (CIF) ..."
 * ```
 */
export function mirrorGap(input: MirrorInput): MirrorComparison {
  if (typeof input.reported.value !== "number" || typeof input.mirror.value !== "number") {
    throw new TypeError("mirror comparison needs two numeric quantities");
  }
  const reported = input.reported as NumericQuantity;
  const mirror = convert(input.mirror, reported.unit);
  const gap = mirror.value - reported.value;
  const gapPercent = (gap / reported.value) * 100;
  // The importer's figure is the mirror when the reporter's figure is exports.
  const importerHigher = input.flow === "exports" ? gap > 0 : gap < 0;
  const valuation = input.importValuation ?? "CIF";
  const reasons: string[] = [];
  if (importerHigher) {
    reasons.push(
      valuation === "CIF"
        ? "valuation: the importer's figure includes freight and insurance (CIF) while the exporter's is free on board (FOB)"
        : "valuation: the importer's customs value and the exporter's FOB value price the same goods at different points",
      "timing: goods shipped late in one year are recorded as imports early the next",
      "origin rules: the importer attributes goods to their country of origin even when shipped via a third country",
    );
  } else {
    reasons.push(
      "re-exports and destination: the exporter records goods to the first known destination, some of which are re-exported elsewhere",
      "timing: goods shipped late in one year are recorded as imports early the next",
      "coverage: the two customs services exclude different goods (e.g. low-value, military or confidential trade)",
    );
  }
  return {
    reported,
    mirror,
    gap: { value: Number.parseFloat(gap.toPrecision(12)), unit: reported.unit },
    gapPercent,
    reasons,
  };
}
