/**
 * What a claim's wording allows: turns a stated value and its tolerance into
 * a judgement of a computed value (confirmed, approximate or discrepant), and
 * describes the tolerance in words for the reader.
 *
 * @module
 */

import { formatQuantity, type Quantity } from "../units.ts";
import type { StatedValue, Tolerance } from "./schema.ts";

/** The outcome of comparing a computed figure with a stated one. */
export type Judgement = "confirmed" | "approximate" | "discrepant";

/** How far apart the computed and stated values are. */
export interface Difference {
  /** computed − stated, in the stated unit. */
  absolute: number;
  /** (computed − stated) / |stated|, as a fraction; null when stated is 0. */
  relative: number | null;
}

const EPSILON = 1e-9;
const DEFAULT_APPROXIMATE = 0.05;

/**
 * A band of computed values in the stated unit. A missing bound is open-ended;
 * an exclusive bound excludes the value itself ("more than 2×" excludes 2×).
 */
export interface Band {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/**
 * The values that make a figure `confirmed`, and the wider band that makes it
 * `approximate` (null when the wording allows no approximation, as for an
 * exact rank). Anything outside both is `discrepant`.
 */
export interface Bands {
  confirmed: Band;
  approximate: Band | null;
}

/**
 * The bands a numeric stated value and its tolerance imply, or null for
 * yes/no and text claims (which only match or not).
 *
 * @example
 * ```ts
 * bands({ value: 355, unit: "USD millions" }, { kind: "rounded", step: 1 });
 * // { confirmed: { min: 354.5, max: 355.5 }, approximate: { min: 337.25, max: 372.75 } }
 * ```
 */
export function bands(stated: StatedValue, tolerance: Tolerance): Bands | null {
  if (typeof stated.value !== "number") return null;
  const s = stated.value;
  const around = (half: number): Band => ({ min: s - half, max: s + half });
  switch (tolerance.kind) {
    case "rounded":
      return {
        confirmed: around(tolerance.step / 2),
        approximate: around(Math.abs(s) * (tolerance.approximate ?? DEFAULT_APPROXIMATE)),
      };
    case "about": {
      const band = tolerance.absolute ?? Math.abs(s) * (tolerance.relative ?? DEFAULT_APPROXIMATE);
      return { confirmed: around(band), approximate: around(2 * band) };
    }
    case "nearly": {
      const r = tolerance.relative;
      return { confirmed: { min: s * (1 - r), max: s }, approximate: { min: s * (1 - 2 * r), max: s * (1 + r) } };
    }
    case "more-than":
      return {
        confirmed: { min: s, minExclusive: true },
        approximate: { min: s - Math.abs(s) * (tolerance.approximate ?? DEFAULT_APPROXIMATE) },
      };
    case "less-than":
      return {
        confirmed: { max: s, maxExclusive: true },
        approximate: { max: s + Math.abs(s) * (tolerance.approximate ?? DEFAULT_APPROXIMATE) },
      };
    case "exact":
      return { confirmed: { min: s, max: s }, approximate: null };
    case "range": {
      const width = Math.max(Math.abs(tolerance.max), Math.abs(tolerance.min)) * DEFAULT_APPROXIMATE;
      return {
        confirmed: { min: tolerance.min, max: tolerance.max },
        approximate: { min: tolerance.min - width, max: tolerance.max + width },
      };
    }
  }
}

/** Whether `value` lies in the band, each bound widened by `slack`. */
function inBand(band: Band, value: number, slack: number): boolean {
  if (band.min !== undefined) {
    const ok = band.minExclusive ? value + slack - EPSILON > band.min : value >= band.min - slack;
    if (!ok) return false;
  }
  if (band.max !== undefined) {
    const ok = band.maxExclusive ? value - slack + EPSILON < band.max : value <= band.max + slack;
    if (!ok) return false;
  }
  return true;
}

/**
 * Judges a computed value (already in the stated unit) against the stated
 * value and tolerance, by the bands of {@link bands}. `resolution` is the
 * rounding step of the computed figure itself (e.g. 10 for a press figure
 * printed as "$890M"), which widens every bound by half of it.
 *
 * @example
 * ```ts
 * judge({ value: 2, unit: "ratio" }, 2.09, { kind: "more-than" }); // "confirmed"
 * judge({ value: 3.5, unit: "USD billions" }, 1.2, { kind: "rounded", step: 0.1 }); // "discrepant"
 * ```
 */
export function judge(
  stated: StatedValue,
  computed: number | boolean | string,
  tolerance: Tolerance,
  resolution = 0,
): Judgement {
  const b = typeof computed === "number" ? bands(stated, tolerance) : null;
  if (b === null || typeof computed !== "number") return stated.value === computed ? "confirmed" : "discrepant";
  // A computed figure that is itself rounded (a press figure) may lie anywhere within half its resolution.
  const slack = resolution / 2 + EPSILON;
  if (inBand(b.confirmed, computed, slack)) return "confirmed";
  return b.approximate && inBand(b.approximate, computed, slack) ? "approximate" : "discrepant";
}

/** The two bands in words, for the verdict card. */
export interface BandTexts {
  /** What the data must give for `confirmed`, e.g. "$354.5 million to $355.5 million". */
  confirmed: string;
  /** What gives `approximate` instead, or null when no approximation is allowed. */
  approximate: string | null;
}

/**
 * The confirmed and approximate bands in words.
 *
 * @example
 * ```ts
 * describeBands({ value: 2, unit: "ratio" }, { kind: "more-than" });
 * // { confirmed: "more than 2.00×", approximate: "from 1.90× up to 2.00×" }
 * ```
 */
export function describeBands(stated: StatedValue, tolerance: Tolerance): BandTexts {
  const b = bands(stated, tolerance);
  if (b === null) return { confirmed: `exactly ${formatQuantity(stated as Quantity)}`, approximate: null };
  const q = (value: number): string => formatQuantity({ value, unit: stated.unit } as Quantity, 4);
  const text = (band: Band): string => {
    if (band.min !== undefined && band.max !== undefined) {
      return band.min === band.max ? `exactly ${q(band.min)}` : `${q(band.min)} to ${q(band.max)}`;
    }
    if (band.min !== undefined) return `${band.minExclusive ? "more than" : "at least"} ${q(band.min)}`;
    if (band.max !== undefined) return `${band.maxExclusive ? "less than" : "at most"} ${q(band.max)}`;
    return "any value";
  };
  const confirmed = text(b.confirmed);
  if (!b.approximate) return { confirmed, approximate: null };
  // The approximate band contains the confirmed one: say the part outside it.
  const a = b.approximate;
  const c = b.confirmed;
  const approximate = c.min !== undefined && c.max !== undefined && a.min !== undefined && a.max !== undefined
    ? `${q(a.min)} to ${q(a.max)}, outside the confirmed band`
    : c.min !== undefined && a.min !== undefined
    ? `${q(a.min)} up to ${q(c.min)}`
    : c.max !== undefined && a.max !== undefined
    ? `${q(c.max)} up to ${q(a.max)}`
    : text(a);
  return { confirmed, approximate };
}

/**
 * The difference between computed and stated numeric values, or null for
 * yes/no and text claims.
 *
 * @example
 * ```ts
 * difference({ value: 27.6, unit: "USD billions" }, 27.6246); // { absolute: 0.0246, relative: 0.00089... }
 * ```
 */
export function difference(stated: StatedValue, computed: number | boolean | string): Difference | null {
  if (typeof stated.value !== "number" || typeof computed !== "number") return null;
  const absolute = Number.parseFloat((computed - stated.value).toPrecision(12));
  return { absolute, relative: stated.value === 0 ? null : absolute / Math.abs(stated.value) };
}

/**
 * The tolerance in words, e.g. "more than 2.00×" or "$42.3 billion, rounded to 0.1".
 *
 * @example
 * ```ts
 * describeTolerance({ value: 20, unit: "USD billions" }, { kind: "nearly", relative: 0.1 });
 * // "nearly $20 billion: from $18 billion up to $20 billion"
 * ```
 */
export function describeTolerance(stated: StatedValue, tolerance: Tolerance): string {
  const q = (value: number): string => formatQuantity({ value, unit: stated.unit } as Quantity, 3);
  const s = typeof stated.value === "number" ? stated.value : NaN;
  switch (tolerance.kind) {
    case "rounded":
      return `${q(s)} as printed: anything that rounds to it (±${q(tolerance.step / 2).replace(/^−/, "")})`;
    case "about": {
      const band = tolerance.absolute ?? Math.abs(s) * (tolerance.relative ?? DEFAULT_APPROXIMATE);
      return `about ${q(s)}: from ${q(s - band)} to ${q(s + band)}`;
    }
    case "nearly":
      return `nearly ${q(s)}: from ${q(s * (1 - tolerance.relative))} up to ${q(s)}`;
    case "more-than":
      return `more than ${q(s)}`;
    case "less-than":
      return `less than ${q(s)}`;
    case "exact":
      return `exactly ${formatQuantity(stated as Quantity)}`;
    case "range":
      return `between ${q(tolerance.min)} and ${q(tolerance.max)}`;
  }
}
