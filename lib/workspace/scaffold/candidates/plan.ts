/**
 * Candidate computations for one proposed claim: which resource, which
 * rows (reporter, partner, flow, product, period) and which operation of
 * the trade library (valueAt / quantityAt, balance, totalTrade,
 * yearToDate, growth, deficitChange, multiple, share, rankBy) answer it.
 *
 * @module
 */

import type { Table } from "../../../analysis/catalog/load.ts";
import type { RowSelector } from "../../../analysis/trade/lookup.ts";
import { balance, deficitChange, growth, multiple, share, totalTrade } from "../../../analysis/trade/flows.ts";
import { rankBy, rankOf } from "../../../analysis/trade/rank.ts";
import { sumPeriods, sumQuarters } from "../../../analysis/trade/periods.ts";
import { isMoney, type NumericQuantity, ratio } from "../../../analysis/units.ts";
import type { PeriodSpan, Proposal } from "../extract/types.ts";
import { apply, cellAt, type Expr, filterCode, monthsSum, selectorCode, sumOf } from "./expr.ts";
import type { ResourceProfile } from "./profile.ts";

/** The operation a candidate performs, named as in the trade library. */
export type Operation =
  | "valueAt"
  | "balance"
  | "totalTrade"
  | "yearToDate"
  | "growth"
  | "deficitChange"
  | "multiple"
  | "share"
  | "rankBy";

/** One way to compute a claim's figure from the data. */
export interface Plan {
  resource: string;
  variable: string;
  operation: Operation;
  /** In words: which rows, which operation. */
  description: string;
  expr: Expr;
  score: number;
}

/** Why a resource cannot answer a claim. */
export interface Rejection {
  resource: string;
  reason: string;
}

const EQUIVALENT: Record<string, string> = { RUS: "SUN", SUN: "RUS" };
const PRODUCT_WORDS: Record<string, RegExp> = {
  autos: /car|vehicle|auto/i,
  semiconductors: /semiconductor|chip/i,
  steel: /steel/i,
  energy: /oil|gas|petroleum|energy|mineral fuel/i,
  agriculture: /agricultur|farm|food/i,
  phones: /phone/i,
};

/**
 * The plans a resource offers for a claim, or why it offers none.
 *
 * @example
 * ```ts
 * plansFor(proposal, profile); // [{ operation: "balance", description: "USA with KOR, imports − exports, 2016", … }]
 * ```
 */
export function plansFor(p: Proposal, r: ResourceProfile): Plan[] | Rejection {
  const reject = (reason: string): Rejection => ({ resource: r.name, reason });
  const variable = variableName(r.name);
  const spans = spansOf(p);
  if (!spans) return reject("the claim's period is not stated");
  const printsChange = r.valueFields.some((v) => v.unit === "percent" && /(^|_)yoy$/.test(v.name));
  const missing = spans.filter((s) => !r.years.has(s.year));
  // A resource that prints the year-on-year change answers a change claim with the later period alone.
  const laterOnly = missing.length === 1 && spans.length === 2 && missing[0] === spans[0] && printsChange;
  if (missing.length > 0 && !laterOnly) return reject(`no data for ${missing.map((s) => s.year).join(", ")}`);
  if (p.measure === "rank") return rankPlans(p, r, variable, spans[spans.length - 1]);

  // Countries: a reporter column, a partner column, or countries the title names (Russia and the USSR both tried).
  const located = locate(p, r);
  if ("reason" in located) return reject(located.reason);
  const all: Plan[] = [];
  let lastRejection: Rejection | undefined;
  for (const countries of located) {
    const result = plansAt(p, r, variable, spans, laterOnly, countries);
    if (Array.isArray(result)) all.push(...result);
    else lastRejection = result;
  }
  return all.length > 0 ? all : lastRejection ?? reject("no plan");
}

function plansAt(
  p: Proposal,
  r: ResourceProfile,
  variable: string,
  claimSpans: PeriodSpan[],
  laterOnly: boolean,
  countries: Location,
): Plan[] | Rejection {
  const reject = (reason: string): Rejection => ({ resource: r.name, reason });
  const f = p.features;
  let score = countries.score;
  // A quarterly table answers a span that ends inside a quarter (the year to date through July) with the whole
  // quarters within it (January–June), as an analyst reading BEA's quarters does: said in the description, ranked lower.
  let spans = claimSpans;
  let periodNote = "";
  const whole = r.quarterPeriodField && spans.some((s) => !inQuarters(s)) ? spans.map(wholeQuarters) : undefined;
  if (whole?.every((s): s is PeriodSpan => s !== undefined)) {
    periodNote = `; the whole quarters within ${formatSpan(spans[spans.length - 1])} (the table is quarterly)`;
    spans = whole;
    score -= 1;
  }

  // Products: a product the claim names must be a value of a category column (or what the whole resource is about).
  const products = f.products.filter((x) => x !== "goods");
  const where: RowSelector = { ...countries.where };
  const services = /services/.test(r.text);
  if (f.products.includes("services") !== services && !(services && /goods/.test(r.text))) {
    return reject(services ? "a services resource; the claim is about goods" : "no services in this resource");
  }
  for (const product of products.filter((x) => x !== "services")) {
    const pattern = PRODUCT_WORDS[product] ?? new RegExp(product, "i");
    const field = r.categoryFields.find((c) => c.values.some((v) => pattern.test(v)));
    if (field) {
      where[field.name] = field.values.find((v) => pattern.test(v))!;
      score += 3;
    } else if (pattern.test(r.title)) score += 2;
    else return reject(`no ${product} in this resource`);
  }
  // Without a product, a category column's total is the row to read; other splits show up when the plan runs.
  for (const field of r.categoryFields) {
    if (field.name in where) continue;
    const total = field.values.find((v) => /^(all goods|total|all)$/i.test(v));
    if (total && hasRows(r, { ...where, [field.name]: total })) where[field.name] = total;
  }
  // Goods, services or both, as the claim names them ("the goods and services deficit", "the services surplus");
  // a claim naming neither reads both, the whole of the trade.
  if (r.accountField) {
    where[r.accountField.name] = accountOf(p, r.accountField);
    // Only such a resource has services: it is the one to read for them. For goods, a goods table serves as well.
    if (f.products.includes("services")) score += 1;
  }

  // The flow: a flow column, or value columns named after it.
  const flow = countries.swapped && (f.flow === "exports" || f.flow === "imports")
    ? (f.flow === "exports" ? "imports" : "exports")
    : f.flow;
  const money = r.valueFields.filter((v) => isMoney(v.unit));
  const personsField = r.valueFields.find((v) => v.unit === "persons");
  const reading = (column: string, extra: RowSelector = {}) => ({ column, where: { ...where, ...extra } });
  let single: { column: string; where: RowSelector; sign?: "size" } | undefined;
  let pair: { exports: ReturnType<typeof reading>; imports: ReturnType<typeof reading> } | undefined;
  if (flow === "persons" || p.unit === "persons" || p.unit === "count") {
    if (!personsField) return reject("no count of persons");
    single = reading(personsField.name);
  } else if (!flow) {
    return reject("the claim names no flow (exports, imports, balance, trade)");
  } else if (r.flowField) {
    const value = money[0]?.name;
    if (!value) return reject("no money column");
    const has = (v: string) => r.flowField!.values.has(v);
    if (flow === "exports" || flow === "imports") {
      if (!has(flow)) return reject(`no ${flow} rows`);
      single = reading(value, { [r.flowField.name]: flow });
    } else if (flow === "balance" && has("balance")) single = reading(value, { [r.flowField.name]: "balance" });
    else if (flow === "balance" && has("deficit") && f.balanceWord === "deficit") {
      single = { ...reading(value, { [r.flowField.name]: "deficit" }), sign: "size" };
    } else if (has("exports") && has("imports")) {
      pair = {
        exports: reading(value, { [r.flowField.name]: "exports" }),
        imports: reading(value, { [r.flowField.name]: "imports" }),
      };
    } else return reject(`no ${flow} rows`);
  } else {
    const named = (word: string) => money.find((v) => v.name === word || v.name.startsWith(`${word}_`))?.name;
    if (flow === "exports" || flow === "imports") {
      const column = named(flow) ?? (money.length === 1 && money[0].name === "value" ? "value" : undefined);
      if (!column) return reject(`no ${flow} column`);
      single = reading(column);
    } else if (flow === "balance" && named("balance")) single = reading(named("balance")!);
    else if (flow === "total" && named("total")) single = reading(named("total")!);
    else if (named("exports") && named("imports")) {
      pair = { exports: reading(named("exports")!), imports: reading(named("imports")!) };
    } else return reject(`no ${flow} column`);
  }
  if (r.grade === "official") score += 1;
  if (spans.some((s) => s.months) && (r.monthField || (r.quarterPeriodField && spans.every(inQuarters)))) score += 1;

  const at = (column: string, w: RowSelector, span: PeriodSpan): Expr => amount(r, variable, column, w, span);
  // The figure for one period, signed as the claim reads it (a deficit as a positive size).
  const figure = (span: PeriodSpan, signed: boolean): { expr: Expr; op: Operation } => {
    if (single) {
      const e = at(single.column, single.where, span);
      const flip = !signed && flow === "balance" && single.sign !== "size" &&
        deficitHolderIsReporter(p, countries.swapped);
      return { expr: flip ? negate(e) : e, op: e.uses.includes("yearToDate") ? "yearToDate" : "valueAt" };
    }
    const ex = at(pair!.exports.column, pair!.exports.where, span);
    const im = at(pair!.imports.column, pair!.imports.where, span);
    if (flow === "total") return { expr: apply("totalTrade", (a, b) => totalTrade(a, b), [ex, im]), op: "totalTrade" };
    const flip = !signed && deficitHolderIsReporter(p, countries.swapped);
    return { expr: apply("balance", (a, b) => balance(a, b), flip ? [im, ex] : [ex, im]), op: "balance" };
  };

  const plans: Plan[] = [];
  const describe = (op: string) =>
    `${r.title}: ${describeWhere(where, countries.implied)}${flow ? `, ${flow}` : ""}, ${op}${periodNote}`;
  const add = (operation: Operation, expr: Expr, description: string, bonus = 0) =>
    plans.push({ resource: r.name, variable, operation, description, expr, score: score + bonus });

  if (p.measure === "level") {
    const { expr, op } = figure(spans[0], false);
    add(op, expr, describe(formatSpan(spans[0])));
  } else if (p.measure === "change" && spans.length === 2) {
    const [from, to] = spans;
    const a = figure(from, true).expr;
    const b = figure(to, true).expr;
    const isBalance = flow === "balance";
    if (laterOnly) {
      // Only the printed change below.
    } else if (p.kind === "percent") {
      const pick = (g: unknown) => (g as { percent: NumericQuantity }).percent;
      if (isBalance) {
        add(
          "deficitChange",
          apply("deficitChange", deficitChange as never, [a, b], { code: ".percent", pick }),
          describe(`size of the balance, % change ${formatSpan(from)}→${formatSpan(to)}`),
        );
      }
      add(
        "growth",
        apply("growth", growth as never, [a, b], { code: ".percent", pick }),
        describe(`% change ${formatSpan(from)}→${formatSpan(to)}`),
        isBalance ? -1 : 0,
      );
    } else if (p.kind === "multiple") {
      add("multiple", apply("multiple", multiple, [a, b]), describe(`multiple ${formatSpan(from)}→${formatSpan(to)}`));
    } else {
      const pick = (g: unknown) => (g as { absolute: NumericQuantity }).absolute;
      const [x, y] = p.direction === "down" ? [b, a] : [a, b];
      const op = isBalance ? "deficitChange" : "growth";
      const fn = isBalance ? deficitChange : growth;
      add(
        op,
        apply(op, fn as never, [x, y], { code: ".absolute", pick }),
        describe(`${p.direction === "down" ? "fall" : "rise"} ${formatSpan(from)}→${formatSpan(to)}`),
      );
    }
    // A resource that prints the year-on-year change itself.
    const yoy = single &&
      r.valueFields.find((v) => v.unit === "percent" && (v.name === `${single!.column}_yoy` || v.name === "yoy"));
    if (yoy && single && (p.kind === "percent" || p.kind === "multiple")) {
      const printed = at(yoy.name, single.where, to);
      const expr: Expr = p.kind === "percent" ? printed : {
        code: `ratio(1 + ${printed.code}.value / 100)`,
        run: () => ratio(1 + printed.run().value / 100),
        uses: printed.uses,
      };
      add("valueAt", expr, describe(`the printed change (${yoy.name}), ${formatSpan(to)}`), -0.5);
    }
  } else if (p.measure === "share") {
    const field = r.categoryFields.find((c) =>
      c.name in where && !/^(all goods|total|all)$/i.test(String(where[c.name]))
    );
    const total = field?.values.find((v) => /^(all goods|total|all)$/i.test(v));
    if (!field || !total || !single) return reject("no part and whole to divide");
    const part = at(single.column, single.where, spans[0]);
    const whole = at(single.column, { ...single.where, [field.name]: total }, spans[0]);
    add("share", apply("share", share, [part, whole]), describe(`share of ${total}, ${formatSpan(spans[0])}`));
  } else {
    return reject("the claim's period does not give two periods to compare");
  }
  return plans;
}

function rankPlans(p: Proposal, r: ResourceProfile, variable: string, span: PeriodSpan): Plan[] | Rejection {
  const entity = p.features.reporter;
  const field = r.countryFields.find((c) => c.role === "partner" && c.distinct >= 10 && entity && c.values.has(entity));
  if (!field || !entity) return { resource: r.name, reason: "no ranking of partners here" };
  if (!p.features.flow) return { resource: r.name, reason: "the ranking names no trade flow" };
  if (r.quarterPeriodField) return quarterRankPlans(p, r, variable, span, field.name, field.values.get(entity)!);
  if (!r.monthField || !r.yearField) return { resource: r.name, reason: "ranking needs monthly partner data" };
  const money = r.valueFields.filter((v) => isMoney(v.unit)).map((v) => v.name);
  if (!money.includes("exports") || !money.includes("imports")) {
    return { resource: r.name, reason: "no exports and imports" };
  }
  const months: [number, number] = span.months ?? [1, 12];
  const periods = Array.from({ length: months[1] - months[0] + 1 }, (_, i) => months[0] + i);
  const kindField = r.countryFields.length > 0
    ? (r.table.columnNames().includes("kind") ? "kind" : undefined)
    : undefined;
  const countriesOnly: RowSelector = kindField ? { [kindField]: "country" } : {};
  const { value, order } = rankedBy(p);
  const rowsCode = kindField
    ? `${variable}.params(${selectorCode(countriesOnly)}).filter(${filterCode(countriesOnly)})`
    : variable;
  const expr = partnerRank(
    {
      code: [
        `sumPeriods(${rowsCode}, { year: ${span.year}, periods: [${
          periods.join(", ")
        }], value: ["exports", "imports"], by: [${JSON.stringify(field.name)}], complete: "allow" })`,
        `    .derive({ balance: (d) => d.exports - d.imports })`,
      ].join("\n"),
      // A small partner with a month missing does not move the ranks at the top; sum what is there.
      run: () =>
        sumPeriods(kindField ? r.table.params(countriesOnly).filter(filterCode(countriesOnly)) : r.table, {
          year: span.year,
          periods,
          value: ["exports", "imports"],
          by: [field.name],
          complete: "allow",
        }).derive({ balance: "(d) => d.exports - d.imports" }),
      uses: ["sumPeriods"],
    },
    p,
    field.name,
    field.values.get(entity)!,
  );
  return [{
    resource: r.name,
    variable,
    operation: "rankBy",
    description: `${r.title}: rank of ${entity} among partners by ${value} (${order}), ${formatSpan(span)}`,
    expr,
    score: 2 + (r.grade === "official" ? 1 : 0),
  }];
}

/** What a rank claim orders partners by: a deficit by its size (the most negative balance first), else the flow. */
function rankedBy(p: Proposal): { value: string; order: "ascending" | "descending" } {
  const flow = p.features.flow;
  if (flow === "balance") return { value: "balance", order: "ascending" };
  return { value: flow === "imports" ? "imports" : "exports", order: "descending" };
}

/**
 * `rank(rankOf(rankBy(<partners' sums>, …), field, partner))`: the partner's place among the partners summed by
 * `summed`, ranked as the claim reads them (a balance among the deficits only).
 */
function partnerRank(
  summed: { code: string; run: () => Table; uses: string[] },
  p: Proposal,
  field: string,
  partner: string,
): Expr {
  const { value, order } = rankedBy(p);
  const deficitsOnly = value === "balance";
  const code = [
    `rank(rankOf(rankBy(`,
    `  ${summed.code},`,
    `  { value: ${JSON.stringify(value)}, order: ${JSON.stringify(order)}${
      deficitsOnly ? `, where: (d) => d.${value} < 0` : ""
    } },`,
    `), ${JSON.stringify(field)}, ${JSON.stringify(partner)}))`,
  ].join("\n");
  const run = (): NumericQuantity => {
    const ranked = rankBy(summed.run(), {
      value,
      order,
      ...(deficitsOnly ? { where: (d: Record<string, unknown>) => (d[value] as number) < 0 } : {}),
    });
    return { value: rankOf(ranked, field, partner), unit: "rank" };
  };
  return { code, run, uses: [...summed.uses, "rankBy", "rankOf"] };
}

/**
 * A rank among the partners of a table that prints years and quarters (BEA's): the partners' sums over the whole
 * quarters of the claim's span (its year: all four), countries only when a column tells countries from areas, the
 * account the claim names (both goods and services when it names neither).
 */
function quarterRankPlans(
  p: Proposal,
  r: ResourceProfile,
  variable: string,
  claimSpan: PeriodSpan,
  partnerField: string,
  partner: string,
): Plan[] | Rejection {
  const span = wholeQuarters(claimSpan);
  if (!span) return { resource: r.name, reason: `no whole quarter within ${formatSpan(claimSpan)}` };
  const quarters = quartersOf(span);
  const where: RowSelector = {};
  if (r.accountField) where[r.accountField.name] = accountOf(p, r.accountField);
  const kind = r.categoryFields.find((c) => c.values.includes("country"));
  if (kind) where[kind.name] = "country";
  const { value, order } = rankedBy(p);
  if (!r.valueFields.some((v) => v.name === value && isMoney(v.unit))) {
    return { resource: r.name, reason: `no ${value} column` };
  }
  const filtered = Object.keys(where).length > 0;
  const expr = partnerRank(
    {
      code: `sumQuarters(${
        filtered ? `${variable}.params(${selectorCode(where)}).filter(${filterCode(where)})` : variable
      }, ${`{ year: ${span.year}, quarters: [${quarters.join(", ")}], value: ${JSON.stringify(value)}, by: [${
        JSON.stringify(partnerField)
      }], complete: "allow" }`})`,
      run: () =>
        sumQuarters(filtered ? r.table.params(where).filter(filterCode(where)) : r.table, {
          year: span.year,
          quarters,
          value,
          by: [partnerField],
          complete: "allow",
        }),
      uses: ["sumQuarters"],
    },
    p,
    partnerField,
    partner,
  );
  const within = inQuarters(claimSpan)
    ? ""
    : `; the whole quarters within ${formatSpan(claimSpan)} (the table is quarterly)`;
  return [{
    resource: r.name,
    variable,
    operation: "rankBy",
    description: `${r.title}: ${describeWhere(where, [])}, rank of ${partner} among partners by ${value} (${order}), ${
      formatSpan(span)
    }${within}`,
    expr,
    score: 2 + (r.grade === "official" ? 1 : 0) - (within ? 1 : 0),
  }];
}

interface Location {
  where: RowSelector;
  score: number;
  swapped: boolean;
  implied: string[];
}

/** Where the claim's countries are in the resource: every reading that fits, best first. */
function locate(p: Proposal, r: ResourceProfile): Location[] | { reason: string } {
  const named = [p.features.reporter, p.features.partner].filter((c): c is string => Boolean(c));
  if (named.length === 0) return { reason: "the claim names no country" };
  const variants = (code: string) => (EQUIVALENT[code] ? [code, EQUIVALENT[code]] : [code]);
  const found: Location[] = [];
  for (const a of variants(named[0])) {
    for (const b of named[1] ? variants(named[1]) : [undefined]) {
      const one = locateOnce([a, b].filter((c): c is string => Boolean(c)), r);
      if (!("reason" in one)) {
        found.push({ ...one, score: one.score - (a !== named[0] || b !== named[1] ? 0.5 : 0) });
      }
    }
  }
  return found.length > 0 ? found : { reason: `no rows for ${named.join(" and ")}` };
}

function locateOnce(wanted: string[], r: ResourceProfile): Location | { reason: string } {
  const reporterField = r.countryFields.find((c) => c.role === "reporter");
  const partnerField = r.countryFields.find((c) => c.role === "partner");
  const value = (field: typeof reporterField, code: string | undefined) =>
    code === undefined ? undefined : field?.values.get(code);
  const implied = r.impliedCountries;
  const impliedHas = (code: string) => implied.includes(code) || implied.includes(EQUIVALENT[code] ?? "");
  for (const swapped of [false, true]) {
    const [rep, par] = swapped ? [wanted[1], wanted[0]] : [wanted[0], wanted[1]];
    if (swapped && !par) break;
    const where: RowSelector = {};
    let score = swapped ? -1 : 0;
    if (reporterField) {
      const v = value(reporterField, rep);
      if (!v) continue;
      where[reporterField.name] = v;
      score += 2;
    } else if (rep && !impliedHas(rep)) continue;
    // A table of the reporter's own statistics (its title names that country alone: "US goods trade by country")
    // is what a claim about that country's trade quotes: it ranks above a compilation of every reporter's.
    else score += rep && implied.length === 1 && impliedHas(rep) ? 2.5 : 1;
    if (partnerField) {
      const v = value(partnerField, par);
      if (!v) continue;
      where[partnerField.name] = v;
      score += 2;
    } else if (par && !impliedHas(par) && !(par === "WLD" && implied.length <= 1)) continue;
    else if (par) score += 1;
    // Without a reporter column the title's first country reports the figures ("US goods trade with Korea").
    const reportedBy = reporterField
      ? rep
      : implied.find((c) => wanted.includes(c) || wanted.includes(EQUIVALENT[c] ?? ""));
    const flipped = !reporterField && reportedBy !== undefined && reportedBy !== wanted[0] &&
      EQUIVALENT[reportedBy] !== wanted[0];
    return { where, score, swapped: swapped || flipped, implied };
  }
  return { reason: `no rows for ${wanted.join(" and ")}` };
}

/** The amount of one column at one period: one cell of an annual or monthly table, or a sum of months or quarters. */
function amount(r: ResourceProfile, variable: string, column: string, where: RowSelector, span: PeriodSpan): Expr {
  const unit = r.valueFields.find((v) => v.name === column)?.unit ?? "count";
  const ties = Object.fromEntries(r.tieBreakers.map((t) => [t.name, t.value]));
  if (r.quarterPeriodField) {
    const field = r.quarterPeriodField;
    const [first, last] = span.months ?? [1, 12];
    if (first === 1 && last === 12) {
      return cellAt(variable, r.table, column, { ...where, ...ties, [field]: `${span.year}` });
    }
    if (!inQuarters(span)) return failing(`${r.name} has years and quarters; the claim needs ${formatSpan(span)}`);
    return sumOf(
      quartersOf(span).map((q) =>
        cellAt(variable, r.table, column, { ...where, ...ties, [field]: `${span.year}Q${q}` })
      ),
    );
  }
  if (r.periodField && span.months && span.months[0] === span.months[1]) {
    const month = `${span.year}-${String(span.months[0]).padStart(2, "0")}`;
    return cellAt(variable, r.table, column, { ...where, ...ties, [r.periodField]: month });
  }
  if (r.monthField && r.yearField) {
    return monthsSum(
      variable,
      r.table,
      where,
      column,
      unit,
      span.year,
      span.months ?? [1, 12],
      r.monthField,
      r.yearField,
    );
  }
  if (span.months && !(span.months[0] === 1 && span.months[1] === 12)) {
    return failing(`${r.name} has annual figures only; the claim needs ${formatSpan(span)}`);
  }
  if (!r.yearField) return failing(`${r.name} has no year column`);
  return cellAt(variable, r.table, column, { ...where, ...ties, [r.yearField]: span.year });
}

/** A computation that cannot be made: running it throws `reason`, which the candidate list reports. */
function failing(reason: string): Expr {
  return {
    code: "",
    run: () => {
      throw new RangeError(reason);
    },
    uses: [],
  };
}

/** The quarters (1–4) a span of whole quarters covers: January–June → [1, 2]. */
function quartersOf(span: PeriodSpan): number[] {
  const [first, last] = span.months ?? [1, 12];
  return Array.from({ length: (last - first + 1) / 3 }, (_, i) => (first + 2) / 3 + i);
}

/** The account a claim names: goods, services, or both (when it names both, or neither: the whole of the trade). */
function accountOf(p: Proposal, account: NonNullable<ResourceProfile["accountField"]>): string {
  const goods = p.features.products.includes("goods");
  const services = p.features.products.includes("services");
  return goods === services ? account.both : (services ? account.services : account.goods);
}

/** The whole quarters of a span that starts a quarter and ends inside one (January–July → January–June), if any. */
function wholeQuarters(span: PeriodSpan): PeriodSpan | undefined {
  if (inQuarters(span)) return span;
  const [first, last] = span.months ?? [1, 12];
  const end = last - (last % 3);
  return (first - 1) % 3 === 0 && end >= first + 2 ? { ...span, months: [first, end] } : undefined;
}

/** Whether a span is whole quarters of one year (January–June, say). */
function inQuarters(span: PeriodSpan): boolean {
  const [first, last] = span.months ?? [1, 12];
  return (first - 1) % 3 === 0 && last % 3 === 0 && last >= first;
}

function hasRows(r: ResourceProfile, where: RowSelector): boolean {
  return r.table.params(where).filter(filterCode(where)).numRows() > 0;
}

function negate(e: Expr): Expr {
  return {
    code: `{ value: -${e.code}.value, unit: ${e.code}.unit }`,
    run: () => {
      const q = e.run();
      return { value: -q.value, unit: q.unit };
    },
    uses: e.uses,
  };
}

/** "the U.S. deficit with Korea": a deficit of the claim's reporter is a negative balance of the data's reporter, read as a size. */
function deficitHolderIsReporter(p: Proposal, swapped: boolean): boolean {
  const deficit = p.features.balanceWord === "deficit";
  return swapped ? !deficit : deficit;
}

function spansOf(p: Proposal): PeriodSpan[] | undefined {
  if (p.period.kind === "span") return [p.period.span];
  if (p.period.kind === "change") return p.measure === "change" ? [p.period.from, p.period.to] : [p.period.to];
  return undefined;
}

function describeWhere(where: RowSelector, implied: string[]): string {
  const parts = Object.entries(where).map(([k, v]) => `${k} ${v}`);
  return parts.length > 0 ? parts.join(", ") : implied.join("–");
}

function formatSpan(span: PeriodSpan): string {
  if (!span.months) return String(span.year);
  const [a, b] = span.months;
  return a === b ? `${span.year}-${String(a).padStart(2, "0")}` : `${span.year} months ${a}–${b}`;
}

/**
 * The notebook variable for a resource ("imf-dots-annual" → "imfDotsAnnual").
 *
 * @example
 * ```ts
 * variableName("census-goods-by-partner-monthly"); // "censusGoodsByPartnerMonthly"
 * ```
 */
export function variableName(resource: string): string {
  return resource.replace(/[^a-z0-9]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase()).replace(/^[0-9]/, "r$&");
}
