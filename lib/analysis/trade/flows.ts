/**
 * Arithmetic of trade flows on quantities with units: balance, growth,
 * multiple, CAGR, share. Money in different units is converted explicitly
 * to the first argument's unit; mixing money with anything else throws.
 *
 * @module
 */

import { convert, isMoney, type NumericQuantity, type Quantity, type Unit } from "../units.ts";

function numeric(q: Quantity, what: string): NumericQuantity {
  if (typeof q.value !== "number" || !Number.isFinite(q.value)) {
    throw new TypeError(`${what} must be a finite number, got ${String(q.value)} (${q.unit})`);
  }
  return q as NumericQuantity;
}

/** Rounds away binary noise so that 0.1 + 0.2 reads 0.3. */
function clean(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/**
 * Trade balance: exports minus imports, in the unit of `exports` (or `unit`).
 * Negative means a deficit for the reporter.
 *
 * @example
 * ```ts
 * balance(usdMillions(42_262.2), usdMillions(69_886.8)); // { value: -27624.6, unit: "USD millions" }
 * ```
 */
export function balance(exports: Quantity, imports: Quantity, unit?: Unit): NumericQuantity {
  const to = unit ?? exports.unit;
  const e = convert(numeric(exports, "exports"), to);
  const i = convert(numeric(imports, "imports"), to);
  return { value: clean(e.value - i.value), unit: to };
}

/**
 * Total trade (exports plus imports), in the unit of `exports` (or `unit`).
 *
 * @example
 * ```ts
 * totalTrade(usdMillions(7_789.8), usdMillions(14_531.5)).value; // 22321.3
 * ```
 */
export function totalTrade(exports: Quantity, imports: Quantity, unit?: Unit): NumericQuantity {
  const to = unit ?? exports.unit;
  return {
    value: clean(convert(numeric(exports, "exports"), to).value + convert(numeric(imports, "imports"), to).value),
    unit: to,
  };
}

/** Change between two values of the same measure. */
export interface Growth {
  /** `to − from`, in the unit of `from`. */
  absolute: NumericQuantity;
  /** Relative change in percent of `|from|`. */
  percent: NumericQuantity;
}

/**
 * Absolute and percentage change from one value to another. For negative
 * bases (deficits) the percentage is relative to the size of the base, so a
 * deficit shrinking from −27.6 to −23.1 is a −16.5 % change in its size only
 * when both are given as deficits; see `deficitChange`.
 *
 * @example
 * ```ts
 * growth(usdMillions(28_545.6), usdMillions(31_735.2)).percent.value; // 11.17...
 * ```
 */
export function growth(from: Quantity, to: Quantity): Growth {
  const a = numeric(from, "from");
  const b = convert(numeric(to, "to"), a.unit);
  if (a.value === 0) throw new RangeError("growth from zero is undefined");
  return {
    absolute: { value: clean(b.value - a.value), unit: a.unit },
    percent: { value: ((b.value - a.value) / Math.abs(a.value)) * 100, unit: "percent" },
  };
}

/**
 * Change in the size of a deficit (or surplus) between two balances: the
 * percentage by which `|to|` differs from `|from|`. Throws when the balance
 * changed sign, since "the deficit fell by x %" then has no meaning.
 *
 * @example
 * ```ts
 * deficitChange(usdMillions(-27_624.6), usdMillions(-23_060.3)).percent.value; // -16.52...
 * ```
 */
export function deficitChange(from: Quantity, to: Quantity): Growth {
  const a = numeric(from, "from");
  const b = convert(numeric(to, "to"), a.unit);
  if (Math.sign(a.value) !== Math.sign(b.value)) {
    throw new RangeError(`the balance changed sign (${a.value} → ${b.value}); a change in its size is undefined`);
  }
  return growth({ value: Math.abs(a.value), unit: a.unit }, { value: Math.abs(b.value), unit: a.unit });
}

/**
 * The size of a deficit as a positive amount: the negated balance. Throws
 * when the balance is a surplus, so a surplus is never reported as a
 * negative deficit.
 *
 * @example
 * ```ts
 * deficitOf(usdMillions(-27_624.6)); // { value: 27624.6, unit: "USD millions" }
 * deficitOf(usdMillions(7_130)); // throws: a surplus, not a deficit
 * ```
 */
export function deficitOf(balance: Quantity): NumericQuantity {
  const b = numeric(balance, "balance");
  if (b.value > 0) {
    throw new RangeError(`the balance ${b.value} (${b.unit}) is a surplus, not a deficit; use the balance itself`);
  }
  return { value: clean(-b.value), unit: b.unit };
}

/**
 * How much a deficit shrank between two balances, as positive amounts: the
 * fall in its size (in the unit of `from`) and that fall in percent of the
 * first deficit. A deficit that grew gives negative amounts; a balance that
 * is or turns into a surplus throws (see `deficitChange`).
 *
 * @example
 * ```ts
 * // The US goods deficit with Korea, 2016 → 2017 (US$ millions):
 * const r = deficitReduction(usdMillions(-27_624.6), usdMillions(-23_060.3));
 * r.absolute.value; // 4564.3
 * r.percent.value; // 16.52...
 * ```
 */
export function deficitReduction(from: Quantity, to: Quantity): Growth {
  const a = numeric(from, "from");
  const b = convert(numeric(to, "to"), a.unit);
  if (a.value >= 0 || b.value > 0) {
    throw new RangeError(
      `deficitReduction needs two deficits (negative balances), got ${a.value} → ${b.value} (${a.unit})`,
    );
  }
  const change = deficitChange(a, b);
  return {
    absolute: { value: clean(-change.absolute.value), unit: a.unit },
    percent: { value: -change.percent.value, unit: "percent" },
  };
}

/**
 * How many times larger `to` is than `from` (an x-fold multiple).
 *
 * @example
 * ```ts
 * multiple(usdMillions(888.8), usdBillions(22.34)).value; // 25.13...
 * ```
 */
export function multiple(from: Quantity, to: Quantity): NumericQuantity {
  const a = numeric(from, "from");
  const b = sameMeasure(a, numeric(to, "to"));
  if (a.value === 0) throw new RangeError("a multiple of zero is undefined");
  return { value: b.value / a.value, unit: "ratio" };
}

/**
 * Compound annual growth rate between two values `years` apart, in percent.
 *
 * @example
 * ```ts
 * cagr(usdMillions(100), usdMillions(121), 2).value; // 10
 * ```
 */
export function cagr(from: Quantity, to: Quantity, years: number): NumericQuantity {
  const a = numeric(from, "from");
  const b = sameMeasure(a, numeric(to, "to"));
  if (years <= 0) throw new RangeError(`years must be positive, got ${years}`);
  if (a.value <= 0 || b.value <= 0) throw new RangeError("CAGR needs two positive values");
  return { value: clean((Math.pow(b.value / a.value, 1 / years) - 1) * 100), unit: "percent" };
}

/**
 * Share of a part in a whole, in percent.
 *
 * @example
 * ```ts
 * share(usdBillions(24), usdBillions(27.6)).value; // 86.95...
 * ```
 */
export function share(part: Quantity, whole: Quantity): NumericQuantity {
  const a = numeric(part, "part");
  const b = convert(numeric(whole, "whole"), a.unit);
  if (b.value === 0) throw new RangeError("a share of zero is undefined");
  return { value: (a.value / b.value) * 100, unit: "percent" };
}

/**
 * Sum of quantities, in the unit of the first.
 *
 * @example
 * ```ts
 * sum([usdMillions(1), usdBillions(0.002)]); // { value: 3, unit: "USD millions" }
 * ```
 */
export function sum(quantities: Quantity[]): NumericQuantity {
  if (quantities.length === 0) throw new RangeError("sum of no quantities");
  const unit = quantities[0].unit;
  let total = 0;
  for (const q of quantities) total += convert(numeric(q, "term"), unit).value;
  return { value: clean(total), unit };
}

/** A value in a period of a series. */
export interface PeriodValue {
  period: number | string;
  value: number;
}

/** A period's value with its change from the previous period. */
export interface PeriodChange extends PeriodValue {
  previous: number | null;
  change: number | null;
  /** Percent change from the previous period (relative to |previous|). */
  percent: number | null;
}

/**
 * Year-over-year (or period-over-period) changes of an ordered series.
 * Periods are sorted; a gap in consecutive integer periods gives nulls
 * rather than a change over two years.
 *
 * @example
 * ```ts
 * yearOverYear([{ period: 2015, value: 100 }, { period: 2016, value: 90 }])[1].percent; // -10
 * ```
 */
export function yearOverYear(series: PeriodValue[]): PeriodChange[] {
  const sorted = [...series].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  return sorted.map((point, index) => {
    const prev = sorted[index - 1];
    const consecutive = prev !== undefined &&
      (typeof point.period !== "number" || typeof prev.period !== "number" || point.period - prev.period === 1);
    if (!prev || !consecutive) return { ...point, previous: null, change: null, percent: null };
    return {
      ...point,
      previous: prev.value,
      change: clean(point.value - prev.value),
      percent: prev.value === 0 ? null : ((point.value - prev.value) / Math.abs(prev.value)) * 100,
    };
  });
}

function sameMeasure(a: NumericQuantity, b: NumericQuantity): NumericQuantity {
  if (isMoney(a.unit) && isMoney(b.unit)) return convert(b, a.unit);
  if (a.unit !== b.unit) throw new TypeError(`cannot compare ${a.unit} with ${b.unit}`);
  return b;
}
