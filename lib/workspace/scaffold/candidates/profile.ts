/**
 * What each resource of the catalog can answer, read from its descriptor
 * and its rows: period columns and the years covered, value columns with
 * their units, country dimensions (reporter or partner, with the values that
 * name each country), a flow dimension, product dimensions, and the
 * countries its title implies. Nothing here names a resource: whatever
 * `data/datapackage.json` lists is profiled.
 *
 * @module
 */

import type { Catalog, Table } from "../../../analysis/catalog/load.ts";
import type { ResourceDescriptor } from "../../../analysis/catalog/datapackage.ts";
import type { Unit } from "../../../analysis/units.ts";
import { COUNTRY_WORDS } from "../extract/features.ts";

/** A string column whose values name countries. */
export interface CountryField {
  name: string;
  role: "reporter" | "partner";
  /** Country code → the value as written in the column. */
  values: Map<string, string>;
  /** How many distinct values the column has (a ranking needs many). */
  distinct: number;
}

/** What a resource can answer. */
export interface ResourceProfile {
  name: string;
  title: string;
  grade: "official" | "secondary";
  /** Title, description and field descriptions, lower case. */
  text: string;
  yearField?: string;
  monthField?: string;
  /** A `yearmonth` column ("2017-09"). */
  periodField?: string;
  /**
   * A column naming years and quarters alike ("2018" for the year's row, "2018Q2" for a quarter's), as BEA
   * prints its periods: a year is read at its own row, part of a year as a sum of quarters.
   */
  quarterPeriodField?: string;
  /**
   * A column splitting trade into goods, services and both ("goods", "services", "goods and services"),
   * with the value for each.
   */
  accountField?: { name: string; goods: string; services: string; both: string };
  years: Set<number>;
  valueFields: { name: string; unit: Unit }[];
  countryFields: CountryField[];
  flowField?: { name: string; values: Set<string> };
  /** Other categorical columns (item, sector, product…), with their values. */
  categoryFields: { name: string; values: string[] }[];
  /** Columns that tell one row of a period from another (e.g. entry), with their first value. */
  tieBreakers: { name: string; value: string | number | boolean }[];
  /** Countries the title names, for a resource without a reporter column. */
  impliedCountries: string[];
  table: Table;
}

const TEXT_FIELDS = /^(quote|url|note|notes|source_cited|cited|label|description|comment|event)$/;

/**
 * Profiles every resource of a catalog (resources that fail to load are skipped with the reason).
 *
 * @example
 * ```ts
 * const { profiles } = profileCatalog(openCatalog());
 * profiles.find((p) => p.name === "imf-dots-annual")?.countryFields.map((f) => f.role); // ["reporter", "partner"]
 * ```
 */
export function profileCatalog(catalog: Catalog): { profiles: ResourceProfile[]; failed: string[] } {
  const profiles: ResourceProfile[] = [];
  const failed: string[] = [];
  for (const name of catalog.names()) {
    try {
      profiles.push(profileResource(catalog.resource(name), catalog.load(name)));
    } catch (error) {
      failed.push(`${name}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  return { profiles, failed };
}

/**
 * Profiles one resource from its descriptor and its loaded table.
 *
 * @example
 * ```ts
 * profileResource(catalog.resource("imf-dots-annual"), load("imf-dots-annual")).yearField; // "year"
 * ```
 */
export function profileResource(resource: ResourceDescriptor, table: Table): ResourceProfile {
  const fields = resource.schema.fields;
  const columns = (name: string) => table.array(name) as unknown[];
  const yearField = fields.find((f) => f.type === "year")?.name;
  const monthField = fields.find((f) => f.name === "month" && f.type === "integer")?.name;
  const periodField = fields.find((f) => f.type === "yearmonth")?.name;
  const quarterPeriodField = fields.find((f) => f.type === "string" && namesYearsAndQuarters(columns(f.name)))?.name;
  const years = new Set<number>();
  if (yearField) { for (const y of columns(yearField)) if (typeof y === "number") years.add(y); }
  for (const field of [periodField, quarterPeriodField]) {
    if (!field) continue;
    for (const p of columns(field)) {
      if (typeof p === "string") years.add(Number(p.slice(0, 4)));
    }
  }
  const valueFields = fields.filter((f) => (f.type === "number" || f.type === "integer") && f.unit)
    .map((f) => ({ name: f.name, unit: f.unit as Unit }));
  const countryFields: CountryField[] = [];
  const categoryFields: { name: string; values: string[] }[] = [];
  let flowField: ResourceProfile["flowField"];
  let accountField: ResourceProfile["accountField"];
  const primaryKey = resource.schema.primaryKey ?? [];
  const tieBreakers: ResourceProfile["tieBreakers"] = [];
  for (const field of fields) {
    if (field.type === "integer" && primaryKey.includes(field.name) && field.name !== monthField) {
      const values = [...new Set(columns(field.name))].filter((v) => typeof v === "number").sort((a, b) => a - b);
      if (values.length > 0) tieBreakers.push({ name: field.name, value: values[0] as number });
    }
    if (field.type === "boolean" && /full_year|calendar_year/.test(field.name)) {
      tieBreakers.push({ name: field.name, value: true });
    }
    if (field.type !== "string" || TEXT_FIELDS.test(field.name) || field.name === quarterPeriodField) continue;
    const values = [...new Set(columns(field.name).filter((v): v is string => typeof v === "string"))];
    if (field.name === "flow") {
      flowField = { name: field.name, values: new Set(values) };
      continue;
    }
    const split = goodsServicesSplit(values);
    if (split) {
      accountField = { name: field.name, ...split };
      continue;
    }
    const codes = new Map<string, string>();
    for (const v of values) {
      const code = countryOf(v);
      if (code && !codes.has(code)) codes.set(code, v);
    }
    if (codes.size > 0 && !/_code$/.test(field.name)) {
      countryFields.push({
        name: field.name,
        role: /reporter/.test(field.name) ? "reporter" : "partner",
        values: codes,
        distinct: values.length,
      });
    } else if (codes.size === 0 && values.length > 1 && values.length <= 200 && !/_code$|_name$/.test(field.name)) {
      categoryFields.push({ name: field.name, values });
    }
  }
  const text = [resource.title, resource.description, ...fields.map((f) => f.description)].filter(Boolean).join(" ")
    .toLowerCase();
  return {
    name: resource.name,
    title: resource.title ?? resource.name,
    grade: resource.grade,
    text,
    yearField,
    monthField,
    periodField,
    quarterPeriodField,
    accountField,
    years,
    valueFields,
    countryFields,
    flowField,
    categoryFields,
    tieBreakers,
    impliedCountries: countriesNamed(resource.title ?? ""),
    table,
  };
}

/**
 * Whether a column's values are years and quarters of years ("2018", "2018Q2"), with at least one quarter.
 *
 * @example
 * ```ts
 * namesYearsAndQuarters(["2017", "2017Q1", "2017Q2"]); // true
 * namesYearsAndQuarters(["2017", "2018"]); // false
 * ```
 */
export function namesYearsAndQuarters(values: unknown[]): boolean {
  let quarters = 0;
  for (const v of values) {
    if (typeof v !== "string" || !/^\d{4}(Q[1-4])?$/.test(v)) return false;
    if (v.length === 6) quarters++;
  }
  return quarters > 0;
}

/** The values of a goods / services / goods-and-services column, or undefined for any other column. */
function goodsServicesSplit(values: string[]): { goods: string; services: string; both: string } | undefined {
  const goods = values.find((v) => /^goods\b(?!.*services)/i.test(v));
  const services = values.find((v) => /^services$/i.test(v));
  const both = values.find((v) => /^goods and services$/i.test(v));
  return goods && services && both && values.length === 3 ? { goods, services, both } : undefined;
}

/**
 * The country a column value names: an ISO code, or a name ("Korea, Rep. of", "KOREA, SOUTH").
 *
 * @example
 * ```ts
 * countryOf("KOREA, SOUTH"); // "KOR"
 * countryOf("Korea, Dem. People's Rep."); // undefined
 * ```
 */
export function countryOf(value: string): string | undefined {
  if (/^(KOR|USA|RUS|SUN|WLD|CHN|JPN|IND|FRA|ITA|MEX|DEU|CAN|VNM)$/.test(value)) return value;
  if (/north|dem\.|democratic|people/i.test(value)) return undefined;
  const found = countriesNamed(value);
  return found.length === 1 ? found[0] : undefined;
}

function countriesNamed(text: string): string[] {
  const words = text.toLowerCase().replace(/[–—/,()]/g, " ").replace(/['’]s\b/g, "").split(/\s+/).filter(Boolean);
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const hit = COUNTRY_WORDS.find(([run]) => run.every((w, j) => words[i + j] === w));
    if (hit && hit[0][0] !== "us") {
      if (!found.includes(hit[1])) found.push(hit[1]);
      i += hit[0].length - 1;
    } else if (words[i] === "us" && text.split(/\s+/).includes("US")) {
      if (!found.includes("USA")) found.push("USA");
    }
  }
  return found;
}
