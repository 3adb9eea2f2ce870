/**
 * Units and quantities. Every figure that reaches a verdict carries its unit,
 * and conversions between US$, US$ millions and US$ billions are explicit:
 * nothing is ever inferred from the size of a number.
 *
 * @example
 * ```ts
 * import { convert, usdMillions } from "@lib/analysis/units.ts";
 * convert(usdMillions(27_624.6), "USD billions").value; // 27.6246
 * ```
 * @module
 */

import { formatEnUs } from "./number-format.ts";

/** Money units, all in current US dollars. */
export type MoneyUnit = "USD" | "USD thousands" | "USD millions" | "USD billions";

/** Every unit a field, a claim or a computed figure may carry. */
export type Unit =
  | MoneyUnit
  | "percent"
  | "ratio"
  | "persons"
  | "rank"
  | "count"
  | "boolean"
  | "year"
  | "text";

/** The value of a quantity: a number, or a yes/no or text answer. */
export type QuantityValue = number | boolean | string;

/** A value with its unit. */
export interface Quantity {
  /** The number (or boolean / text for `boolean` / `text` units). */
  value: QuantityValue;
  /** What the value counts. */
  unit: Unit;
}

/** A quantity whose value is a number. */
export interface NumericQuantity extends Quantity {
  value: number;
}

const MONEY_SCALE: Record<MoneyUnit, number> = {
  "USD": 1,
  "USD thousands": 1e3,
  "USD millions": 1e6,
  "USD billions": 1e9,
};

/** All units the workspace knows, for validating descriptors and claims. */
export const UNITS: readonly Unit[] = [
  "USD",
  "USD thousands",
  "USD millions",
  "USD billions",
  "percent",
  "ratio",
  "persons",
  "rank",
  "count",
  "boolean",
  "year",
  "text",
];

/**
 * Whether a string names a known unit.
 *
 * @example
 * ```ts
 * isUnit("USD millions"); // true
 * isUnit("KRW"); // false
 * ```
 */
export function isUnit(unit: unknown): unit is Unit {
  return typeof unit === "string" && (UNITS as readonly string[]).includes(unit);
}

/**
 * Whether a unit is a US-dollar unit.
 *
 * @example
 * ```ts
 * isMoney("USD billions"); // true
 * ```
 */
export function isMoney(unit: Unit): unit is MoneyUnit {
  return unit in MONEY_SCALE;
}

/**
 * Converts a quantity to another unit. Only money units convert between each
 * other; any other pair must already match, otherwise this throws.
 *
 * @example
 * ```ts
 * convert(usd(42_262_200_000), "USD billions"); // { value: 42.2622, unit: "USD billions" }
 * ```
 */
export function convert(quantity: Quantity, to: Unit): NumericQuantity {
  if (typeof quantity.value !== "number") {
    throw new TypeError(`cannot convert a ${quantity.unit} value (${quantity.value}) to ${to}`);
  }
  if (quantity.unit === to) return { value: quantity.value, unit: to };
  if (isMoney(quantity.unit) && isMoney(to)) {
    const factor = MONEY_SCALE[quantity.unit] / MONEY_SCALE[to];
    return { value: roundFloat(quantity.value * factor), unit: to };
  }
  throw new TypeError(`cannot convert ${quantity.unit} to ${to}: the units measure different things`);
}

/**
 * The number a quantity comes to in another unit: `convert(quantity, unit).value`,
 * for tables and text that need a plain number (money converts between US$,
 * thousands, millions and billions; any other unit must already match).
 *
 * @example
 * ```ts
 * valueIn(usd(42_262_186_687), "USD millions"); // 42262.186687
 * valueIn(usdMillions(27_624.6), "USD billions"); // 27.6246
 * ```
 */
export function valueIn(quantity: Quantity, unit: Unit): number {
  return convert(quantity, unit).value;
}

/** Removes binary floating-point noise such as 27.624600000000001. */
function roundFloat(value: number): number {
  return Number.parseFloat(value.toPrecision(15));
}

/**
 * A value in US dollars.
 *
 * @example
 * ```ts
 * usd(1_500); // { value: 1500, unit: "USD" }
 * ```
 */
export function usd(value: number): NumericQuantity {
  return { value, unit: "USD" };
}

/**
 * A value in millions of US dollars.
 *
 * @example
 * ```ts
 * usdMillions(888.8);
 * ```
 */
export function usdMillions(value: number): NumericQuantity {
  return { value, unit: "USD millions" };
}

/**
 * A value in billions of US dollars.
 *
 * @example
 * ```ts
 * usdBillions(27.6);
 * ```
 */
export function usdBillions(value: number): NumericQuantity {
  return { value, unit: "USD billions" };
}

/**
 * A percentage (17.3 means 17.3 %).
 *
 * @example
 * ```ts
 * percent(-2.7);
 * ```
 */
export function percent(value: number): NumericQuantity {
  return { value, unit: "percent" };
}

/**
 * A ratio or multiple (2.09 means 2.09 times).
 *
 * @example
 * ```ts
 * ratio(25.1);
 * ```
 */
export function ratio(value: number): NumericQuantity {
  return { value, unit: "ratio" };
}

/**
 * A count of people.
 *
 * @example
 * ```ts
 * persons(343_057);
 * ```
 */
export function persons(value: number): NumericQuantity {
  return { value, unit: "persons" };
}

/**
 * A position in a ranking (1 = first).
 *
 * @example
 * ```ts
 * rank(9);
 * ```
 */
export function rank(value: number): NumericQuantity {
  return { value, unit: "rank" };
}

/**
 * A count of things, e.g. how many partners cut their deficit.
 *
 * @example
 * ```ts
 * count(5); // { value: 5, unit: "count" }
 * ```
 */
export function count(value: number): NumericQuantity {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`a count is a whole number ≥ 0, got ${value}`);
  return { value, unit: "count" };
}

/**
 * A yes/no finding, e.g. "the balance was negative every year since 2009".
 *
 * @example
 * ```ts
 * yesNo(true);
 * ```
 */
export function yesNo(value: boolean): Quantity {
  return { value, unit: "boolean" };
}

/**
 * A calendar year, e.g. the year a series peaked.
 *
 * @example
 * ```ts
 * year(2015);
 * ```
 */
export function year(value: number): NumericQuantity {
  return { value, unit: "year" };
}

const MONEY_WORD: Record<MoneyUnit, string> = {
  "USD": "",
  "USD thousands": " thousand",
  "USD millions": " million",
  "USD billions": " billion",
};

/**
 * Formats a quantity for people: `$27.6 billion`, `17.3%`, `2.09×`, `9th`.
 *
 * @example
 * ```ts
 * formatQuantity(usdBillions(27.6246)); // "$27.62 billion"
 * formatQuantity(percent(-2.7)); // "−2.7%"
 * ```
 */
export function formatQuantity(quantity: Quantity, digits?: number): string {
  const { value, unit } = quantity;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (isMoney(unit)) {
    return `${value < 0 ? "−" : ""}$${formatNumber(Math.abs(value), digits ?? 2)}${MONEY_WORD[unit]}`;
  }
  switch (unit) {
    case "percent":
      return `${formatNumber(value, digits ?? 1)}%`;
    case "ratio":
      return `${formatNumber(value, digits ?? 2)}×`;
    case "rank":
      return ordinal(value);
    case "year":
      return String(value);
    case "persons":
      return `${formatNumber(value, digits ?? 0)} persons`;
    default:
      return formatNumber(value, digits ?? 2);
  }
}

/**
 * Formats money in a chosen unit: `$27.6 billion`, `$43,461.6 million`.
 *
 * @example
 * ```ts
 * formatMoney(usdMillions(27_624.6)); // "$27.6 billion"
 * formatMoney(usd(-1_195_290_872), "USD millions", 1); // "−$1,195.3 million"
 * ```
 */
export function formatMoney(quantity: Quantity, unit: MoneyUnit = "USD billions", digits = 1): string {
  const converted = convert(quantity, unit);
  const text = formatNumber(Math.abs(converted.value), digits);
  return `${converted.value < 0 ? "−" : ""}$${text}${MONEY_WORD[unit]}`;
}

/**
 * Formats a number with thousands separators and at most `digits` decimals.
 *
 * @example
 * ```ts
 * formatNumber(22321.33, 1); // "22,321.3"
 * ```
 */
export function formatNumber(value: number, digits = 2): string {
  const text = formatEnUs(Math.abs(value), { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return value < 0 ? `−${text}` : text;
}

/**
 * A signed percentage change: `+1.5%`, `−0.026%`, `±0%`. Under 0.1% it keeps
 * one significant digit, so a real difference never reads "0%".
 *
 * @example
 * ```ts
 * formatPercentChange(-0.0256); // "−0.026%"
 * formatPercentChange(4.81); // "+4.8%"
 * ```
 */
export function formatPercentChange(percent: number): string {
  const size = Math.abs(percent);
  const digits = size > 0 && size < 0.1 ? Math.min(6, 1 - Math.floor(Math.log10(size))) : 1;
  const sign = percent < 0 ? "−" : percent > 0 ? "+" : "±";
  return `${sign}${formatNumber(size, digits)}%`;
}

/**
 * English ordinal: 1st, 2nd, 3rd, 9th, 13th.
 *
 * @example
 * ```ts
 * ordinal(13); // "13th"
 * ```
 */
export function ordinal(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return `${value}th`;
  switch (value % 10) {
    case 1:
      return `${value}st`;
    case 2:
      return `${value}nd`;
    case 3:
      return `${value}rd`;
    default:
      return `${value}th`;
  }
}
