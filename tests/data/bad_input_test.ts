// Each importer of the evidence issue, fed a broken copy of its real file: wrong encoding, a missing
// partner, an unexpected period label, a non-numeric cell. Each fails naming the file and line (or sheet
// and cell) with what to do, and data/ is left byte-identical.
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256 } from "../../lib/analysis/catalog/reads.ts";
import { curate } from "../../lib/workspace/data/curate.ts";
import type { CuratedResource } from "../../lib/workspace/data/resources/mod.ts";
import { beaTradeByCountry } from "../../lib/workspace/data/resources/bea-country.ts";
import { mojForeignEntrantsMonthly } from "../../lib/workspace/data/resources/moj.ts";
import { imfDotsPartnersAnnual } from "../../lib/workspace/data/resources/imf-dots.ts";
import { censusGoodsByCountryAnnual } from "../../lib/workspace/data/resources/census-country.ts";
import {
  censusEnduseExports,
  censusEnduseImports,
  ENDUSE_PARTNERS,
} from "../../lib/workspace/data/resources/census-enduse.ts";
import { loadWorkbook, type Worksheet } from "../../lib/workspace/data/importers/xlsx.ts";
import { ROOT } from "../helpers/paths.ts";
import { type CellEdit, withCellsText, withRowsKept } from "../helpers/xlsx_edit.ts";

const RAW = join(ROOT, "data", "raw");
const DATA = join(ROOT, "data");

/** A copy of data/ (without raw/) to import into, with the sha256 of every file. */
async function dataCopy(): Promise<{ dir: string; hashes: Map<string, string> }> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-bad-input-data-" });
  const hashes = new Map<string, string>();
  for (const entry of Deno.readDirSync(DATA)) {
    if (!entry.isFile) continue;
    const bytes = await Deno.readFile(join(DATA, entry.name));
    await Deno.writeFile(join(dir, entry.name), bytes);
    hashes.set(entry.name, sha256(bytes));
  }
  return { dir, hashes };
}

async function assertUnchanged(copy: { dir: string; hashes: Map<string, string> }): Promise<void> {
  const names = [...Deno.readDirSync(copy.dir)].map((e) => e.name).sort();
  assert.deepEqual(names, [...copy.hashes.keys()].sort(), "no file added or removed");
  for (const [name, hash] of copy.hashes) {
    assert.equal(sha256(await Deno.readFile(join(copy.dir, name))), hash, `${name} changed`);
  }
}

/** A raw folder like data/raw (links to it) in which one input is replaced by the given bytes. */
async function rawWith(input: string, bytes: Uint8Array): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-bad-input-raw-" });
  const [folder, file] = input.split("/");
  for (const entry of Deno.readDirSync(RAW)) {
    if (entry.name !== folder) Deno.symlinkSync(join(RAW, entry.name), join(dir, entry.name));
  }
  await Deno.mkdir(join(dir, folder));
  for (const entry of Deno.readDirSync(join(RAW, folder))) {
    if (entry.name !== file) Deno.symlinkSync(join(RAW, folder, entry.name), join(dir, folder, entry.name));
  }
  await Deno.writeFile(join(dir, input), bytes);
  return dir;
}

type DataCopy = { dir: string; hashes: Map<string, string> };

/** Runs the cases of one test against one copy of data/, removed afterwards. */
async function withDataCopy(cases: (copy: DataCopy) => Promise<void>): Promise<void> {
  const copy = await dataCopy();
  try {
    await cases(copy);
  } finally {
    await Deno.remove(copy.dir, { recursive: true });
  }
}

/** Imports one resource from a raw folder with a broken input: it must fail with `message`, writing nothing. */
async function rejects(
  copy: DataCopy,
  resource: CuratedResource,
  input: string,
  bytes: Uint8Array,
  message: RegExp,
): Promise<void> {
  const raw = await rawWith(input, bytes);
  try {
    await assert.rejects(() => curate({ rawDir: raw, dataDir: copy.dir, resources: [resource] }), (error: Error) => {
      assert.match(error.message, message);
      assert.match(error.message, /restore|fix|check|convert/, `no fix in: ${error.message}`);
      return true;
    });
    await assertUnchanged(copy);
  } finally {
    await Deno.remove(raw, { recursive: true });
  }
}

/**
 * The real workbook with only the first row of a sheet and the rows of some codes, numbered again (every part and
 * cell as published): small enough for the importer to read quickly in each broken case, which sets cells of it
 * to text. `sheet` is the cut-down sheet as the importers read it, to find cells in.
 */
async function reducedWorkbook(input: string, sheetName: string, keep: (cells: Map<string, string>) => boolean) {
  const bytes = withRowsKept(await Deno.readFile(join(RAW, input)), sheetName, keep);
  const sheet = (await loadWorkbook(bytes, input)).getWorksheet(sheetName)!;
  return { sheet, withCells: (edits: CellEdit[]) => withCellsText(bytes, sheetName, edits) };
}

/** The real workbook, to find cells in, and to copy with one cell changed (every other part as published). */
async function realWorkbook(input: string) {
  const bytes = await Deno.readFile(join(RAW, input));
  return {
    workbook: await loadWorkbook(bytes, input),
    /** The workbook with one cell of one sheet set to text, as bytes. */
    withCell: (sheet: string, row: number, column: number, text: string): Uint8Array =>
      withCellsText(bytes, sheet, [{ row, column, text }]),
  };
}

/** The first cell (by row, then column; only `column` when given) whose text is `text`. */
function find(sheet: Worksheet, text: string, column?: number): { row: number; column: number } {
  let found: { row: number; column: number } | undefined;
  sheet.eachRow((row, r) => {
    row.eachCell((cell, c) => {
      if (found || (column !== undefined && c !== column)) return;
      if (String(cell.value ?? "").trim() === text) found = { row: r, column: c };
    });
  });
  if (!found) throw new Error(`test setup: "${text}" not in ${sheet.name}`);
  return found;
}

/** Bytes that are not a workbook: the same name, but text (a CSV export saved as .xlsx). */
const NOT_A_WORKBOOK = new TextEncoder().encode("Period,Korea, South\n2018,80779\n");

Deno.test("bad input: BEA workbook", () =>
  withDataCopy(async (copy) => {
    const input = beaTradeByCountry.inputs[0];
    await rejects(copy, beaTradeByCountry, input, NOT_A_WORKBOOK, /trad-geo-time-series-0125\.xlsx: not a readable/);
    const real = await realWorkbook(input);
    const table7 = real.workbook.getWorksheet("Table 7")!;
    const table8 = real.workbook.getWorksheet("Table 8")!;
    const korea = find(table7, "Korea, South");
    await rejects(
      copy,
      beaTradeByCountry,
      input,
      real.withCell("Table 7", korea.row, korea.column, "Korea"),
      /\[Table 7!A6\]: no column for Korea, South/,
    );
    const q2 = find(table7, "2015 2", 1).row;
    await rejects(
      copy,
      beaTradeByCountry,
      input,
      real.withCell("Table 7", q2, 1, "2015 5"),
      new RegExp(`\\[Table 7!A${q2}\\]: unexpected period label "2015 5" in the Quarterly block`),
    );
    const row = find(table8, "2018 2", 1).row;
    await rejects(
      copy,
      beaTradeByCountry,
      input,
      real.withCell("Table 8", row, find(table8, "Korea, South").column, "2,608"),
      new RegExp(
        `\\[Table 8!O${row}\\]: expected a number of millions of dollars, "n\\.a\\." or "\\(\\*\\)", got "2,608"`,
      ),
    );
  }));

/** The 2019 Ministry file as bytes, edited line by line (CP949: ASCII bytes, commas and line ends are never inside a character). */
async function mojEdited(edit: (lines: Uint8Array[][]) => Uint8Array[][]): Promise<Uint8Array> {
  const bytes = await Deno.readFile(join(RAW, mojForeignEntrantsMonthly.inputs[1]));
  const lines: Uint8Array[][] = [];
  let start = 0;
  const split = (line: Uint8Array) => {
    const fields: Uint8Array[] = [];
    let from = 0;
    line.forEach((b, i) => {
      if (b === 0x2c) {
        fields.push(line.slice(from, i));
        from = i + 1;
      }
    });
    fields.push(line.slice(from));
    return fields;
  };
  bytes.forEach((b, i) => {
    if (b === 0x0a) {
      lines.push(split(bytes.slice(start, i + 1)));
      start = i + 1;
    }
  });
  const out: number[] = [];
  for (const fields of edit(lines)) {
    fields.forEach((f, i) => {
      if (i > 0) out.push(0x2c);
      out.push(...f);
    });
  }
  return new Uint8Array(out);
}

const ascii = (text: string) => new TextEncoder().encode(text);
/** Text as UTF-16LE with its byte-order mark (another encoding than the publisher's). */
const utf16le = (text: string) =>
  new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);

Deno.test("bad input: Ministry of Justice CSV (CP949)", () =>
  withDataCopy(async (copy) => {
    const input = mojForeignEntrantsMonthly.inputs[1];
    const utf8 = ascii(new TextDecoder("euc-kr").decode(await Deno.readFile(join(RAW, input))));
    await rejects(copy, mojForeignEntrantsMonthly, input, utf8, /2019\.cp949\.csv:1: the file is UTF-8, not CP949/);
    const utf16 = utf16le("대륙,국적\r\n");
    await rejects(copy, mojForeignEntrantsMonthly, input, utf16, /2019\.cp949\.csv:1: not CP949/);
    await rejects(
      copy,
      mojForeignEntrantsMonthly,
      input,
      await mojEdited((lines) => lines.map((fields) => fields.filter((_, i) => i !== 1))),
      /2019\.cp949\.csv:1: no nationality column \(국적\)/,
    );
    await rejects(
      copy,
      mojForeignEntrantsMonthly,
      input,
      await mojEdited((lines) =>
        lines.map((fields, n) =>
          n === 0 ? fields.map((f, i) => (i === 14 ? new Uint8Array([0x31, 0x33, ...f.slice(2)]) : f)) : fields
        )
      ),
      /2019\.cp949\.csv:1: no column for month\(s\) 12 .*unexpected column\(s\) "13월/,
    );
    await rejects(
      copy,
      mojForeignEntrantsMonthly,
      input,
      await mojEdited((lines) =>
        lines.map((fields, n) => (n === 176 ? fields.map((f, i) => (i === 3 ? ascii("n/a") : f)) : fields))
      ),
      /2019\.cp949\.csv:177: 1월: expected a whole number of persons, got "n\/a"/,
    );
  }));

Deno.test("bad input: IMF DOTS workbook, every partner", () =>
  withDataCopy(async (copy) => {
    const input = imfDotsPartnersAnnual.inputs[1]; // Russia
    await rejects(
      copy,
      imfDotsPartnersAnnual,
      input,
      NOT_A_WORKBOOK,
      /DOTS_162_russian_federation\.xlsx: not a readable/,
    );
    const real = await realWorkbook(input);
    const china = find(real.workbook.getWorksheet("Imports, CIF")!, "China, P.R.: Mainland", 2).row;
    await rejects(
      copy,
      imfDotsPartnersAnnual,
      input,
      real.withCell("Imports, CIF", china, 2, "China"),
      /\[Imports, CIF\]: partner row\(s\) not found: China, P\.R\.: Mainland/,
    );
    await rejects(
      copy,
      imfDotsPartnersAnnual,
      input,
      real.withCell("Imports, CIF", 7, 3, "1992e"),
      /\[Imports, CIF\] Imports, CIF!C7: unexpected period label "1992e"/,
    );
    await rejects(
      copy,
      imfDotsPartnersAnnual,
      input,
      real.withCell("Imports, CIF", china, 5, "n.a."),
      new RegExp(`Imports, CIF!E${china} \\(China, P\\.R\\.: Mainland, 1994\\): expected a number, got "n\\.a\\."`),
    );
  }));

Deno.test("bad input: Census country.xlsx", () =>
  withDataCopy(async (copy) => {
    const input = censusGoodsByCountryAnnual.inputs[0];
    await rejects(copy, censusGoodsByCountryAnnual, input, utf16le("year,CTY_CODE\n"), /country\.xlsx: not a readable/);
    // The publisher's rows for the world and Korea, broken one cell at a time.
    const reduced = await reducedWorkbook(input, "country", (cells) => ["0015", "5800"].includes(cells.get("B")!));
    let korea2011 = 0;
    reduced.sheet.eachRow((row, r) => {
      if (String(row.getCell(1).value) === "2011" && String(row.getCell(2).value) === "5800") korea2011 = r;
    });
    const cases: [CellEdit, RegExp][] = [
      [{ row: 1, column: 2, text: "COUNTRY" }, /\[country!A1\]: missing column\(s\) CTY_CODE/],
      [
        { row: korea2011, column: 1, text: "FY2011" },
        new RegExp(`\\[country!A${korea2011}\\]: expected a year like 2011, got "FY2011"`),
      ],
      [
        { row: korea2011, column: 4, text: "(D)" },
        new RegExp(`\\[country!D${korea2011}\\]: expected millions of dollars, got "\\(D\\)"`),
      ],
    ];
    for (const [edit, message] of cases) {
      await rejects(copy, censusGoodsByCountryAnnual, input, reduced.withCells([edit]), message);
    }
  }));

Deno.test("bad input: Census end-use tables (agency workbook and CSV copy)", () =>
  withDataCopy(async (copy) => {
    const xlsx = censusEnduseImports.inputs[0];
    await rejects(copy, censusEnduseImports, xlsx, NOT_A_WORKBOOK, /enduse_imports\.xlsx: not a readable/);
    // The publisher's rows of the partners kept, broken one way at a time.
    const reduced = await reducedWorkbook(xlsx, "EnduseImp", (cells) => cells.get("A")! in ENDUSE_PARTNERS);
    const koreaRows: number[] = [];
    reduced.sheet.eachRow((row, r) => {
      if (String(row.getCell(1).value) === "5800") koreaRows.push(r);
    });
    await rejects(
      copy,
      censusEnduseImports,
      xlsx,
      reduced.withCells(koreaRows.map((row) => ({ row, column: 1, text: "5801" }))),
      /no rows for partner\(s\) 5800 Korea, South/,
    );
    await rejects(
      copy,
      censusEnduseImports,
      xlsx,
      reduced.withCells([{ row: 1, column: 14, text: "value_2025" }]),
      /\[EnduseImp!A1\]: unexpected column\(s\) "value_2025"/,
    );
    await rejects(
      copy,
      censusEnduseImports,
      xlsx,
      reduced.withCells([{ row: koreaRows[0], column: 5, text: "n/a" }]),
      new RegExp(`\\[EnduseImp!E${koreaRows[0]}\\]: expected whole US dollars, got "n/a"`),
    );

    const csv = censusEnduseExports.inputs[0];
    // The publisher's lines of the partners kept (as the workbook above), broken one way at a time.
    const lines = (await Deno.readTextFile(join(RAW, csv))).split("\n");
    const kept = (line: string, i: number) =>
      i === 0 || i === lines.length - 1 || line.split(",", 1)[0] in ENDUSE_PARTNERS;
    const text = lines.filter(kept).join("\n");
    await rejects(
      copy,
      censusEnduseExports,
      csv,
      utf16le(text.slice(0, 2000)),
      /enduse_exports\.csv:1: not UTF-8 text/,
    );
    const withoutKorea = text.split("\n").filter((l) => !l.startsWith("5800,")).join("\n");
    await rejects(copy, censusEnduseExports, csv, ascii(withoutKorea), /no rows for partner\(s\) 5800 Korea, South/);
    await rejects(
      copy,
      censusEnduseExports,
      csv,
      ascii(text.replace("value_22", "value_2022")),
      /enduse_exports\.csv:1: unexpected column\(s\) "value_2022"/,
    );
    const edited = text.split("\n");
    const crude = edited.findIndex((l) => l.startsWith('5800,"Korea, South",11100,'));
    const cells = edited[crude].split(",");
    cells[9] = '"1,114,034,946"';
    edited[crude] = cells.join(",");
    await rejects(
      copy,
      censusEnduseExports,
      csv,
      ascii(edited.join("\n")),
      new RegExp(`enduse_exports\\.csv:${crude + 1} \\(value_17\\): expected whole US dollars, got "1,114,034,946"`),
    );
  }));
