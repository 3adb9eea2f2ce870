/**
 * The hand-compiled tables of press figures in `data/raw/` (each row a
 * figure printed in a news page that cites an official source). Read with
 * markdown-it; every figure keeps its page URL and the official source the
 * page cites. Cells that state no figure (bounds, words, computed values)
 * become empty, never guesses.
 *
 * @module
 */

import { FormatError } from "../errors.ts";
import { parseMarkdownTables, tableWithColumns } from "./markdown-table.ts";
import { count, firstUrl, moneyMillions, percentage, type PrintedFigure } from "./press-values.ts";

/** A curated row. */
export type PressRow = Record<string, string | number | boolean | null>;

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

function leadingYear(text: string, where: string): number {
  const m = /\b(19\d\d|20\d\d)\b/.exec(text);
  if (!m) throw new FormatError(where, `no year in ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/**
 * Resolves a row's page URL. The compiler writes "same" to repeat an earlier
 * row's page: the latest earlier row citing the same publisher (first word of
 * the cited source), else the row just above.
 */
class PageUrls {
  private readonly seen: { source: string; url: string }[] = [];

  resolve(cell: string, sourceCited: string, where: string): string {
    let url = firstUrl(cell);
    if (!url && /^same\b/i.test(cell.trim())) {
      const publisher = sourceCited.trim().split(/\s+/)[0];
      url = [...this.seen].reverse().find((s) => s.source.split(/\s+/)[0] === publisher)?.url ??
        this.seen.at(-1)?.url ?? null;
    }
    if (!url) throw new FormatError(where, `row has no page URL (cell: ${JSON.stringify(cell)})`);
    this.seen.push({ source: sourceCited, url });
    return url;
  }
}

function money(text: string | undefined): PrintedFigure | null {
  return text ? moneyMillions(text) : null;
}

/**
 * Korea–USSR/Russia trade totals (kr_ru_trade_press_figures.md): one row per
 * table row, numbered per year (`entry`), in US$ millions.
 *
 * @example
 * ```ts
 * const rows = parseKoreaRussiaPress(await Deno.readTextFile("kr_ru_trade_press_figures.md"), "kr_ru.md");
 * rows.find((r) => r.year === 1990)?.total; // 890
 * ```
 */
export function parseKoreaRussiaPress(markdown: string, source: string): PressRow[] {
  const table = tableWithColumns(
    parseMarkdownTables(markdown, source),
    [
      "Year",
      "Total trade",
      "Korea exports to RU",
      "Korea imports from RU",
      "Balance (KR)",
      "Original source cited",
      "Page URL",
    ],
    source,
  );
  const entries = new Map<number, number>();
  const urls = new PageUrls();
  return table.rows.map(({ cells, line }) => {
    const where = `${source}:${line}`;
    const year = leadingYear(cells.Year, where);
    const entry = (entries.get(year) ?? 0) + 1;
    entries.set(year, entry);
    const figures = {
      total: money(cells["Total trade"]),
      exports: money(cells["Korea exports to RU"]),
      imports: money(cells["Korea imports from RU"]),
      balance: money(cells["Balance (KR)"]),
    };
    const url = urls.resolve(cells["Page URL"], cells["Original source cited"], where);
    return {
      year,
      entry,
      partner: year < 1992 ? "USSR" : "Russia",
      label: cells.Year.replace(String(year), "").trim().replace(/^\((.*)\)$/, "$1"),
      total: figures.total?.value ?? null,
      exports: figures.exports?.value ?? null,
      imports: figures.imports?.value ?? null,
      balance: figures.balance?.value ?? null,
      approximate: Object.values(figures).some((f) => f?.approximate ?? false),
      source_cited: cells["Original source cited"],
      url,
    };
  });
}

/**
 * Korea–US goods trade from the Korean side (kr_us_trade_press_figures.md),
 * US$ millions. Surpluses the compiler computed from rounded figures are
 * left empty: only printed figures enter the data.
 *
 * @example
 * ```ts
 * parseKoreaUsPress(markdown, "kr_us.md").find((r) => r.period === "2015" && r.entry === 2)?.balance; // 25900
 * ```
 */
export function parseKoreaUsPress(markdown: string, source: string): PressRow[] {
  const table = tableWithColumns(
    parseMarkdownTables(markdown, source),
    ["Year", "Korea exports to US", "Korea imports from US", "Korea's surplus with US", "Source cited", "Page URL"],
    source,
  );
  const entries = new Map<string, number>();
  const urls = new PageUrls();
  return table.rows.map(({ cells, line }) => {
    const where = `${source}:${line}`;
    const year = leadingYear(cells.Year, where);
    const url = urls.resolve(cells["Page URL"], cells["Source cited"], where);
    const calendar = /^\d{4}( \(calendar\))?$/.test(cells.Year.trim());
    const period = calendar ? String(year) : cells.Year.trim();
    const entry = (entries.get(period) ?? 0) + 1;
    entries.set(period, entry);
    const figures = {
      exports: money(cells["Korea exports to US"]),
      imports: money(cells["Korea imports from US"]),
      balance: money(cells["Korea's surplus with US"]),
    };
    return {
      period,
      entry,
      year,
      calendar_year: calendar,
      exports: figures.exports?.value ?? null,
      imports: figures.imports?.value ?? null,
      balance: figures.balance?.value ?? null,
      approximate: Object.values(figures).some((f) => f?.approximate ?? false),
      source_cited: cells["Source cited"],
      url,
    };
  });
}

/**
 * Russian arrivals in Korea (KTO figures quoted in press pages), persons.
 * A cell with two periods ("Q1 2013 / Q1 2014") gives two rows.
 *
 * @example
 * ```ts
 * parseRussianArrivalsPress(markdown, "kto.md").filter((r) => r.period === "2019").length; // 2
 * ```
 */
export function parseRussianArrivalsPress(markdown: string, source: string): PressRow[] {
  const table = tableWithColumns(parseMarkdownTables(markdown, source), [
    "Period",
    "Russian arrivals in Korea",
    "Note",
    "Page URL",
  ], source);
  const rows: PressRow[] = [];
  const entries = new Map<string, number>();
  const urls = new PageUrls();
  for (const { cells, line } of table.rows) {
    const where = `${source}:${line}`;
    const url = urls.resolve(cells["Page URL"], cells.Note, where);
    const periods = cells.Period.split(" / ").map((p) => p.trim());
    const values = cells["Russian arrivals in Korea"].split(" / ").map((v) => v.trim());
    if (periods.length !== values.length) throw new FormatError(where, "periods and values do not pair up");
    periods.forEach((label, i) => {
      const figure = count(values[i]);
      if (!figure) throw new FormatError(where, `no arrivals figure in ${JSON.stringify(values[i])}`);
      const fullYear = /^\d{4}( \(approx\.\))?$/.test(label);
      const period = fullYear ? label.slice(0, 4) : label;
      const entry = (entries.get(period) ?? 0) + 1;
      entries.set(period, entry);
      rows.push({
        period,
        entry,
        year: leadingYear(label, where),
        full_year: fullYear,
        arrivals: figure.value,
        approximate: figure.approximate || label.includes("approx"),
        note: cells.Note,
        url,
      });
    });
  }
  return rows;
}

/**
 * Korea's monthly goods exports and imports (MOTIE releases as reported),
 * US$ millions and year-over-year percent.
 *
 * @example
 * ```ts
 * parseKoreaMonthlyExportsPress(markdown, "motie.md").find((r) => r.period === "2017-09")?.exports; // 55130
 * ```
 */
export function parseKoreaMonthlyExportsPress(markdown: string, source: string): PressRow[] {
  const table = tableWithColumns(
    parseMarkdownTables(markdown, source),
    ["Month", "Exports", "y/y", "Imports", "Trade balance", "Source page"],
    source,
  );
  return table.rows.map(({ cells, list, line }) => {
    const where = `${source}:${line}`;
    const m = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})$/.exec(cells.Month.trim());
    if (!m) throw new FormatError(where, `expected a month like "Sep 2017", got ${JSON.stringify(cells.Month)}`);
    // The two "y/y" columns share a header; read them by position.
    const yoy = list;
    const exports = money(cells.Exports);
    const imports = money(cells.Imports);
    if (!exports) throw new FormatError(where, `no export figure in ${JSON.stringify(cells.Exports)}`);
    return {
      period: `${m[2]}-${String(MONTHS[m[1]]).padStart(2, "0")}`,
      exports: exports.value,
      exports_yoy: percentage(yoy[2] ?? "")?.value ?? null,
      imports: imports?.value ?? null,
      imports_yoy: percentage(yoy[4] ?? "")?.value ?? null,
      balance: money(cells["Trade balance"])?.value ?? null,
      note: (/\(([^)]*)\)/.exec(cells.Exports)?.[1] ?? "").trim(),
      url: new PageUrls().resolve(cells["Source page"], "", where),
    };
  });
}

/**
 * USITC Trade Shifts 2017, Table KR.1, US total exports to Korea by sector
 * (US$ millions). Cells cut off in the archived page are skipped.
 *
 * @example
 * ```ts
 * parseUsitcSectorTable(markdown, "usitc.md").find((r) => r.sector === "Agricultural products" && r.year === 2017)?.value; // 7473
 * ```
 */
export function parseUsitcSectorTable(markdown: string, source: string): PressRow[] {
  const table = tableWithColumns(parseMarkdownTables(markdown, source), ["Item", "2013", "2017"], source);
  const years = table.header.filter((h) => /^\d{4}$/.test(h));
  const rows: PressRow[] = [];
  for (const { cells, line } of table.rows) {
    for (const year of years) {
      const text = cells[year]?.trim() ?? "";
      if (text === "" || text.startsWith("(")) continue;
      if (!/^-?[\d,]+$/.test(text)) {
        throw new FormatError(`${source}:${line}`, `${year}: expected US$ millions, got ${JSON.stringify(text)}`);
      }
      rows.push({ sector: cells.Item, year: Number(year), value: Number(text.replaceAll(",", "")) });
    }
  }
  return rows;
}
