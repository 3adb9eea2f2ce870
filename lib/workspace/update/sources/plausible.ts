/**
 * A first check of fetched values against the resource's schema, made while
 * the response they came from is still known, so that a negative or absurd
 * value fails with the URL that served it (the full schema validation of the
 * finished CSV follows).
 *
 * @module
 */

import type { CuratedResource } from "../../data/resources/types.ts";
import { FormatError } from "../../data/errors.ts";

/**
 * Throws a `FormatError` at `where` when a number breaks the field's
 * minimum or maximum.
 *
 * @example
 * ```ts
 * assertPlausible(censusGoodsByPartnerMonthly.descriptor, "exports", 5e15, "https://api.census.gov/… row 7");
 * // throws: …: exports: 5000000000000000 USD is above the maximum 1000000000000 USD; check the unit
 * ```
 */
export function assertPlausible(
  descriptor: Pick<CuratedResource["descriptor"], "name" | "schema">,
  field: string,
  value: number | null,
  where: string,
): void {
  if (value === null) return;
  const spec = descriptor.schema.fields.find((f) => f.name === field);
  if (!spec) throw new Error(`${descriptor.name}: no field ${field} in the schema`);
  const unit = spec.unit ? ` ${spec.unit}` : "";
  const { minimum, maximum } = spec.constraints ?? {};
  if (!Number.isFinite(value)) throw new FormatError(where, `${field}: ${value} is not a finite number`);
  if (minimum !== undefined && value < minimum) {
    throw new FormatError(where, `${field}: ${value}${unit} is below the minimum ${minimum}${unit}`);
  }
  if (maximum !== undefined && value > maximum) {
    throw new FormatError(where, `${field}: ${value}${unit} is above the maximum ${maximum}${unit}; check the unit`);
  }
}
