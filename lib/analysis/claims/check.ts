/**
 * `check(claimId, computed, options)`: compares a figure computed from the
 * data with what a document states, under the tolerance its wording implies,
 * and returns a Verdict that displays as a card in Jupyter and carries the
 * `application/vnd.claimbook.verdict+json` payload for the ledger.
 *
 * @module
 */

import { JUPYTER_DISPLAY } from "../jupyter.ts";
import { openCatalog, provenanceOf } from "../catalog/load.ts";
import { forgetRowsRead, takeRowsRead } from "../catalog/rows-read.ts";
import { convert, formatQuantity, isMoney, type Quantity } from "../units.ts";
import { claim, ClaimError, documentRecord } from "./registry.ts";
import { describeBands, describeTolerance, difference, judge } from "./tolerance.ts";
import { type OtherVintage, vintageNote, vintagesOf } from "./vintage.ts";
import { renderVerdictHtml, renderVerdictText } from "./display.ts";
import {
  type Grade,
  type ShownValue,
  type SourceRef,
  VERDICT_MIME,
  VERDICT_SCHEMA,
  type VerdictData,
  type VerdictKind,
} from "./verdict.ts";

/** What a verdict rests on, and what the analyst says about it. */
export interface CheckOptions {
  /**
   * The data behind the computed figure: tables returned by `load()`, or
   * resource names. Required unless the claim is unverifiable.
   */
  sources?: (object | string)[];
  /** Which reading of the claim was used, caveats, context. */
  note?: string;
  /** For a discrepancy: the most likely reason (otherwise one is derived from the numbers). */
  explain?: string;
  /** What data would settle the claim; required when `computed` is null. */
  settle?: string;
  /**
   * Rounding step of the computed figure, in the stated unit, when the
   * figure is itself rounded (e.g. 10 for a press figure printed as "$890M"),
   * or the width of the range a figure computed from rounded figures may take.
   */
  resolution?: number;
  /**
   * The same figure computed on other vintages of the data (e.g. the IMF's
   * 2022 workbooks beside Census's 2025 figures): each is judged by the same
   * wording, and the card says whether the revision changes the verdict.
   */
  vintages?: { computed: Quantity; sources: (object | string)[] }[];
}

/** A verdict: its data, plus the Jupyter rich display. */
export class Verdict {
  /** The payload collected into the claim ledger. */
  readonly data: VerdictData;

  constructor(data: VerdictData) {
    this.data = data;
  }

  /** The outcome. */
  get verdict(): VerdictKind {
    return this.data.verdict;
  }

  /** Plain-text card (what `console.log` and text-only front ends show). */
  toString(): string {
    return renderVerdictText(this.data);
  }

  /** Rich display for the Deno Jupyter kernel. */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return {
      "text/plain": renderVerdictText(this.data),
      "text/html": renderVerdictHtml(this.data),
      [VERDICT_MIME]: this.data,
    };
  }
}

const session = new Map<string, Verdict>();

/**
 * Verdicts reached in this process, by claim id (the latest per claim).
 *
 * @example
 * ```ts
 * sessionVerdicts().get("kita-2020-trade-2019")?.verdict;
 * ```
 */
export function sessionVerdicts(): ReadonlyMap<string, Verdict> {
  return session;
}

/**
 * Checks a claim against a computed figure.
 *
 * - `computed` is a quantity with its unit (money converts explicitly to the
 *   stated unit; other units must match), or `null` when the data cannot
 *   settle the claim (then `settle` must say what data would).
 * - The evidence grade is `official series` when every source is an official
 *   statistical table, `secondary` when any is a cited press or report figure.
 *
 * @example
 * ```ts
 * const dots = load("imf-dots-annual");
 * check("kita-2020-trade-2019", usdMillions(22_321.3), { sources: [dots] }).verdict; // "confirmed"
 * ```
 */
export function check(claimId: string, computed: Quantity | null, options: CheckOptions = {}): Verdict {
  const record = claim(claimId);
  const stated = record.stated;
  const statedText = describeStated(record.stated, record.wording);
  // The rows each source table had read since the previous verdict (taken once per table).
  const rowsRead = new Map<object, number[] | undefined>();
  const rowsOf = (table: object) => {
    if (!rowsRead.has(table)) rowsRead.set(table, takeRowsRead(table));
    return rowsRead.get(table);
  };
  const sourceRef = (source: object | string) => sourceRefOf(source, claimId, rowsOf);
  const sources = (options.sources ?? []).map(sourceRef);
  for (const other of options.vintages ?? []) {
    for (const source of other.sources) if (typeof source === "object") rowsOf(source);
  }
  forgetRowsRead();
  const base = {
    schema: VERDICT_SCHEMA,
    claim: record.id,
    document: record.document,
    quote: record.quote,
    subject: record.subject,
    period: record.period,
    stated: { value: stated.value, unit: stated.unit, text: statedText },
    tolerance: describeTolerance(stated, record.tolerance),
    bands: describeBands(stated, record.tolerance),
    sources,
    ...(options.note ? { note: options.note } : {}),
    ...(options.settle ? { settle: options.settle } : {}),
  } as const;

  if (computed === null) {
    if (!options.settle) {
      throw new ClaimError(
        `check("${claimId}", null): an unverifiable verdict must say what data would settle it; pass { settle: "..." }`,
      );
    }
    const vintage = vintageNote(vintagesOf(sources), documentRecord(record.document).date, "unverifiable");
    const verdict = new Verdict({
      ...base,
      verdict: "unverifiable",
      computed: null,
      difference: null,
      grade: sources.length === 0 ? "none" : gradeOf(sources),
      reason: options.explain ?? "No official series available here measures this claim.",
      ...(vintage ? { vintage } : {}),
    });
    session.set(claimId, verdict);
    return verdict;
  }

  if (sources.length === 0) {
    throw new ClaimError(
      `check("${claimId}"): name the data behind the figure with { sources: [table or resource name] }`,
    );
  }
  const value = inStatedUnit(computed, stated.unit, claimId);
  const resolution = options.resolution ?? 0;
  if (!(resolution >= 0)) throw new ClaimError(`check("${claimId}"): resolution must be zero or positive`);
  const kind = judge(stated, value, record.tolerance, resolution);
  const diff = difference(stated, value);
  const shown = shownValue(value, stated.unit);
  const others: OtherVintage[] = (options.vintages ?? []).map((other) => {
    const otherSources = other.sources.map(sourceRef);
    const otherValue = inStatedUnit(other.computed, stated.unit, claimId);
    return {
      vintages: vintagesOf(otherSources),
      computed: shownValue(otherValue, stated.unit),
      verdict: judge(stated, otherValue, record.tolerance, resolution),
      sources: otherSources,
    };
  });
  const vintage = vintageNote(vintagesOf(sources), documentRecord(record.document).date, kind, others);
  const verdict = new Verdict({
    ...base,
    verdict: kind,
    computed: shown,
    difference: diff ? { ...diff, unit: stated.unit } : null,
    grade: gradeOf(sources),
    reason: (options.explain ?? defaultReason(kind, base.tolerance, shown.text, diff?.relative ?? null)) +
      (resolution > 0
        ? ` (The computed figure rests on rounded figures: it is known only to within ±${
          formatQuantity({ value: resolution / 2, unit: stated.unit } as Quantity, 3)
        }.)`
        : ""),
    ...(vintage ? { vintage } : {}),
  });
  session.set(claimId, verdict);
  return verdict;
}

function shownValue(value: number | boolean | string, unit: Quantity["unit"]): ShownValue {
  return { value, unit, text: formatQuantity({ value, unit } as Quantity, 3) };
}

function inStatedUnit(computed: Quantity, unit: Quantity["unit"], claimId: string): number | boolean | string {
  if (computed.unit === unit) return computed.value;
  if (isMoney(computed.unit) && isMoney(unit)) return convert(computed, unit).value;
  throw new ClaimError(`check("${claimId}"): the claim states ${unit} but the computed figure is in ${computed.unit}`);
}

function describeStated(stated: Quantity, wording: string): string {
  const plain = formatQuantity(stated, 3);
  return wording.toLowerCase().includes(plain.toLowerCase()) ? plain : `${plain} (“${wording}”)`;
}

function gradeOf(sources: SourceRef[]): Grade {
  if (sources.length === 0) return "none";
  return sources.some((s) => s.grade === "secondary") ? "secondary" : "official series";
}

function defaultReason(kind: VerdictKind, tolerance: string, computed: string, relative: number | null): string {
  const percentOff = relative === null
    ? ""
    : Math.abs(relative) < 0.001
    ? (relative * 100).toPrecision(1)
    : (relative * 100).toFixed(1);
  const off = relative === null ? "" : ` (${percentOff}% from the stated figure)`;
  switch (kind) {
    case "confirmed":
      return `The data give ${computed}, within what the wording allows.`;
    case "approximate":
      return `The data give ${computed}${off}: close, but outside what the wording allows (${tolerance}).`;
    default:
      return `The data give ${computed}${off}, outside what the wording allows (${tolerance}).`;
  }
}

function sourceRefOf(
  source: object | string,
  claimId: string,
  rowsOf: (table: object) => number[] | undefined,
): SourceRef {
  if (typeof source === "string") {
    const resource = openCatalog().resource(source);
    return {
      resource: resource.name,
      title: resource.title ?? resource.name,
      source: resource.sources.map((s) => s.title).join("; "),
      url: resource.sources.find((s) => s.path)?.path,
      grade: resource.grade,
      ...(resource.vintage ? { vintage: resource.vintage } : {}),
    };
  }
  const p = provenanceOf(source);
  if (!p) {
    throw new ClaimError(
      `check("${claimId}"): a source table has no provenance; pass the table returned by load() or its resource name, not a derived table`,
    );
  }
  const rows = rowsOf(source);
  return {
    resource: p.resource,
    title: p.title,
    source: p.sources.map((s) => s.title).join("; "),
    url: p.sources.find((s) => s.path)?.path,
    grade: p.grade,
    sha256: p.sha256,
    ...(p.vintage ? { vintage: p.vintage } : {}),
    ...(rows ? { rows } : {}),
  };
}
