/**
 * Korea Ministry of Justice, foreign nationals entering Korea by nationality
 * and month (data.go.kr CSV). The Ministry publishes the files in CP949
 * (decoded here with WHATWG's `euc-kr`, which is windows-949); headers
 * differ by year (`국  적` / `국적`, `성별` / `성별(1)`, `1 월` / `1월`, an
 * optional `대륙` continent column) and numbers may carry trailing spaces.
 *
 * @module
 */

// @ts-types="@types/papaparse"
import Papa from "papaparse";
import { FormatError } from "../errors.ts";

/** One nationality, sex and month. */
export interface EntrantRow {
  year: number;
  month: number;
  /** Continent as printed (2019 files), or empty. */
  continent: string;
  /** Nationality as printed, with the padding spaces removed (`중      국` → `중국`). */
  nationality: string;
  sex: "male" | "female" | "other";
  /** Persons entering Korea, all purposes. */
  entrants: number;
}

const SEXES: Record<string, EntrantRow["sex"]> = {
  "남": "male",
  "남자": "male",
  "여": "female",
  "여자": "female",
  "제3의성": "other",
};

/**
 * Parses one year's file into rows, one per nationality, sex and month.
 *
 * @example
 * ```ts
 * const rows = parseMojEntrantsCsv(decodeCp949(bytes, "moj_2019.csv"), 2019, "moj_2019.csv");
 * rows.find((r) => r.nationality === "러시아(연방)" && r.sex === "male" && r.month === 1)?.entrants; // 15908
 * ```
 */
export function parseMojEntrantsCsv(text: string, year: number, source: string): EntrantRow[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new FormatError(`${source}:${(e.row ?? 0) + 1}`, `CSV syntax: ${e.message}`);
  }
  const [header, ...body] = parsed.data;
  const columns = headerColumns(header, source);
  const rows: EntrantRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 2;
    const where = `${source}:${line}`;
    if (cells.length !== header.length) {
      throw new FormatError(where, `expected ${header.length} fields like the header, got ${cells.length}`);
    }
    const nationality = cells[columns.nationality].replace(/\s+/g, "");
    if (!nationality) throw new FormatError(where, "empty nationality");
    const sexText = cells[columns.sex].trim();
    const sex = SEXES[sexText];
    if (!sex) {
      throw new FormatError(where, `sex ${JSON.stringify(sexText)}: expected one of ${Object.keys(SEXES).join(", ")}`);
    }
    const key = `${nationality}|${sex}`;
    if (seen.has(key)) {
      throw new FormatError(where, `${nationality} ${sexText} appears twice (first on line ${seen.get(key)})`);
    }
    seen.set(key, line);
    const continent = columns.continent === undefined ? "" : cells[columns.continent].trim();
    for (const [month, column] of columns.months) {
      const raw = cells[column];
      const value = raw.trim();
      if (!/^\d+$/.test(value)) {
        throw new FormatError(
          where,
          `${header[column].trim()}: expected a whole number of persons, got ${JSON.stringify(raw)}; ` +
            "fix the cell or restore the Ministry's file",
        );
      }
      rows.push({ year, month, continent, nationality, sex, entrants: Number(value) });
    }
  });
  return rows;
}

interface Columns {
  nationality: number;
  sex: number;
  continent?: number;
  months: Map<number, number>;
}

function headerColumns(header: string[] | undefined, source: string): Columns {
  const where = `${source}:1`;
  if (!header) throw new FormatError(where, "empty file");
  const names = header.map((h) => h.replace(/\s+/g, ""));
  const find = (test: (n: string) => boolean) => {
    const at = names.findIndex(test);
    return at === -1 ? undefined : at;
  };
  const nationality = find((n) => n === "국적");
  const sex = find((n) => /^성별(\(\d\))?$/.test(n));
  const continent = find((n) => n === "대륙");
  const months = new Map<number, number>();
  const unknown: string[] = [];
  names.forEach((n, column) => {
    if (column === nationality || column === sex || column === continent) return;
    const m = /^(\d{1,2})월$/.exec(n);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 12 || months.has(Number(m[1]))) unknown.push(header[column]);
    else months.set(Number(m[1]), column);
  });
  const problems: string[] = [];
  if (nationality === undefined) problems.push("no nationality column (국적)");
  if (sex === undefined) problems.push("no sex column (성별)");
  const absent = [...Array(12).keys()].map((i) => i + 1).filter((m) => !months.has(m));
  if (absent.length > 0) problems.push(`no column for month(s) ${absent.join(", ")} (1월 … 12월)`);
  if (unknown.length > 0) problems.push(`unexpected column(s) ${unknown.map((u) => JSON.stringify(u)).join(", ")}`);
  if (problems.length > 0) {
    throw new FormatError(
      where,
      `${problems.join("; ")} (columns: ${header.join(", ")}); the Ministry changed the layout: ` +
        "check the file, then the header rules in lib/workspace/data/importers/moj-entrants.ts",
    );
  }
  return { nationality: nationality!, sex: sex!, continent, months };
}
