// The resources built from the publishers' tables added for the evidence issue: figures checked by hand
// against the files (and their PROVENANCE.md), and cross-checks between independent official files.
import assert from "node:assert/strict";
import { join } from "node:path";
import { load } from "../../lib/analysis/catalog/load.ts";
import { valueAt } from "../../lib/analysis/trade/mod.ts";
import { dateInWords } from "../../lib/analysis/claims/vintage.ts";
import { parseEndUseCsv, parseEndUseWorkbook } from "../../lib/workspace/data/importers/census-enduse.ts";
import { IMPORT_SCHEME, keepEndUseRows } from "../../lib/workspace/data/resources/census-enduse.ts";
import { ROOT } from "../helpers/paths.ts";

const RAW = join(ROOT, "data", "raw");
type Obj = Record<string, unknown>;
const rowsOf = (name: string) => load(name).objects() as Obj[];

Deno.test("BEA by country: Korea's services and goods-and-services figures of the March 2025 vintage", () => {
  const bea = load("bea-trade-by-country");
  const korea = { partner: "Korea, South" };
  // PROVENANCE.md: Korea, services, $ millions, seasonally adjusted.
  const services = [
    ["2017Q1", 6004, 2119, 3884],
    ["2017Q2", 5834, 2112, 3722],
    ["2018Q1", 6261, 2354, 3908],
    ["2018Q2", 5830, 2608, 3222],
  ] as const;
  for (const [period, exports, imports, balance] of services) {
    const where = { ...korea, account: "services", period };
    assert.equal(valueAt(bea, "exports", where), exports, period);
    assert.equal(valueAt(bea, "imports", where), imports, period);
    assert.equal(valueAt(bea, "balance", where), balance, period);
  }
  // Annual goods-and-services balance with Korea (Table 3).
  const balances = { 2013: -7199, 2014: -12678, 2015: -16275, 2016: -14248, 2017: -6648, 2018: -4549 };
  for (const [year, balance] of Object.entries(balances)) {
    assert.equal(valueAt(bea, "balance", { ...korea, account: "goods and services", period: year }), balance);
  }
  // Quarters before 2013 carry a trailing space in the workbook; they are read, and are quarters of their year.
  assert.equal(valueAt(bea, "exports", { ...korea, account: "goods and services", period: "1999Q1" }), 6546);
  const all = rowsOf("bea-trade-by-country");
  assert.equal(new Set(all.map((r) => r.partner)).size, 27, "23 countries, all other countries and 3 areas");
  assert.equal(
    all.filter((r) => r.partner_kind === "country" && r.account === "goods" && r.period === "2018").length,
    23,
  );
  for (const r of all) {
    assert.equal(r.year, Number(String(r.period).slice(0, 4)));
    assert.equal(r.frequency === "QSA", /Q[1-4]$/.test(String(r.period)));
  }
  // n.a. stays empty: Ireland's services quarters start in 2013.
  const ireland = all.find((r) => r.partner === "Ireland" && r.account === "services" && r.period === "2012Q4");
  assert.equal(ireland, undefined, "an all-n.a. row is left out");
  assert.equal(valueAt(bea, "exports", { partner: "Ireland", account: "services", period: "2013Q1" }) > 0, true);
  // (R) marks 2024 Q1–Q3, not Q4.
  const revised = new Set(all.filter((r) => r.revised).map((r) => r.period));
  assert.deepEqual([...revised].sort(), ["2024Q1", "2024Q2", "2024Q3"]);
});

Deno.test("Ministry of Justice: Russian nationals entering Korea in 2019, by month and sex (PROVENANCE.md)", () => {
  const moj = rowsOf("moj-foreign-entrants-monthly");
  const series = (year: number, nationality: string, sex: string) =>
    moj.filter((r) => r.year === year && r.nationality === nationality && r.sex === sex)
      .sort((a, b) => (a.month as number) - (b.month as number)).map((r) => r.entrants);
  assert.deepEqual(
    series(2019, "러시아(연방)", "male"),
    [15908, 12892, 16623, 20630, 20231, 16367, 15668, 15389, 17628, 18976, 16232, 16451],
  );
  assert.deepEqual(
    series(2019, "러시아(연방)", "female"),
    [9843, 7736, 11927, 14061, 13254, 12875, 13365, 14240, 13394, 14936, 10913, 10554],
  );
  // The 2018 file spells the ethnic-Korean row with a space and carries counts; 2019 has it at zero.
  assert.equal(series(2018, "러시아(연방)", "male")[0], 12994);
  assert.equal(series(2018, "한국계러시아인", "female")[0], 825);
  assert.ok(series(2019, "한국계러시아인", "male").every((n) => n === 0));
  // Padding spaces of 2018 names are gone: the same nationality keys both years.
  for (const name of ["중국", "일본", "베트남", "미국"]) {
    assert.equal(series(2018, name, "male").length, 12, `${name} 2018`);
    assert.equal(series(2019, name, "male").length, 12, `${name} 2019`);
  }
  assert.ok(moj.some((r) => r.sex === "other"), "the 2019 file's 제3의성 rows are kept");
  assert.ok(moj.every((r) => (r.year === 2019) === (r.continent !== null)), "continent only in the 2019 file");
});

Deno.test("IMF DOTS, every partner: Russia's imports from China; the bilateral table is a subset of it", () => {
  const partners = load("imf-dots-partners-annual");
  const ru = (partner: string, year: number) =>
    valueAt(partners, "value", { reporter: "RUS", partner_name: partner, flow: "imports", year });
  assert.equal(Math.round(ru("China, P.R.: Mainland", 2009) * 10) / 10, 22_884.6);
  assert.equal(Math.round(ru("China, P.R.: Mainland", 2019) * 10) / 10, 54_066.4);
  const rows = rowsOf("imf-dots-partners-annual");
  for (const name of ["France", "Italy", "Japan", "Mexico", "India", "Korea, Rep. of"]) {
    const row = rows.find((r) => r.reporter === "USA" && r.partner_name === name && r.year === 2018);
    assert.equal(row?.partner_kind, "economy", name);
  }
  const kind = (name: string) => rows.find((r) => r.partner_name === name)?.partner_kind;
  assert.equal(kind("World"), "world");
  assert.equal(kind("Euro Area"), "group");
  assert.equal(kind("European Union"), "group");
  assert.equal(kind("Asia not specified"), "unspecified");
  assert.equal(rows.find((r) => r.partner_name === "France")?.partner_group, "Euro Area");
  // Australia is listed twice in every sheet; it is kept once, in its place under Advanced Economies.
  const australia = rows.filter((r) => r.reporter === "KOR" && r.partner_name === "Australia" && r.year === 2019);
  assert.equal(australia.length, 2, "exports and imports once each");
  assert.ok(australia.every((r) => r.partner_group === "Advanced Economies"));
  // Every row of imf-dots-annual is the same value here.
  const names: Record<string, string> = {
    KOR: "Korea, Rep. of",
    RUS: "Russian Federation",
    USA: "United States",
    SUN: "USSR",
    WLD: "World",
  };
  const bilateral = rowsOf("imf-dots-annual");
  const index = new Map(rows.map((r) => [`${r.reporter}|${r.partner_name}|${r.flow}|${r.year}`, r]));
  for (const b of bilateral) {
    const same = index.get(`${b.reporter}|${names[b.partner as string]}|${b.flow}|${b.year}`);
    assert.ok(same, `${b.reporter}/${b.partner}/${b.flow}/${b.year} missing`);
    assert.equal(same.value, b.value);
    assert.equal(same.estimate, b.estimate);
  }
  // Ranks among economies: China is Russia's largest source of imports in 2019.
  const sources = rows.filter((r) =>
    r.reporter === "RUS" && r.flow === "imports" && r.year === 2019 && r.partner_kind === "economy"
  ).sort((a, b) => (b.value as number) - (a.value as number));
  assert.equal(sources[0].partner_name, "China, P.R.: Mainland");
});

Deno.test("Census country.xlsx: Korea 2011 on the Census basis, and the months agree with the API to the dollar", () => {
  const annual = load("census-goods-by-country-annual");
  const korea = (year: number, flow: string) => valueAt(annual, flow, { cty_code: "5800", year });
  // PROVENANCE.md of census_country_totals_1985_2025.
  assert.equal(korea(2011, "imports"), 56_661.359461);
  assert.equal(korea(2011, "exports"), 43_461.636035);
  assert.equal(korea(2016, "imports"), 69_886.778026);
  assert.equal(korea(2016, "exports"), 42_262.186687);
  assert.equal(korea(2017, "exports"), 48_356.286523);
  const monthly = load("census-goods-by-country-monthly");
  const months2018 = [3_687.774405, 4_356.250852, 5_071.948678, 4_231.744146, 4_933.367172, 4_770.651928, 4_683.482573];
  months2018.forEach((v, i) =>
    assert.equal(valueAt(monthly, "exports", { cty_code: "5800", year: 2018, month: i + 1 }), v)
  );
  // The workbook's zeros for months not yet released are left out, and the partial year is not an annual row.
  const rows2026 = (monthly.objects() as Obj[]).filter((r) => r.year === 2026);
  assert.deepEqual([...new Set(rows2026.map((r) => r.month))], [1]);
  assert.ok(!(annual.objects() as Obj[]).some((r) => r.year === 2026));
  // Two official files of different vintages: Korea's months 2016–2018 are the same dollars in both.
  // (Korea's rows read once from each: 144 lookups, each a scan of the rows kept.)
  const koreaOnly = { where: { cty_code: "5800" } };
  const api = load("census-goods-by-partner-monthly", koreaOnly);
  const countryMonths = load("census-goods-by-country-monthly", koreaOnly);
  for (let year = 2016; year <= 2018; year++) {
    for (let month = 1; month <= 12; month++) {
      for (const flow of ["exports", "imports"]) {
        const a = valueAt(api, flow, { cty_code: "5800", year, month });
        const b = valueAt(countryMonths, flow, { cty_code: "5800", year, month });
        assert.equal(Math.round(b * 1e6), a, `${year}-${month} ${flow}`);
      }
    }
  }
});

Deno.test("Census end use: Korea's autos and fuels (PROVENANCE.md); each table adds up to the country totals", async () => {
  const imports = load("census-enduse-imports");
  const exports = load("census-enduse-exports");
  const m = (code: string, year: number) => valueAt(imports, "value", { cty_code: "5800", end_use: code, year });
  const x = (code: string, year: number) => valueAt(exports, "value", { cty_code: "5800", end_use: code, year });
  assert.equal(m("30000", 2016), 16_070_135_286);
  assert.equal(m("30230", 2016), 6_549_099_810);
  assert.equal(m("30220", 2016), 1_405_999_330);
  assert.equal(m("30200", 2016), 1_081_885_025);
  assert.equal(m("30100", 2016), 1_097_424);
  assert.equal(m("30210", 2016), 88_030);
  assert.equal(m("30110", 2016), 3_000);
  assert.equal(x("30000", 2016), 1_582_135_513);
  assert.equal(x("30230", 2016), 762_992_319);
  assert.equal(x("11100", 2017), 1_114_034_946);
  assert.equal(x("11130", 2017), 1_167_675_719);
  assert.equal(x("11200", 2017), 596_155_320);
  const importRows = rowsOf("census-enduse-imports");
  const exportRows = rowsOf("census-enduse-exports");
  const kept = [...importRows, ...exportRows];
  // Census numbers fuels in group 10 in the import workbook (11xxx is pulp and paper there), in group 11 in the export table.
  assert.ok(importRows.every((r) => /^(3\d{4}|10[0-4]\d\d)$/.test(r.end_use as string)), "imports: end-use 3 and 10");
  assert.ok(exportRows.every((r) => /^(3\d{4}|11[0-4]\d\d)$/.test(r.end_use as string)), "exports: end-use 3 and 11");
  const fuelNames = (rows: Record<string, unknown>[]) =>
    new Set(rows.filter((r) => r.end_use_group === "fuels").map((r) => String(r.category).toLowerCase()));
  for (const names of [fuelNames(importRows), fuelNames(exportRows)]) {
    assert.ok(names.has("crude oil") && names.has("fuel oil"), [...names].join(", "));
    assert.ok(![...names].some((n) => /paper|pulp|newsprint/.test(n)), [...names].join(", "));
  }
  // The export table read with the import workbook's numbering is refused, not misfiled.
  const exportTable = parseEndUseCsv(
    await Deno.readTextFile(join(RAW, "census_enduse_by_country", "enduse_exports.csv")),
    "x.csv",
  );
  assert.throws(
    () => keepEndUseRows(exportTable, "x.csv", IMPORT_SCHEME),
    /end-use 10000 is "Cotton, raw", not crude oil: Census has renumbered its categories/,
  );
  assert.deepEqual(
    [...new Set(kept.map((r) => r.cty_code))].sort(),
    ["0000", "2010", "4279", "4621", "4759", "5330", "5700", "5800", "5880"],
  );
  // Every category of the raw tables, summed for Korea, equals the Census country total to the dollar:
  // the processed export copy agrees with the agency's own country file in every year it predates.
  const annual = load("census-goods-by-country-annual");
  const folder = join(RAW, "census_enduse_by_country");
  const tables = [
    { flow: "exports", rows: exportTable },
    {
      flow: "imports",
      rows: await parseEndUseWorkbook(await Deno.readFile(join(folder, "enduse_imports.xlsx")), "m.xlsx", "EnduseImp"),
    },
  ];
  for (const { flow, rows } of tables) {
    const sums = new Map<number, number>();
    for (const r of rows) if (r.ctyCode === "5800") sums.set(r.year, (sums.get(r.year) ?? 0) + r.value);
    assert.equal(sums.size, 10);
    for (const [year, sum] of sums) {
      const total = Math.round(valueAt(annual, flow, { cty_code: "5800", year }) * 1e6);
      // The export copy predates Census's revisions of 2021 and 2022 (country.xlsx is of March 2026).
      if (flow === "exports" && year >= 2021) assert.notEqual(sum, total, `${flow} ${year} was revised since the copy`);
      else assert.equal(sum, total, `${flow} ${year}`);
    }
  }
});

Deno.test("press: Korea's semiconductor record of August 2017, broken in September", () => {
  const semis = load("press-korea-semiconductor-exports");
  assert.equal(valueAt(semis, "exports", { period: "2017-08", grouping: "MOTIE" }), 8_760);
  assert.equal(valueAt(semis, "yoy", { period: "2017-08", grouping: "MOTIE" }), 56.8);
  assert.equal(valueAt(semis, "exports", { period: "2017-08", grouping: "MSIT" }), 8_930);
  assert.equal(valueAt(semis, "exports", { period: "2017-09", grouping: "MOTIE" }), 9_690);
  assert.equal(valueAt(semis, "exports", { period: "2016-08", grouping: "MOTIE" }), 5_590);
  const descriptor = JSON.parse(Deno.readTextFileSync(join(ROOT, "data", "datapackage.json")));
  const grade = (name: string) => descriptor.resources.find((r: Obj) => r.name === name).grade;
  assert.equal(grade("press-korea-semiconductor-exports"), "secondary");
  assert.equal(grade("census-enduse-exports"), "secondary", "a third party's copy ranks below the agency's file");
  assert.equal(grade("census-enduse-imports"), "official");
});

Deno.test("press: US–Korea motor-vehicle trade as reported from USITC (2011, 2016) and USTR (2016)", () => {
  const rows = rowsOf("press-us-korea-autos");
  const by = (source: string) =>
    rows.filter((r) => String(r.cited).startsWith(source)).map((r) => [r.year, r.product, r.flow, r.value]).sort();
  assert.deepEqual(by("USITC"), [
    [2011, "automobile sector", "balance", -8_100],
    [2011, "passenger cars", "imports", 8_600],
    [2016, "automobile sector", "balance", -14_400],
    [2016, "passenger cars", "imports", 16_000],
  ]);
  assert.deepEqual(by("USTR"), [
    [2016, "all goods", "imports", 69_900],
    [2016, "vehicles", "exports", 2_200],
    [2016, "vehicles", "imports", 24_000],
  ]);
  for (const r of rows) assert.match(r.url as string, /^https?:\/\//);
});

Deno.test("every resource has a vintage its verdicts can print: an ISO date, a basis, and a label without the date", () => {
  const descriptor = JSON.parse(Deno.readTextFileSync(join(ROOT, "data", "datapackage.json")));
  for (const r of descriptor.resources) {
    assert.match(r.vintage.date, /^\d{4}(-\d{2}(-\d{2})?)?$/, r.name);
    assert.ok(["release", "retrieved", "as-printed"].includes(r.vintage.basis), r.name);
    // Verdicts print the label followed by the date in words: the label must not say the date again.
    if (r.vintage.basis !== "as-printed") {
      assert.ok(!r.vintage.label.includes(dateInWords(r.vintage.date)), `${r.name}: the label repeats the date`);
    }
  }
});
