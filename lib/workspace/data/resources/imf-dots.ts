/**
 * `imf-dots-annual`: annual exports (FOB) and imports (CIF) as reported by
 * Korea, Russia and the United States to the IMF's Direction of Trade
 * Statistics, for each other, the USSR and the world; and
 * `imf-dots-partners-annual`: the same three reporters with every partner
 * of their workbooks (economies, the IMF's groups, residuals).
 *
 * @module
 */

import { type DotsRow, parseDotsWorkbook, parseDotsWorkbookAllPartners } from "../importers/imf-dots.ts";
import type { Row } from "../csv-out.ts";
import { CSV_FILE, type CuratedResource, flag, number, optionalText, text, yearField } from "./types.ts";

const FOLDER = "imf_dots_kor_rus_usa";

/** Reporter workbooks and the partners kept from each (exact IMF names). */
const WORKBOOKS = [
  { file: `${FOLDER}/DOTS_106_korea_rep.xlsx`, partners: ["Russian Federation", "USSR", "United States", "World"] },
  { file: `${FOLDER}/DOTS_162_russian_federation.xlsx`, partners: ["Korea, Rep. of", "World"] },
  { file: `${FOLDER}/DOTS_208_united_states.xlsx`, partners: ["Korea, Rep. of", "Russian Federation", "World"] },
];

/** ISO 3166 alpha-3 codes for the IMF's economy names (SUN = USSR, WLD = world). */
export const DOTS_CODES: Record<string, string> = {
  "Korea, Rep. of": "KOR",
  "Russian Federation": "RUS",
  "United States": "USA",
  "USSR": "SUN",
  "World": "WLD",
};

/**
 * A curated row from a DOTS value whose reporter and partner carry the
 * IMF's names (the workbook and SDMX-JSON give the same rows).
 *
 * @example
 * ```ts
 * dotsRow({ reporter: "Korea, Rep. of", partner: "World", flow: "exports", valuation: "FOB", year: 2019, value: 1, estimate: false });
 * ```
 */
export function dotsRow(r: DotsRow): Row {
  return {
    reporter: DOTS_CODES[r.reporter] ?? r.reporter,
    reporter_name: r.reporter,
    partner: DOTS_CODES[r.partner],
    partner_name: r.partner,
    flow: r.flow,
    valuation: r.valuation,
    year: r.year,
    value: r.value,
    estimate: r.estimate,
  };
}

/** The resource. */
export const imfDotsAnnual: CuratedResource = {
  inputs: WORKBOOKS.map((w) => w.file),
  importer: "lib/workspace/data/importers/imf-dots.ts",
  descriptor: {
    name: "imf-dots-annual",
    path: "imf-dots-annual.csv",
    title: "Bilateral goods trade of Korea, Russia and the US, annual (IMF DOTS)",
    description:
      "Annual goods exports (FOB) and imports (CIF) in US$ millions, as each reporter (Korea, Russia, the United States) reports them to the IMF Direction of Trade Statistics, with each other, the USSR and the world. Korea and the US from 1960, Russia from 1992; Korea has no USSR value for 1982–1990. Each reporter's figures are its own: mirror flows (e.g. Korea's exports to the US and US imports from Korea) differ by valuation, timing and coverage. Values are rounded to 6 decimals (US$ 1) to drop spreadsheet floating-point noise.",
    ...CSV_FILE,
    grade: "official",
    vintage: { date: "2022-02", basis: "retrieved", label: "IMF DOTS workbooks as archived, figures to 2020" },
    schema: {
      fields: [
        text("reporter", "Reporting economy (ISO alpha-3)", { constraints: { enum: ["KOR", "RUS", "USA"] } }),
        text("reporter_name", "Reporting economy as the IMF names it"),
        text("partner", "Partner economy (ISO alpha-3; SUN = USSR, WLD = world)", {
          constraints: { enum: ["KOR", "RUS", "USA", "SUN", "WLD"] },
        }),
        text("partner_name", "Partner economy as the IMF names it"),
        text("flow", "exports or imports, from the reporter's side", { constraints: { enum: ["exports", "imports"] } }),
        text("valuation", "FOB for exports, CIF for imports", { constraints: { enum: ["FOB", "CIF"] } }),
        yearField(),
        number("value", "USD millions", "Value in millions of current US dollars", {
          required: true,
          minimum: 0,
          maximum: 1e7,
        }),
        flag("estimate", "The IMF flags the value as an estimate"),
      ],
      primaryKey: ["reporter", "partner", "flow", "year"],
    },
    sources: [
      {
        title: "IMF, Direction of Trade Statistics (DOTS), country reports (Exports, FOB / Imports, CIF)",
        path: "https://data.imf.org",
        publisher: "International Monetary Fund",
        vintage: "about early 2022 (last year 2020)",
      },
      {
        title:
          "Archived copy: GitHub SamLeBlanc/Direction-of-Trade-Map, data/DOTS/DOTS_106.xlsx, DOTS_162.xlsx, DOTS_208.xlsx",
        path: "https://github.com/SamLeBlanc/Direction-of-Trade-Map",
        vintage: "commit a769819d9b25a21a362d6cabfb10f150903f834d",
      },
    ],
    licenses: [{
      name: "IMF-terms",
      title: "IMF terms of use for data",
      path: "https://www.imf.org/external/terms.htm",
    }],
  },
  async build(raw) {
    const rows: Row[] = [];
    for (const workbook of WORKBOOKS) {
      const parsed = await parseDotsWorkbook(await raw.bytes(workbook.file), workbook.file, workbook.partners);
      for (const r of parsed) rows.push(dotsRow(r));
    }
    return rows;
  },
};

/** Partners the documents compare, beyond the bilateral pairs: the import fails if a workbook lacks one. */
const COMPARED: Record<string, string[]> = {
  [WORKBOOKS[1].file]: ["China, P.R.: Mainland"],
  [WORKBOOKS[2].file]: ["France", "Italy", "Japan", "Mexico", "India", "China, P.R.: Mainland"],
};

const SOURCES = imfDotsAnnual.descriptor.sources;
const LICENSES = imfDotsAnnual.descriptor.licenses;
const VINTAGE = imfDotsAnnual.descriptor.vintage;

/**
 * Every partner of the three reporters' workbooks. A sibling of
 * `imf-dots-annual` rather than a widening of it: the bilateral table stays
 * small and keyed by ISO codes (the partner names of the IMF have no codes in
 * the workbooks), and its rows are the same numbers as here.
 */
export const imfDotsPartnersAnnual: CuratedResource = {
  inputs: WORKBOOKS.map((w) => w.file),
  importer: "lib/workspace/data/importers/imf-dots.ts",
  descriptor: {
    name: "imf-dots-partners-annual",
    path: "imf-dots-partners-annual.csv",
    title: "Goods trade of Korea, Russia and the US with every partner, annual (IMF DOTS)",
    description:
      "Annual goods exports (FOB) and imports (CIF) in US$ millions, as Korea, Russia and the United States each report them to the IMF Direction of Trade Statistics, with every partner row of their country reports: economies (including former ones such as the USSR, Czechoslovakia, Yugoslavia), the IMF's groups, World, and residuals. Partners are keyed by the IMF's name (`China, P.R.: Mainland`, `Korea, Rep. of`, `Russian Federation`, `United States`, `France`, `Italy`, `Japan`, `Mexico`, `India` …). partner_kind: `world`; `group` for an aggregate (Advanced Economies, Euro Area, Emerging and Developing Asia …, Other Countries not included elsewhere, and the memorandum items Africa, Middle East, European Union, fuel and non-fuel exporters), which overlaps the economies it contains; `unspecified` for residuals (Asia not specified, Special Categories, Countries & Areas not specified …); `economy` otherwise. partner_group is the group the IMF lists the partner under. To rank partners, keep partner_kind `economy`. The rows of `imf-dots-annual` are these same values. Korea and the US report from 1960, Russia from 1992, to 2020. Values are rounded to 6 decimals (US$ 1) to drop spreadsheet floating-point noise.",
    ...CSV_FILE,
    grade: "official",
    vintage: VINTAGE,
    schema: {
      fields: [
        text("reporter", "Reporting economy (ISO alpha-3)", { constraints: { enum: ["KOR", "RUS", "USA"] } }),
        text("reporter_name", "Reporting economy as the IMF names it"),
        text("partner_name", "Partner as the IMF names it"),
        text("partner_kind", "economy, group, world or unspecified", {
          constraints: { enum: ["economy", "group", "world", "unspecified"] },
        }),
        optionalText("partner_group", "The IMF group the partner is listed under (empty at the top level)"),
        text("flow", "exports or imports, from the reporter's side", { constraints: { enum: ["exports", "imports"] } }),
        text("valuation", "FOB for exports, CIF for imports", { constraints: { enum: ["FOB", "CIF"] } }),
        yearField(),
        number("value", "USD millions", "Value in millions of current US dollars", {
          required: true,
          minimum: 0,
          maximum: 1e8,
        }),
        flag("estimate", "The IMF flags the value as an estimate"),
      ],
      primaryKey: ["reporter", "partner_name", "flow", "year"],
    },
    sources: SOURCES,
    licenses: LICENSES,
  },
  async build(raw) {
    const rows: Row[] = [];
    for (const workbook of WORKBOOKS) {
      const required = [...workbook.partners, ...(COMPARED[workbook.file] ?? [])];
      for (const r of await parseDotsWorkbookAllPartners(await raw.bytes(workbook.file), workbook.file, required)) {
        rows.push({
          reporter: DOTS_CODES[r.reporter] ?? r.reporter,
          reporter_name: r.reporter,
          partner_name: r.partner,
          partner_kind: r.kind,
          partner_group: r.group || null,
          flow: r.flow,
          valuation: r.valuation,
          year: r.year,
          value: r.value,
          estimate: r.estimate,
        });
      }
    }
    return rows;
  },
};
