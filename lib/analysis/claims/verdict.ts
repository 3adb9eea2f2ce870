/**
 * The verdict on one claim, as data: the payload of the
 * `application/vnd.claimbook.verdict+json` output that the executor collects
 * into the claim ledger and the site renders.
 *
 * @module
 */

import type { Unit } from "../units.ts";
import type { VintageDescriptor } from "../catalog/datapackage.ts";
import type { BandTexts } from "./tolerance.ts";
import type { VintageNote } from "./vintage.ts";

/** MIME type of a verdict output. */
export const VERDICT_MIME = "application/vnd.claimbook.verdict+json";

/** Schema tag carried by every payload, so that readers can reject old shapes. */
export const VERDICT_SCHEMA = "claimbook.verdict/1";

/** The four outcomes. */
export type VerdictKind = "confirmed" | "approximate" | "discrepant" | "unverifiable";

/** All outcomes, in the order they are shown. */
export const VERDICT_KINDS: readonly VerdictKind[] = ["confirmed", "approximate", "discrepant", "unverifiable"];

/** Grade of the evidence behind a verdict. */
export type Grade = "official series" | "secondary" | "none";

/** A value with its unit and how it reads. */
export interface ShownValue {
  value: number | boolean | string;
  unit: Unit;
  /** The value as people read it, e.g. "$27.6 billion". */
  text: string;
}

/** A source cited by a verdict. */
export interface SourceRef {
  /** Resource name in the data package. */
  resource: string;
  title: string;
  /** Publisher's table or page. */
  source: string;
  url?: string;
  grade: "official" | "secondary";
  /** SHA-256 of the file read, so a reader can tell exactly which file was used. */
  sha256?: string;
  /** When the resource's figures were published or retrieved. */
  vintage?: VintageDescriptor;
  /**
   * The rows of the file the figure was read from (0-based, after the header,
   * sorted), as recorded by the lookup helpers since the previous verdict;
   * absent when none were recorded (the figure was computed with arquero directly).
   */
  rows?: number[];
}

/** The verdict payload. */
export interface VerdictData {
  schema: typeof VERDICT_SCHEMA;
  claim: string;
  document: string;
  quote: string;
  subject: string;
  period: string;
  verdict: VerdictKind;
  stated: ShownValue;
  computed: ShownValue | null;
  difference: { absolute: number; relative: number | null; unit: Unit } | null;
  /** The tolerance the wording implies, in words. */
  tolerance: string;
  /** The values that make the figure confirmed, and those that make it approximate, in words. */
  bands?: BandTexts;
  grade: Grade;
  sources: SourceRef[];
  /** Why the verdict is what it is (for discrepant: the most likely reason). */
  reason: string;
  /** The analyst's note: which reading of the claim was used, caveats. */
  note?: string;
  /** For unverifiable claims (and secondary evidence): the data that would settle it. */
  settle?: string;
  /** Which vintage of the data was judged, and the figure on other vintages. */
  vintage?: VintageNote;
}
