/**
 * What extraction proposes: figures found in a sentence, the period they
 * refer to, and what they measure.
 *
 * @module
 */

import type { Tolerance } from "../../../analysis/claims/schema.ts";
import type { Unit } from "../../../analysis/units.ts";

/** What kind of figure a number is. */
export type FigureKind = "money" | "percent" | "multiple" | "rank" | "count";

/** What a figure measures: a level, a change between two periods, a share of a whole, or a place in a ranking. */
export type Measure = "level" | "change" | "share" | "rank";

/** A calendar year, or some months of it. */
export interface PeriodSpan {
  year: number;
  /** First and last month (1–12); absent for the whole year. */
  months?: [number, number];
}

/** The period a claim refers to: one span, a change from one span to another, or not stated. */
export type Period =
  | { kind: "span"; span: PeriodSpan }
  | { kind: "change"; from: PeriodSpan; to: PeriodSpan }
  | { kind: "unstated"; why: string };

/** What a claim is about, as far as the words tell: for matching it to the data. */
export interface ClaimFeatures {
  /** ISO 3166 alpha-3 codes (and SUN for the Soviet Union, WLD for the world), reporter first when known. */
  reporter?: string;
  partner?: string;
  /** exports, imports, balance (deficit/surplus), total (trade), persons (travellers). */
  flow?: "exports" | "imports" | "balance" | "total" | "persons";
  /** "deficit" or "surplus", when the balance is named. */
  balanceWord?: "deficit" | "surplus";
  /** Product words, lower case (goods, services, autos, semiconductors, steel, oil and gas…). */
  products: string[];
}

/** A number found in a sentence, classified. */
export interface Figure {
  kind: FigureKind;
  /** Offsets in the sentence, end exclusive. */
  start: number;
  end: number;
  /** The figure as printed. */
  text: string;
  /** The value in `unit` (e.g. 42.3 for "$42.3 billion" in USD billions). */
  value: number;
  unit: Unit;
  /** The rounding step the printed figure implies (0.1 for "42.3"; 100 for "$200 million"). */
  step: number;
}

/** A proposed claim record, with what extraction learnt about it. */
export interface Proposal {
  kind: FigureKind;
  measure: Measure;
  /** The shortest span of the text that carries the claim, verbatim. */
  quote: string;
  /** 1-based line of the file where the quote starts. */
  line: number;
  sentence: string;
  value: number;
  unit: Unit;
  /** The words that set the tolerance. */
  wording: string;
  tolerance: Tolerance;
  period: Period;
  /** `up` or `down` for a change; the stated value of a percent change carries the sign. */
  direction?: "up" | "down";
  features: ClaimFeatures;
  /** Notes for the reader (a record named, a second reading…). */
  notes: string[];
}

/** A sentence with numbers that gave no proposal, and why. */
export interface Skipped {
  line: number;
  text: string;
  reason: string;
}

/** The outcome of reading one text. */
export interface Extraction {
  proposals: Proposal[];
  skipped: Skipped[];
}
