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
 * Judges a computed value (already in the stated unit) against the stated
 * value and tolerance. `resolution` is the rounding step of the computed
 * figure itself (e.g. 10 for a press figure printed as "$890M"), which widens
 * every bound by half of it.
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
  if (typeof stated.value !== "number" || typeof computed !== "number") {
    return stated.value === computed ? "confirmed" : "discrepant";
  }
  const s = stated.value;
  const c = computed;
  // A computed figure that is itself rounded (a press figure) may lie anywhere within half its resolution.
  const slack = resolution / 2 + EPSILON;
  const rel = (band: number) => Math.abs(c - s) <= Math.abs(s) * band + slack;
  switch (tolerance.kind) {
    case "rounded":
      if (Math.abs(c - s) <= tolerance.step / 2 + slack) return "confirmed";
      return rel(tolerance.approximate ?? DEFAULT_APPROXIMATE) ? "approximate" : "discrepant";
    case "about": {
      const band = tolerance.absolute ?? Math.abs(s) * (tolerance.relative ?? DEFAULT_APPROXIMATE);
      if (Math.abs(c - s) <= band + slack) return "confirmed";
      return Math.abs(c - s) <= 2 * band + slack ? "approximate" : "discrepant";
    }
    case "nearly": {
      const r = tolerance.relative;
      if (c <= s + slack && c >= s * (1 - r) - slack) return "confirmed";
      if (c <= s * (1 + r) + slack && c >= s * (1 - 2 * r) - slack) return "approximate";
      return "discrepant";
    }
    case "more-than":
      if (c + slack - EPSILON > s) return "confirmed";
      return c + slack >= s - Math.abs(s) * (tolerance.approximate ?? DEFAULT_APPROXIMATE)
        ? "approximate"
        : "discrepant";
    case "less-than":
      if (c - slack + EPSILON < s) return "confirmed";
      return c - slack <= s + Math.abs(s) * (tolerance.approximate ?? DEFAULT_APPROXIMATE)
        ? "approximate"
        : "discrepant";
    case "exact":
      return Math.abs(c - s) <= slack ? "confirmed" : "discrepant";
    case "range": {
      if (c >= tolerance.min - slack && c <= tolerance.max + slack) return "confirmed";
      const width = Math.max(Math.abs(tolerance.max), Math.abs(tolerance.min)) * DEFAULT_APPROXIMATE;
      return c >= tolerance.min - width && c <= tolerance.max + width ? "approximate" : "discrepant";
    }
  }
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
