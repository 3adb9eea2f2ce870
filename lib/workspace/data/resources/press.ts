/**
 * Secondary resources: figures printed in press pages (each citing an
 * official source), compiled in `data/raw/*_press*`. They enter the data
 * graded `secondary`, each row with the page it came from, and are never
 * mixed into the official series.
 *
 * @module
 */

import {
  parseKoreaMonthlyExportsPress,
  parseKoreaRussiaPress,
  parseKoreaUsPress,
  parseRussianArrivalsPress,
} from "../importers/press.ts";
import { readProse } from "../importers/prose.ts";
import { CSV_FILE, type CuratedResource, flag, number, optionalText, text, yearField } from "./types.ts";

const KR_RU = "kr_ru_press_figures/kr_ru_trade_press_figures.md";
const KR_US = "kr_us_trade_press/kr_us_trade_press_figures.md";
const KTO = "kto_russian_arrivals_press/russian_arrivals_korea_press_figures.md";
const MOTIE = "motie_kr_exports_2016_2017_press/kr_exports_monthly_2016_2018_motie_press.md";
const MOTIE_AUG_2017 = "motie_kr_exports_2016_2017_press/kr_exports_aug_2017_motie_press.md";
const US_PRESS = "secondary_press_citing_us_stats/excerpts.md";
const US_AUTOS = "us_korea_autos_press/us_korea_autos_press_figures.md";

const PRESS_LICENSE = [{
  name: "quoted-figures",
  title: "Figures quoted from news pages for review; the pages' rights remain with their publishers",
}];

const entryField = {
  name: "entry",
  type: "integer" as const,
  description: "Row number among the file's rows for the same period",
  constraints: { required: true, minimum: 1 },
};
const urlField = text("url", "Page that printed the figure");

/** Korea–USSR/Russia trade totals quoted from official Korean sources. */
export const pressKoreaRussiaTrade: CuratedResource = {
  inputs: [KR_RU],
  importer: "lib/workspace/data/importers/press.ts",
  descriptor: {
    name: "press-korea-russia-trade",
    path: "press-korea-russia-trade.csv",
    title: "Korea–USSR/Russia trade as quoted in press pages, 1988–2018 (secondary)",
    description:
      "Korea's total trade, exports, imports and balance with the USSR (1988–1990) and Russia (1992–2018), in US$ millions, as printed in news pages that cite Korean official sources (MOEF, KOTRA, KITA, the Korean Embassy). Rounded as printed; figures for the same year from different pages are kept as separate entries. Not a continuous series.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2019-04",
      basis: "as-printed",
      label: "figures as printed in the cited pages (1991–2019), each row naming its page",
    },
    schema: {
      fields: [
        yearField(),
        entryField,
        text("partner", "USSR before 1992, Russia after", { constraints: { enum: ["USSR", "Russia"] } }),
        optionalText("label", "Qualifier printed beside the year"),
        number("total", "USD millions", "Total trade (exports + imports)"),
        number("exports", "USD millions", "Korea's exports to the partner"),
        number("imports", "USD millions", "Korea's imports from the partner"),
        number("balance", "USD millions", "Korea's trade balance with the partner"),
        flag("approximate", "The page prints the figure as approximate (~, about)"),
        text("source_cited", "Official source the page cites"),
        urlField,
      ],
      primaryKey: ["year", "entry"],
    },
    sources: [{
      title:
        "Press pages citing Korean official trade figures (MOEF, KOTRA, KITA, Korean Embassy), compiled in data/raw/kr_ru_press_figures",
      citation: "see each row's url",
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    return parseKoreaRussiaPress(await raw.text(KR_RU), KR_RU);
  },
};

/** Korea–US trade from the Korean side, quoted. */
export const pressKoreaUsTrade: CuratedResource = {
  inputs: [KR_US],
  importer: "lib/workspace/data/importers/press.ts",
  descriptor: {
    name: "press-korea-us-trade",
    path: "press-korea-us-trade.csv",
    title: "Korea–US goods trade from the Korean side, as quoted, 2012–2017 (secondary)",
    description:
      "Korea's exports to, imports from and surplus with the United States (Korea Customs Service / MOTIE figures) in US$ millions, as printed in public pages. Surpluses that the compiler computed from rounded figures are left empty.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2017-12",
      basis: "as-printed",
      label: "figures as printed in the cited pages (to December 2017), each row naming its page",
    },
    schema: {
      fields: [
        text("period", "Year, or the part of a year, as printed"),
        entryField,
        yearField(),
        flag("calendar_year", "The figure covers a whole calendar year"),
        number("exports", "USD millions", "Korea's exports to the US"),
        number("imports", "USD millions", "Korea's imports from the US"),
        number("balance", "USD millions", "Korea's surplus with the US (printed, not computed)"),
        flag("approximate", "Printed as approximate"),
        text("source_cited", "Official source the page cites"),
        urlField,
      ],
      primaryKey: ["period", "entry"],
    },
    sources: [{
      title:
        "Korea Customs Service / MOTIE figures as republished by US-Korea Connect (KEI) and KBS World Radio, compiled in data/raw/kr_us_trade_press",
      citation: "see each row's url",
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    return parseKoreaUsPress(await raw.text(KR_US), KR_US);
  },
};

/** Russian arrivals in Korea (KTO) as quoted. */
export const pressRussianArrivals: CuratedResource = {
  inputs: [KTO],
  importer: "lib/workspace/data/importers/press.ts",
  descriptor: {
    name: "press-russian-arrivals",
    path: "press-russian-arrivals.csv",
    title: "Russian nationals arriving in Korea, as quoted, 2012–2025 (secondary)",
    description:
      "Arrivals of Russian nationals in Korea (Korea Tourism Organization counts, all purposes except crew), as printed in news pages, with gaps. One direction only: Koreans travelling to Russia are not included. Rounded diplomatic figures are flagged approximate.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2026",
      basis: "as-printed",
      label: "KTO figures as printed in the cited pages (2013–2026), each row naming its page",
    },
    schema: {
      fields: [
        text("period", "Year, or the part of a year, as printed"),
        entryField,
        yearField(),
        flag("full_year", "The figure covers a whole calendar year"),
        number("arrivals", "persons", "Russian nationals arriving in Korea", { required: true, minimum: 0 }),
        flag("approximate", "Printed as approximate or rounded"),
        optionalText("note", "What the page says about the figure"),
        urlField,
      ],
      primaryKey: ["period", "entry"],
    },
    sources: [{
      title:
        "Korea Tourism Organization arrival statistics as quoted in news pages, compiled in data/raw/kto_russian_arrivals_press",
      citation: "see each row's url",
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    return parseRussianArrivalsPress(await raw.text(KTO), KTO);
  },
};

const XINHUA = "http://chinaebr.com/myfw/show.php?itemid=697";

/** Korea's monthly exports (MOTIE) as quoted, with the earlier record cited in Sept 2017. */
export const pressKoreaExportsMonthly: CuratedResource = {
  inputs: [MOTIE],
  importer: "lib/workspace/data/importers/press.ts",
  descriptor: {
    name: "press-korea-exports-monthly",
    path: "press-korea-exports-monthly.csv",
    title: "Korea's monthly goods exports and imports, as released by MOTIE, selected months 2014–2018 (secondary)",
    description:
      "Korea's total goods exports and imports in US$ millions with year-over-year change in percent, from the Ministry of Trade, Industry and Energy's monthly releases (preliminary customs data) as published or reported. Selected months only; October 2014 is the previous monthly record cited in the September 2017 release.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2018-10",
      basis: "as-printed",
      label: "MOTIE flash figures as first released (to October 2018), each row naming its page",
    },
    schema: {
      fields: [
        { name: "period", type: "yearmonth", description: "Month", constraints: { required: true, unique: true } },
        number("exports", "USD millions", "Korea's total goods exports", { required: true, minimum: 0 }),
        number("exports_yoy", "percent", "Change from the same month a year earlier"),
        number("imports", "USD millions", "Korea's total goods imports"),
        number("imports_yoy", "percent", "Change from the same month a year earlier"),
        number("balance", "USD millions", "Trade balance"),
        optionalText("note", "What the release says about the figure"),
        urlField,
      ],
      primaryKey: ["period"],
    },
    sources: [{
      title:
        "Korea Ministry of Trade, Industry and Energy (MOTIE), monthly export/import releases (preliminary customs data), as published or reported; compiled in data/raw/motie_kr_exports_2016_2017_press",
      citation: "see each row's url",
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    const markdown = await raw.text(MOTIE);
    const months = parseKoreaMonthlyExportsPress(markdown, MOTIE);
    const earlier = readProse(markdown, [{
      quote: "previous high $51.63B, Oct 2014",
      fields: {
        period: "2014-10",
        note: "previous monthly record, as cited in the September 2017 release",
        url: XINHUA,
      },
      parts: [{ column: "exports", kind: "money-millions", find: /\$[\d.]+B/ }],
    }], MOTIE).map(({ quote: _quote, approximate: _approximate, ...row }) => ({
      exports_yoy: null,
      imports: null,
      imports_yoy: null,
      balance: null,
      ...row,
    }));
    return [...months, ...earlier];
  },
};

/** Korea's exports of single items in September 2017, as quoted. */
export const pressKoreaExportItems: CuratedResource = {
  inputs: [MOTIE],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "press-korea-export-items",
    path: "press-korea-export-items.csv",
    title: "Korea's exports of semiconductors and steel, September 2017, as reported (secondary)",
    description:
      "Korea's exports of single items in US$ millions with year-over-year change in percent, from MOTIE's September 2017 release as reported by Xinhua and Korea JoongAng Daily. Each row keeps the excerpt it was read from.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2017-10-02",
      basis: "as-printed",
      label: "MOTIE flash figures for September 2017 as reported in October 2017, each row naming its page",
    },
    schema: {
      fields: [
        { name: "period", type: "yearmonth", description: "Month", constraints: { required: true } },
        text("item", "Export item"),
        number("exports", "USD millions", "Exports of the item", { required: true, minimum: 0 }),
        number("yoy", "percent", "Change from the same month a year earlier"),
        flag("record", "The release calls it a monthly record"),
        flag("approximate", "Printed as approximate"),
        text("quote", "Excerpt the figures were read from"),
        urlField,
      ],
      primaryKey: ["period", "item"],
    },
    sources: [{
      title:
        "MOTIE September 2017 export release, as reported by Xinhua (2017-10-01) and Korea JoongAng Daily (2017-10-02); compiled in data/raw/motie_kr_exports_2016_2017_press",
      citation: XINHUA,
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    return readProse(await raw.text(MOTIE), [
      {
        quote: "Semiconductors: $9.69B, +70% y/y (monthly record)",
        fields: { period: "2017-09", item: "semiconductors", record: true, url: XINHUA },
        parts: [
          { column: "exports", kind: "money-millions", find: /\$[\d.]+B/ },
          { column: "yoy", kind: "percent", find: /\+\d+(?:\.\d+)?% y\/y/ },
        ],
      },
      {
        quote: "Steel: $4.67B (monthly record) — Xinhua; JoongAng: steel shipments +107.2% y/y",
        fields: { period: "2017-09", item: "steel", record: true, url: XINHUA },
        parts: [
          { column: "exports", kind: "money-millions", find: /\$[\d.]+B/ },
          { column: "yoy", kind: "percent", find: /\+\d+(?:\.\d+)?% y\/y/ },
        ],
      },
    ], MOTIE);
  },
};

const DONGA =
  "http://www.donga.com/en/article/all/20170902/1047080/1/Korea-s-semiconductor-export-surpasses-8-7-billion-dollars-in-August";
const KOREA_HERALD = "http://www.koreaherald.com/view.php?ud=20170913000509";

/** Korea's monthly semiconductor exports around the September 2017 record, as reported. */
export const pressKoreaSemiconductorExports: CuratedResource = {
  inputs: [MOTIE, MOTIE_AUG_2017],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "press-korea-semiconductor-exports",
    path: "press-korea-semiconductor-exports.csv",
    title: "Korea's semiconductor exports, August 2016, August and September 2017, as reported (secondary)",
    description:
      "Korea's semiconductor exports in US$ millions with year-over-year change in percent, from MOTIE's monthly releases of 1 September and 1 October 2017 as reported by Dong-A Ilbo and Xinhua; `grouping` MOTIE is the trade ministry's item classification. The Ministry of Science and ICT groups semiconductors differently in its ICT-export statistics (grouping MSIT, as reported by Yonhap): the two are not the same series. Each row keeps the excerpt it was read from.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2017-10",
      basis: "as-printed",
      label: "MOTIE and MSIT flash figures as first released, each row naming its page",
    },
    schema: {
      fields: [
        { name: "period", type: "yearmonth", description: "Month", constraints: { required: true } },
        text("grouping", "MOTIE (trade ministry items) or MSIT (ICT-export statistics)", {
          constraints: { enum: ["MOTIE", "MSIT"] },
        }),
        number("exports", "USD millions", "Semiconductor exports", { required: true, minimum: 0 }),
        number("yoy", "percent", "Change from the same month a year earlier"),
        flag("record", "The release calls it the highest monthly figure ever"),
        flag("approximate", "Printed as approximate"),
        text("quote", "Excerpt the figures were read from"),
        urlField,
      ],
      primaryKey: ["period", "grouping"],
    },
    sources: [{
      title:
        "MOTIE monthly export releases of 1 September and 1 October 2017, as reported by Dong-A Ilbo (2017-09-02) and Xinhua (2017-10-01); MSIT ICT-export statistics as reported by Yonhap (Korea Herald, 2017-09-13); compiled in data/raw/motie_kr_exports_2016_2017_press",
      citation: DONGA,
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    const august = await raw.text(MOTIE_AUG_2017);
    const money = { column: "exports", kind: "money-millions" as const };
    const rows = readProse(august, [
      {
        quote: 'Semiconductors: **$8.76B**, +56.8% y/y, "the highest ever for a monthly figure"',
        fields: { period: "2017-08", grouping: "MOTIE", record: true, url: DONGA },
        parts: [
          { ...money, find: /\*\*(\$[\d.]+B)\*\*/ },
          { column: "yoy", kind: "percent", find: /\+\d+(?:\.\d+)?% y\/y/ },
        ],
      },
      {
        quote: "(August 2016: $5.59B)",
        fields: { period: "2016-08", grouping: "MOTIE", record: false, url: DONGA },
        parts: [{ ...money, find: /\$[\d.]+B/ }],
      },
      {
        quote: "give semiconductors $8.93B (+59.8%) for August 2017",
        fields: { period: "2017-08", grouping: "MSIT", record: false, url: KOREA_HERALD },
        parts: [
          { ...money, find: /\$[\d.]+B/ },
          { column: "yoy", kind: "percent", find: /\+\d+(?:\.\d+)?%/ },
        ],
      },
    ], MOTIE_AUG_2017);
    const september = readProse(await raw.text(MOTIE), [{
      quote: "Semiconductors: $9.69B, +70% y/y (monthly record)",
      fields: { period: "2017-09", grouping: "MOTIE", record: true, url: XINHUA },
      parts: [
        { ...money, find: /\$[\d.]+B/ },
        { column: "yoy", kind: "percent", find: /\+\d+(?:\.\d+)?% y\/y/ },
      ],
    }], MOTIE);
    return [...rows, ...september].map((r) => ({ yoy: null, ...r }));
  },
};

const INSIDE_US_TRADE =
  "https://prosperousamerica.org/u-s-auto-imports-from-korea-surge-in-first-month-after-tariffs-lifted/";
const CENSUS_VIA_IUT = "U.S. Census Bureau, as reported by Inside US Trade (2016-03-18)";

/** US goods trade with Korea as quoted by the press (2011 and 2015 figures). */
export const pressUsKoreaGoods: CuratedResource = {
  inputs: [US_PRESS],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "press-us-korea-goods",
    path: "press-us-korea-goods.csv",
    title: "US goods trade with Korea as reported by the press, 2011 and 2015 (secondary)",
    description:
      "US goods exports to, imports from and balance with Korea, all goods and passenger cars, in US$ millions, as Inside US Trade reported Census Bureau figures in March 2016 (first-published vintage). Used only where no official file for 2011 on the Census basis is at hand.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2016-03-18",
      basis: "as-printed",
      label: "Census figures as first published, reported by Inside US Trade in March 2016",
    },
    schema: {
      fields: [
        yearField(),
        text("product", "all goods, or passenger cars", { constraints: { enum: ["all goods", "passenger cars"] } }),
        text("flow", "exports, imports or balance (US side)", {
          constraints: { enum: ["exports", "imports", "balance"] },
        }),
        number("value", "USD millions", "Value; a balance is negative for a US deficit", { required: true }),
        flag("approximate", "Printed as approximate"),
        text("cited", "Official source the page cites"),
        text("quote", "Excerpt the figure was read from"),
        urlField,
      ],
      primaryKey: ["year", "product", "flow"],
    },
    sources: [{
      title:
        "Inside US Trade (reprinted by Prosperous America), 2016-03-18, citing U.S. Census Bureau figures; compiled in data/raw/secondary_press_citing_us_stats",
      citation: INSIDE_US_TRADE,
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    const base = { cited: CENSUS_VIA_IUT, url: INSIDE_US_TRADE };
    const rows = readProse(await raw.text(US_PRESS), [
      {
        quote: "U.S. goods exports to Korea: ~ $43.5B in both 2011 and 2015",
        fields: { ...base, year: 2011, product: "all goods", flow: "exports" },
        parts: [{ column: "value", kind: "money-millions", find: /~ \$[\d.]+B/ }],
      },
      {
        quote: "U.S. goods exports to Korea: ~ $43.5B in both 2011 and 2015",
        fields: { ...base, year: 2015, product: "all goods", flow: "exports" },
        parts: [{ column: "value", kind: "money-millions", find: /~ \$[\d.]+B/ }],
      },
      {
        quote: "U.S. goods imports from Korea: $56.6B (2011) -> $71.8B (2015)",
        fields: { ...base, year: 2011, product: "all goods", flow: "imports" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+B) \(2011\)/ }],
      },
      {
        quote: "U.S. goods imports from Korea: $56.6B (2011) -> $71.8B (2015)",
        fields: { ...base, year: 2015, product: "all goods", flow: "imports" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+B) \(2015\)/ }],
      },
      {
        quote: "Total U.S.–Korea goods deficit: $13.2B (2011) -> $28.3B (2015)",
        fields: { ...base, year: 2011, product: "all goods", flow: "balance" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+B) \(2011\)/ }],
      },
      {
        quote: "Total U.S.–Korea goods deficit: $13.2B (2011) -> $28.3B (2015)",
        fields: { ...base, year: 2015, product: "all goods", flow: "balance" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+B) \(2015\)/ }],
      },
      {
        quote: "Bilateral deficit in passenger cars rose from $8.2B in 2011 to $15.9B in 2015",
        fields: { ...base, year: 2011, product: "passenger cars", flow: "balance" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+B) in 2011/ }],
      },
      {
        quote: "Bilateral deficit in passenger cars rose from $8.2B in 2011 to $15.9B in 2015",
        fields: { ...base, year: 2015, product: "passenger cars", flow: "balance" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+B) in 2015/ }],
      },
    ], US_PRESS);
    // The page prints deficits as positive amounts; the balance column is negative for a US deficit.
    return rows.map((r) => (r.flow === "balance" ? { ...r, value: -(r.value as number) } : r));
  },
};

const HANKYOREH = "http://english.hani.co.kr/arti/english_edition/e_business/809933.html";
const STEEL_MARKET_UPDATE = "https://steelmarketupdate.com/2018/01/08/korus-talks-focus-on-auto-trade-deficit";
const USITC_VIA_HANKYOREH = "USITC statistics accessed 2017-09-05, as reported by The Hankyoreh (2017-09-06)";
const USTR_VIA_SMU = "USTR statistics, as reported by Steel Market Update (2018-01-08)";

/** US trade with Korea in motor vehicles, 2011 and 2016, as the press reported USITC and USTR figures. */
export const pressUsKoreaAutos: CuratedResource = {
  inputs: [US_AUTOS],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "press-us-korea-autos",
    path: "press-us-korea-autos.csv",
    title: "US trade with Korea in motor vehicles, 2011 and 2016, as reported from USITC and USTR figures (secondary)",
    description:
      'US imports of passenger cars from Korea and the US deficit with Korea in the automobile sector, 2011 and 2016, as The Hankyoreh read them from USITC statistics in September 2017; US imports of vehicles from Korea, all goods imported from Korea, and US vehicle exports to Korea in 2016, as Steel Market Update reported USTR statistics in January 2018. US$ millions; a balance is negative for a US deficit. The pages do not say which products their "automobile sector" or "vehicles" cover, so the two sources need not agree with each other or with Census end-use 3. No official file of US–Korea trade in motor vehicles for 2011 was found; these rows only say what was published.',
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2018-01-08",
      basis: "as-printed",
      label: "USITC and USTR figures as reported in September 2017 and January 2018, each row naming its page",
    },
    schema: {
      fields: [
        yearField(),
        text("product", "What the page says the figure covers", {
          constraints: { enum: ["automobile sector", "passenger cars", "vehicles", "all goods"] },
        }),
        text("flow", "exports, imports or balance (US side)", {
          constraints: { enum: ["exports", "imports", "balance"] },
        }),
        text("cited", "Official source the page names"),
        number("value", "USD millions", "Value; a balance is negative for a US deficit", { required: true }),
        flag("approximate", "Printed as approximate"),
        text("quote", "Excerpt the figure was read from"),
        urlField,
      ],
      primaryKey: ["year", "product", "flow", "cited"],
    },
    sources: [{
      title:
        "USITC statistics as reported by The Hankyoreh (2017-09-06); USTR statistics as reported by Steel Market Update (2018-01-08); compiled in data/raw/us_korea_autos_press",
      citation: HANKYOREH,
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    const hankyoreh = { cited: USITC_VIA_HANKYOREH, url: HANKYOREH };
    const smu = { cited: USTR_VIA_SMU, url: STEEL_MARKET_UPDATE, year: 2016 };
    const deficit =
      "The US trade deficit with South Korea in the sector increased from US$8.1 billion in 2011 to US$14.4 billion in 2016.";
    const cars =
      "Looking at passenger cars in particular, the import value of South Korean vehicles increased from US$8.6 billion in 2011 to US$16 billion in 2016.";
    const vehicles =
      "According to USTR statistics, vehicles represented $24 billion of the $69.9 billion of goods imported from Korea in 2016.";
    const rows = readProse(await raw.text(US_AUTOS), [
      {
        quote: deficit,
        fields: { ...hankyoreh, year: 2011, product: "automobile sector", flow: "balance" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+ billion) in 2011/ }],
      },
      {
        quote: deficit,
        fields: { ...hankyoreh, year: 2016, product: "automobile sector", flow: "balance" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+ billion) in 2016/ }],
      },
      {
        quote: cars,
        fields: { ...hankyoreh, year: 2011, product: "passenger cars", flow: "imports" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+ billion) in 2011/ }],
      },
      {
        quote: cars,
        fields: { ...hankyoreh, year: 2016, product: "passenger cars", flow: "imports" },
        parts: [{ column: "value", kind: "money-millions", find: /(\$[\d.]+ billion) in 2016/ }],
      },
      {
        quote: vehicles,
        fields: { ...smu, product: "vehicles", flow: "imports" },
        parts: [{ column: "value", kind: "money-millions", find: /represented (\$[\d.]+ billion)/ }],
      },
      {
        quote: vehicles,
        fields: { ...smu, product: "all goods", flow: "imports" },
        parts: [{ column: "value", kind: "money-millions", find: /of the (\$[\d.]+ billion)/ }],
      },
      {
        quote: "Vehicle exports from the U.S. to Korea totaled $2.2 billion.",
        fields: { ...smu, product: "vehicles", flow: "exports" },
        parts: [{ column: "value", kind: "money-millions", find: /\$[\d.]+ billion/ }],
      },
    ], US_AUTOS);
    // The page prints the deficit as a positive amount; the balance column is negative for a US deficit.
    return rows.map((r) => (r.flow === "balance" ? { ...r, value: -(r.value as number) } : r));
  },
};

const HYUNDAI = "https://bizhankook.com/bk/article/9680";
const SPUTNIK =
  "https://sputnikglobe.com/20140616/Visa-Free-Regime-between-Russia-South-Korea-Boosts-Tourist-190556817.html";

/** Travellers between Korea and Russia in both directions, as quoted. */
export const pressKoreaRussiaExchange: CuratedResource = {
  inputs: [KTO],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "press-korea-russia-exchange",
    path: "press-korea-russia-exchange.csv",
    title: "People travelling between Korea and the USSR/Russia, both directions, as quoted (secondary)",
    description:
      "Person-to-person exchange between Korea and the USSR/Russia (travellers in both directions), as the Hyundai Research Institute reported in 2015. Only 1990 and 2014 are given; no two-way figure for 2019 was found.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2015",
      basis: "as-printed",
      label: "the Hyundai Research Institute's figures of 2015 as quoted by Bizhankook",
    },
    schema: {
      fields: [
        yearField(),
        number("travellers", "persons", "Travellers in both directions", { required: true, minimum: 0 }),
        flag("approximate", "Printed as approximate"),
        text("quote", "Excerpt the figure was read from"),
        urlField,
      ],
      primaryKey: ["year"],
    },
    sources: [{
      title:
        'Hyundai Research Institute, "한·러 수교 25주년 의미와 시사점" (2015), as quoted by Bizhankook; compiled in data/raw/kto_russian_arrivals_press',
      citation: HYUNDAI,
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    const quote = "(both directions) 30,000 in 1990 → 328,000 in 2014";
    return readProse(await raw.text(KTO), [
      {
        quote,
        fields: { year: 1990, url: HYUNDAI },
        parts: [{ column: "travellers", kind: "count", find: /([\d,]+) in 1990/ }],
      },
      {
        quote,
        fields: { year: 2014, url: HYUNDAI },
        parts: [{ column: "travellers", kind: "count", find: /([\d,]+) in 2014/ }],
      },
    ], KTO);
  },
};

/** Dated events mentioned by the sources (policy changes). */
export const pressEvents: CuratedResource = {
  inputs: [KTO],
  importer: "lib/workspace/data/importers/prose.ts",
  descriptor: {
    name: "press-events",
    path: "press-events.csv",
    title: "Dated events cited by the press (secondary)",
    description: "Events that claims date, with the excerpt that dates them.",
    ...CSV_FILE,
    grade: "secondary",
    vintage: {
      date: "2014-06-16",
      basis: "as-printed",
      label: "as reported by Sputnik in June 2014, citing Korea's foreign ministry",
    },
    schema: {
      fields: [
        text("event", "What happened"),
        yearField("Year the event took effect"),
        text("quote", "Excerpt the date was read from"),
        urlField,
      ],
      primaryKey: ["event"],
    },
    sources: [{
      title:
        "Korean Ministry of Foreign Affairs data via Yonhap/RIA, as reported by Sputnik (2014-06-16); compiled in data/raw/kto_russian_arrivals_press",
      citation: SPUTNIK,
    }],
    licenses: PRESS_LICENSE,
  },
  async build(raw) {
    return readProse(await raw.text(KTO), [{
      quote: "visa waiver effective 2014-01-01",
      fields: { event: "Korea–Russia visa waiver in force", url: SPUTNIK },
      parts: [{ column: "year", kind: "year", find: /\d{4}-\d{2}-\d{2}/ }],
    }], KTO).map(({ approximate: _approximate, ...row }) => row);
  },
};
