/**
 * Documents and their claims as data (`data/documents.json`), and the checks
 * that keep the records well-formed: every claim has a verbatim quote, a
 * stated value in a known unit, and a tolerance that can be met.
 *
 * @module
 */

import { isUnit, type QuantityValue, type Unit } from "../units.ts";
import { isObject } from "../json.ts";
import { conflictingSettleQueries, type SettleQuery, validateSettleQuery } from "./settle.ts";

/** A source document whose claims are reproduced. */
export interface DocumentRecord {
  /** Short id, also the notebook's file name (`notebooks/<id>.ipynb`). */
  id: string;
  title: string;
  /** Journal, blog, newspaper or agency. */
  publisher: string;
  authors: string[];
  /** ISO date or year-month of publication. */
  date: string;
  url: string | null;
  license: string;
  /** File name of the seed text in `../shared/seeds/`, when there is one. */
  seed?: string;
  /** One-paragraph summary of what the document argues. */
  summary: string;
}

/** How close a computed figure must be for the wording to hold. */
export type Tolerance =
  /** The stated figure is a rounding to `step` (e.g. 0.1 for "$42.3 billion"). */
  | { kind: "rounded"; step: number; approximate?: number }
  /** "about", "approximately": within `relative` (fraction) or `absolute` (stated unit). */
  | { kind: "about"; relative?: number; absolute?: number }
  /** "nearly", "almost": at most the stated value, and within `relative` below it. */
  | { kind: "nearly"; relative: number }
  /** "more than", "over": strictly above. */
  | { kind: "more-than"; approximate?: number }
  /** "less than", "under": strictly below. */
  | { kind: "less-than"; approximate?: number }
  /** Equal: a rank, a year, a yes/no finding. */
  | { kind: "exact" }
  /** Inside a stated range. */
  | { kind: "range"; min: number; max: number };

/** The figure a document states, with its unit. */
export interface StatedValue {
  value: QuantityValue;
  unit: Unit;
}

/** One checkable claim of a document. */
export interface ClaimRecord {
  /** Unique id, `<short-doc>-<what>`, lower-case with dashes. */
  id: string;
  /** Id of the document making the claim. */
  document: string;
  /** The claim's words, verbatim from the document. */
  quote: string;
  /** What is measured, in plain words. */
  subject: string;
  /** The period the claim refers to, e.g. "2011→2016" or "Jan–Jul 2018". */
  period: string;
  stated: StatedValue;
  /** The words that set the tolerance ("more than doubled", "nearly", "about"). */
  wording: string;
  tolerance: Tolerance;
  /**
   * `proposed`: written by `deno task new --from` and not yet accepted by a
   * person. A proposed claim is valid data; the render lists it as proposed
   * when no notebook checks it, instead of failing. Delete the field to
   * accept the record.
   */
  status?: "proposed";
  /**
   * The query that would settle the claim while no data at hand measures it
   * (`deno task update --settle` fetches it, as the resource it names).
   */
  settleBy?: SettleQuery;
}

/** The whole file. */
export interface DocumentsFile {
  documents: DocumentRecord[];
  claims: ClaimRecord[];
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Checks the documents file and returns one message per problem (empty when valid).
 * Messages read `claims[<id>].field: reason`.
 *
 * @example
 * ```ts
 * validateDocuments({ documents: [], claims: [] }); // []
 * ```
 */
export function validateDocuments(json: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(json)) return ["(root): expected an object with documents and claims"];
  const documents = Array.isArray(json.documents) ? json.documents : [];
  const claims = Array.isArray(json.claims) ? json.claims : [];
  if (!Array.isArray(json.documents)) problems.push("documents: expected an array");
  if (!Array.isArray(json.claims)) problems.push("claims: expected an array");

  const docIds = new Set<string>();
  documents.forEach((doc: unknown, index: number) => {
    const at = `documents[${isObject(doc) && typeof doc.id === "string" ? doc.id : index}]`;
    if (!isObject(doc)) return problems.push(`${at}: expected an object`);
    if (typeof doc.id !== "string" || !ID.test(doc.id)) problems.push(`${at}.id: expected a lower-case id with dashes`);
    else if (docIds.has(doc.id)) problems.push(`${at}.id: duplicate document id`);
    else docIds.add(doc.id);
    for (const key of ["title", "publisher", "date", "license", "summary"]) {
      if (typeof doc[key] !== "string" || (doc[key] as string).trim() === "") {
        problems.push(`${at}.${key}: required text`);
      }
    }
    if (!Array.isArray(doc.authors)) problems.push(`${at}.authors: expected an array (empty when unknown)`);
    if (doc.url !== null && typeof doc.url !== "string") problems.push(`${at}.url: expected a URL or null`);
  });

  const claimIds = new Set<string>();
  claims.forEach((claim: unknown, index: number) => {
    const at = `claims[${isObject(claim) && typeof claim.id === "string" ? claim.id : index}]`;
    if (!isObject(claim)) return problems.push(`${at}: expected an object`);
    if (typeof claim.id !== "string" || !ID.test(claim.id)) {
      problems.push(`${at}.id: expected a lower-case id with dashes`);
    } else if (claimIds.has(claim.id)) problems.push(`${at}.id: duplicate claim id`);
    else claimIds.add(claim.id);
    if (typeof claim.document !== "string" || !docIds.has(claim.document)) {
      problems.push(
        `${at}.document: expected the id of a document in this file, got ${JSON.stringify(claim.document)}`,
      );
    }
    if (typeof claim.quote !== "string" || claim.quote.trim().length < 3) {
      problems.push(`${at}.quote: required; copy the claim's words verbatim from the document`);
    }
    for (const key of ["subject", "period", "wording"]) {
      if (typeof claim[key] !== "string" || (claim[key] as string).trim() === "") {
        problems.push(`${at}.${key}: required text`);
      }
    }
    if (claim.status !== undefined && claim.status !== "proposed") {
      problems.push(
        `${at}.status: expected "proposed" or no status (an accepted claim), got ${JSON.stringify(claim.status)}`,
      );
    }
    problems.push(...validateStated(claim.stated, at));
    if (isObject(claim.stated)) {
      problems.push(...validateTolerance(claim.tolerance, claim.stated as unknown as StatedValue, at));
    }
    if (claim.settleBy !== undefined) problems.push(...validateSettleQuery(claim.settleBy, at));
  });
  if (problems.length === 0) problems.push(...conflictingSettleQueries(claims as ClaimRecord[]));
  return problems;
}

function validateStated(stated: unknown, at: string): string[] {
  if (!isObject(stated)) return [`${at}.stated: expected { value, unit }`];
  const problems: string[] = [];
  if (!isUnit(stated.unit)) {
    problems.push(
      `${at}.stated.unit: unknown unit ${
        JSON.stringify(stated.unit)
      }; use one of USD, USD millions, USD billions, percent, ratio, persons, rank, count, boolean, year, text`,
    );
    return problems;
  }
  const expected = stated.unit === "boolean" ? "boolean" : stated.unit === "text" ? "string" : "number";
  if (typeof stated.value !== expected || (expected === "number" && !Number.isFinite(stated.value))) {
    problems.push(
      `${at}.stated.value: a ${stated.unit} claim needs a ${expected} value, got ${JSON.stringify(stated.value)}`,
    );
  }
  if (stated.unit === "rank" && (!Number.isInteger(stated.value) || (stated.value as number) < 1)) {
    problems.push(`${at}.stated.value: a rank is a whole number from 1`);
  }
  return problems;
}

/**
 * Checks that a tolerance is well-formed and can be met by some value.
 *
 * @example
 * ```ts
 * validateTolerance({ kind: "rounded", step: 0 }, { value: 1, unit: "ratio" }, "claims[x]");
 * // ["claims[x].tolerance.step: must be a positive number, e.g. 0.1 for a figure printed to one decimal"]
 * ```
 */
export function validateTolerance(tolerance: unknown, stated: StatedValue, at: string): string[] {
  const where = `${at}.tolerance`;
  if (!isObject(tolerance)) return [`${where}: expected { kind, ... }`];
  const numeric = typeof stated.value === "number";
  const fraction = (v: unknown) => typeof v === "number" && v > 0 && v < 1;
  switch (tolerance.kind) {
    case "rounded":
      if (!numeric) return [`${where}: "rounded" needs a numeric stated value`];
      if (typeof tolerance.step !== "number" || !(tolerance.step > 0)) {
        return [`${where}.step: must be a positive number, e.g. 0.1 for a figure printed to one decimal`];
      }
      if (tolerance.approximate !== undefined && !fraction(tolerance.approximate)) {
        return [`${where}.approximate: must be a fraction between 0 and 1`];
      }
      return [];
    case "about":
      if (!numeric) return [`${where}: "about" needs a numeric stated value`];
      if (tolerance.relative === undefined && tolerance.absolute === undefined) {
        return [`${where}: give relative (a fraction) or absolute (in the stated unit)`];
      }
      if (tolerance.relative !== undefined && !fraction(tolerance.relative)) {
        return [`${where}.relative: must be a fraction between 0 and 1 (0.05 = ±5%)`];
      }
      if (tolerance.absolute !== undefined && !(typeof tolerance.absolute === "number" && tolerance.absolute > 0)) {
        return [`${where}.absolute: must be a positive number`];
      }
      return [];
    case "nearly":
      if (!numeric || (stated.value as number) <= 0) return [`${where}: "nearly" needs a positive stated value`];
      if (!fraction(tolerance.relative)) return [`${where}.relative: must be a fraction between 0 and 1`];
      return [];
    case "more-than":
    case "less-than":
      if (!numeric) return [`${where}: "${tolerance.kind}" needs a numeric stated value`];
      if (tolerance.approximate !== undefined && !fraction(tolerance.approximate)) {
        return [`${where}.approximate: must be a fraction between 0 and 1`];
      }
      return [];
    case "exact":
      return [];
    case "range":
      if (typeof tolerance.min !== "number" || typeof tolerance.max !== "number") {
        return [`${where}: needs numeric min and max`];
      }
      if (tolerance.min > tolerance.max) {
        return [`${where}: min ${tolerance.min} is above max ${tolerance.max}; no value can satisfy it`];
      }
      return [];
    default:
      return [
        `${where}.kind: unknown kind ${
          JSON.stringify(tolerance.kind)
        }; use rounded, about, nearly, more-than, less-than, exact or range`,
      ];
  }
}
