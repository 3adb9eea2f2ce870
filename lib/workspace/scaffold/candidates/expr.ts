/**
 * A computation both as notebook code and as a function run here, built
 * from the same library calls so that the tentative verdict is the one the
 * notebook will give.
 *
 * @module
 */

import type { Table } from "../../../analysis/catalog/load.ts";
import { quantityAt, type RowSelector } from "../../../analysis/trade/lookup.ts";
import { sum } from "../../../analysis/trade/flows.ts";
import { sumPeriods, yearToDate } from "../../../analysis/trade/periods.ts";
import type { NumericQuantity, Unit } from "../../../analysis/units.ts";

/** Code that evaluates to a quantity in the notebook, and the same computation here. */
export interface Expr {
  code: string;
  run: () => NumericQuantity;
  /** Library functions the code calls (for the evaluation against the notebooks). */
  uses: string[];
}

const CONSTRUCTORS: Partial<Record<Unit, string>> = {
  "USD": "usd",
  "USD millions": "usdMillions",
  "USD billions": "usdBillions",
  "percent": "percent",
  "ratio": "ratio",
  "persons": "persons",
  "rank": "rank",
};

/**
 * A quantity literal in notebook code: `usdMillions(expr)`, or `{ value, unit }` for units without a constructor.
 *
 * @example
 * ```ts
 * quantityCode("x.get(\"exports\", 0)", "USD"); // 'usd(x.get("exports", 0))'
 * ```
 */
export function quantityCode(valueCode: string, unit: Unit): string {
  const make = CONSTRUCTORS[unit];
  return make ? `${make}(${valueCode})` : `{ value: ${valueCode}, unit: ${JSON.stringify(unit)} }`;
}

/** Names the constructors that quantity code may call. */
export function constructorOf(unit: Unit): string | undefined {
  return CONSTRUCTORS[unit];
}

/**
 * One cell of a table: `quantityAt(table, column, { … })`.
 *
 * @example
 * ```ts
 * cellAt("dots", dots, "value", { reporter: "USA", partner: "KOR", flow: "exports", year: 2016 }).code;
 * ```
 */
export function cellAt(variable: string, table: Table, column: string, where: RowSelector): Expr {
  return {
    code: `quantityAt(${variable}, ${JSON.stringify(column)}, ${selectorCode(where)})`,
    run: () => quantityAt(table, column, where),
    uses: ["quantityAt"],
  };
}

/**
 * A sum over months of one year from a monthly table, after fixing some columns:
 * `yearToDate(...)` from January, `sumPeriods(...)` otherwise.
 *
 * @example
 * ```ts
 * monthsSum("census", census, { cty_name: "KOREA, SOUTH" }, "exports", "USD", 2018, [1, 7]).code;
 * ```
 */
export function monthsSum(
  variable: string,
  table: Table,
  where: RowSelector,
  column: string,
  unit: Unit,
  year: number,
  months: [number, number],
  monthColumn: string,
  yearColumn: string,
): Expr {
  const filter = filterCode(where);
  const rowsCode = Object.keys(where).length > 0
    ? `${variable}.params(${selectorCode(where)}).filter(${filter})`
    : variable;
  const rows = () => Object.keys(where).length > 0 ? table.params(where).filter(filter) : table;
  const columns = monthColumn === "month" && yearColumn === "year"
    ? ""
    : `, periodColumn: ${JSON.stringify(monthColumn)}, yearColumn: ${JSON.stringify(yearColumn)}`;
  const fromJanuary = months[0] === 1;
  const periods = Array.from({ length: months[1] - months[0] + 1 }, (_, i) => months[0] + i);
  const call = fromJanuary
    ? `yearToDate(${rowsCode}, { year: ${year}, through: ${months[1]}, value: ${JSON.stringify(column)}${columns} })`
    : `sumPeriods(${rowsCode}, { year: ${year}, periods: [${periods.join(", ")}], value: ${
      JSON.stringify(column)
    }${columns} })`;
  const options = { year, value: column, periodColumn: monthColumn, yearColumn };
  return {
    code: quantityCode(`${call}.get(${JSON.stringify(column)}, 0)`, unit),
    run: () => {
      const summed = fromJanuary
        ? yearToDate(rows(), { ...options, through: months[1] })
        : sumPeriods(rows(), { ...options, periods });
      return { value: summed.get(column, 0) as number, unit };
    },
    uses: [fromJanuary ? "yearToDate" : "sumPeriods"],
  };
}

/**
 * The sum of several quantities (the quarters of a half-year, say): `sum([a, b])`.
 *
 * @example
 * ```ts
 * sumOf([cellAt("bea", bea, "balance", { period: "2018Q1" }), cellAt("bea", bea, "balance", { period: "2018Q2" })]).code;
 * // 'sum([quantityAt(bea, "balance", { period: "2018Q1" }), quantityAt(bea, "balance", { period: "2018Q2" })])'
 * ```
 */
export function sumOf(terms: Expr[]): Expr {
  return {
    code: `sum([${terms.map((t) => t.code).join(", ")}])`,
    run: () => sum(terms.map((t) => t.run())),
    uses: ["sum", ...terms.flatMap((t) => t.uses)],
  };
}

/**
 * Applies a library function to expressions: `fn(a, b)` in code, the same call here.
 *
 * @example
 * ```ts
 * apply("balance", balance, [exports2016, imports2016]).code; // "balance(quantityAt(…), quantityAt(…))"
 * ```
 */
export function apply(
  name: string,
  fn: (...args: NumericQuantity[]) => NumericQuantity,
  args: Expr[],
  suffix?: { code: string; pick: (value: unknown) => NumericQuantity },
): Expr {
  return {
    code: `${name}(${args.map((a) => a.code).join(", ")})${suffix?.code ?? ""}`,
    run: () => {
      const result = (fn as (...a: NumericQuantity[]) => unknown)(...args.map((a) => a.run()));
      return suffix ? suffix.pick(result) : result as NumericQuantity;
    },
    uses: [name, ...args.flatMap((a) => a.uses)],
  };
}

/** A selector as code, keys in the order given. */
export function selectorCode(where: RowSelector): string {
  return `{ ${
    Object.entries(where).map(([k, v]) =>
      `${/^[a-z_][a-z0-9_]*$/i.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`
    ).join(", ")
  } }`;
}

/** An arquero filter keeping the rows whose columns equal the parameters of the same names. */
export function filterCode(where: RowSelector): string {
  const access = (k: string) => (/^[a-z_][a-z0-9_]*$/i.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`);
  return `(d, $) => ${Object.keys(where).map((k) => `d${access(k)} === $${access(k)}`).join(" && ")}`;
}
