import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import {
  mergeCensusFlows,
  parseCensusApiJson,
  parseCensusConvertedCsv,
} from "../../lib/workspace/data/importers/census.ts";
import { parseDotsWorkbook } from "../../lib/workspace/data/importers/imf-dots.ts";
import { parseWtoImportsCsv } from "../../lib/workspace/data/importers/wto.ts";
import { parseKoreaRussiaPress, parseRussianArrivalsPress } from "../../lib/workspace/data/importers/press.ts";
import { readProse } from "../../lib/workspace/data/importers/prose.ts";
import { FormatError } from "../../lib/workspace/data/errors.ts";
import { loadWorkbook } from "../../lib/workspace/data/importers/xlsx.ts";
import { formatCsvNumber, toCsv } from "../../lib/workspace/data/csv-out.ts";
import { zipSync } from "fflate";
// @ts-types="@types/papaparse"
import Papa from "papaparse";

const HEADER = ["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "YEAR", "MONTH"];

Deno.test("Census API JSON: rows with US-dollar values and months", () => {
  const body = JSON.stringify([HEADER, ["5800", "KOREA, SOUTH", "3117963667", "2013", "01"], [
    "-",
    "TOTAL FOR ALL COUNTRIES",
    "123031879061",
    "2013",
    "01",
  ]]);
  const exports = parseCensusApiJson(body, "exports", "api exports 2013");
  assert.deepEqual(exports[0], { ctyCode: "5800", ctyName: "KOREA, SOUTH", year: 2013, month: 1, value: 3117963667 });
  const imports = parseCensusApiJson(
    JSON.stringify([["CTY_CODE", "CTY_NAME", "GEN_VAL_MO", "YEAR", "MONTH"], [
      "5800",
      "KOREA, SOUTH",
      "5226947861",
      "2013",
      "01",
    ]]),
    "imports",
    "api imports 2013",
  );
  const merged = mergeCensusFlows(exports, imports);
  assert.deepEqual(merged.find((r) => r.ctyCode === "5800"), {
    ctyCode: "5800",
    ctyName: "KOREA, SOUTH",
    kind: "country",
    year: 2013,
    month: 1,
    exports: 3117963667,
    imports: 5226947861,
  });
  assert.equal(merged.find((r) => r.ctyCode === "-")?.kind, "total");
});

Deno.test("Census API JSON: a changed format fails loudly", () => {
  const fails = (body: string, pattern: RegExp) =>
    assert.throws(() => parseCensusApiJson(body, "exports", "api.census.gov exports"), (e: Error) => {
      assert.ok(e instanceof FormatError, e.message);
      assert.match(e.message, pattern);
      return true;
    });
  fails("", /empty body/);
  fails(
    "<!DOCTYPE html><html><head><title>Service Unavailable</title>",
    /HTML page where data was expected \("Service Unavailable"\)/,
  );
  fails('[["CTY_CODE","CTY_NAME","ALL_VAL_MO","YEAR","MONTH"],["5800","KOREA', /not valid JSON, possibly truncated/);
  fails(JSON.stringify([["CTY_CODE", "CTY_NAME", "ALL_VAL_YR", "YEAR", "MONTH"]]), /missing column\(s\) ALL_VAL_MO/);
  fails(
    JSON.stringify([HEADER, ["5800", "KOREA, SOUTH", "n/a", "2013", "01"]]),
    /ALL_VAL_MO: expected whole US dollars, got "n\/a"/,
  );
  fails(JSON.stringify([HEADER, ["5800", "KOREA, SOUTH", "-5", "2013", "01"]]), /negative trade value/);
  fails(JSON.stringify([HEADER, ["5800", "KOREA, SOUTH", "5", "2013", "13"]]), /MONTH: expected an integer 1–12/);
  fails(JSON.stringify({ error: "unknown variable" }), /array of rows/);
});

Deno.test("Census API: a period reported twice is refused", () => {
  const rows = parseCensusApiJson(
    JSON.stringify([HEADER, ["5800", "K", "1", "2013", "01"], ["5800", "K", "2", "2013", "01"]]),
    "exports",
    "x",
  );
  assert.throws(() => mergeCensusFlows(rows, []), /duplicate period 5800\|2013\|1/);
});

Deno.test("Census converted CSV: blank flows stay empty, missing names are taken from the same code", () => {
  const csv = [
    '"CTY_CODE","CTY_NAME","YEAR","MONTH","ALL_VAL_MO","GEN_VAL_MO"',
    '"1610","ST PIERRE AND MIQUELON","2013","04","251067","3888"',
    '"1610",,"2014","02",,"3495"',
    "",
  ].join("\n");
  const rows = parseCensusConvertedCsv(csv, "converted.csv");
  assert.deepEqual(rows[1], {
    ctyCode: "1610",
    ctyName: "ST PIERRE AND MIQUELON",
    kind: "country",
    year: 2014,
    month: 2,
    exports: null,
    imports: 3495,
  });
});

async function workbook(unit = "US Dollars, Millions", cell: unknown = 7789.8): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const name of ["Exports, FOB", "Imports, CIF"]) {
    const ws = wb.addWorksheet(name);
    ws.getCell("B2").value = `${name} to Partner Countries`;
    ws.getCell("B4").value = "Korea, Rep. of";
    ws.getCell("B5").value = unit;
    ws.getCell("C7").value = "2018";
    ws.getCell("D7").value = "2019";
    ws.getCell("B8").value = "Russian Federation";
    ws.getCell("C8").value = 7300 as never;
    ws.getCell("D8").value = cell as never;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

Deno.test("IMF DOTS workbook: partners × years, both sheets", async () => {
  const rows = await parseDotsWorkbook(await workbook(), "DOTS.xlsx", ["Russian Federation"]);
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[1], {
    reporter: "Korea, Rep. of",
    partner: "Russian Federation",
    flow: "exports",
    valuation: "FOB",
    year: 2019,
    value: 7789.8,
    estimate: false,
  });
  const flagged = await parseDotsWorkbook(await workbook(undefined, "123.4 e"), "DOTS.xlsx", ["Russian Federation"]);
  assert.deepEqual([flagged[1].value, flagged[1].estimate], [123.4, true]);
});

Deno.test("IMF DOTS workbook: unit change, text in a number cell, missing partner, not a workbook", async () => {
  await assert.rejects(
    async () => parseDotsWorkbook(await workbook("US Dollars, Billions"), "x.xlsx", []),
    /unit in B5 is "US Dollars, Billions"/,
  );
  await assert.rejects(
    async () => parseDotsWorkbook(await workbook("US Dollars, Millions", "n.a."), "x.xlsx", ["Russian Federation"]),
    /expected a number, got "n.a."/,
  );
  await assert.rejects(
    async () => parseDotsWorkbook(await workbook(), "x.xlsx", ["USSR"]),
    /partner row\(s\) not found: USSR/,
  );
  await assert.rejects(
    () => parseDotsWorkbook(new TextEncoder().encode("<html>"), "x.xlsx", []),
    /not a readable .xlsx workbook/,
  );
});

Deno.test("WTO CSV: rows checked for indicator, unit and numbers", () => {
  const header =
    "IndicatorCode,ReportingEconomyCode,PartnerEconomyCode,PartnerEconomy,ProductOrSectorClassificationCode,ProductOrSectorCode,UnitCode,Value,Year";
  const ok = parseWtoImportsCsv(
    `${header}\nHS_M_0010,410,643,Russian Federation,HS,27,USD,10520000000.0,2019\n`,
    "wto.csv",
  );
  assert.deepEqual(ok[0], {
    reporterCode: "410",
    partnerCode: "643",
    partnerName: "Russian Federation",
    year: 2019,
    hsChapter: "27",
    value: 10520000000,
  });
  assert.throws(
    () => parseWtoImportsCsv(`${header}\nHS_M_0010,410,643,R,HS,27,EUR,1,2019\n`, "wto.csv"),
    /wto.csv:2: unit EUR/,
  );
  assert.throws(
    () => parseWtoImportsCsv(`${header}\nHS_M_0010,410,643,R,HS,27,USD,abc,2019\n`, "wto.csv"),
    /Value: expected a non-negative number/,
  );
  assert.throws(() => parseWtoImportsCsv("Indicator,Value\nx,1\n", "wto.csv"), /missing column\(s\) IndicatorCode/);
});

Deno.test("press tables: figures as printed, bounds and words stay empty, 'same' URLs resolve", () => {
  const md = [
    "| Year | Total trade | Korea exports to RU | Korea imports from RU | Balance (KR) | Original source cited | Page URL |",
    "|---|---|---|---|---|---|---|",
    "| 1990 | ~$890M (8억9천만달러) | $520M | $370M | +$150M | Hankyung | https://example.org/a |",
    "| 2011 | | >$10B (first time) | | | KOTRA report | https://example.org/k |",
    "| 2012 | $22.4B | (falling) | | | KOTRA (via KHIDI) | same |",
  ].join("\n");
  const rows = parseKoreaRussiaPress(md, "kr_ru.md");
  assert.deepEqual(rows[0], {
    year: 1990,
    entry: 1,
    partner: "USSR",
    label: "",
    total: 890,
    exports: 520,
    imports: 370,
    balance: 150,
    approximate: true,
    source_cited: "Hankyung",
    url: "https://example.org/a",
  });
  assert.equal(rows[1].exports, null, "a bound is not a figure");
  assert.equal(rows[2].total, 22_400);
  assert.equal(rows[2].url, "https://example.org/k", "“same” repeats the same publisher's page");
});

Deno.test("press tables: arrivals pair up periods and values", () => {
  const md =
    "| Period | Russian arrivals in Korea | Note | Page URL |\n|---|---|---|---|\n| Q1 2013 / Q1 2014 | 26,479 / 36,014 | MOFA | https://example.org/q |\n| 2019 | 343,057 (record) | KTO | https://example.org/y |\n";
  const rows = parseRussianArrivalsPress(md, "kto.md");
  assert.deepEqual(rows.map((r) => [r.period, r.arrivals, r.full_year]), [["Q1 2013", 26479, false], [
    "Q1 2014",
    36014,
    false,
  ], ["2019", 343057, true]]);
});

Deno.test("prose excerpts: the number is read from a verbatim excerpt, or the import fails", () => {
  const text = "- Semiconductors: $9.69B, +70% y/y (monthly record) — Xinhua";
  const spec = {
    quote: "Semiconductors: $9.69B, +70% y/y",
    fields: { item: "semiconductors" },
    parts: [{ column: "exports", kind: "money-millions" as const, find: /\$[\d.]+B/ }, {
      column: "yoy",
      kind: "percent" as const,
      find: /\+\d+% y\/y/,
    }],
  };
  assert.deepEqual(readProse(text, [spec], "motie.md"), [{
    item: "semiconductors",
    exports: 9690,
    yoy: 70,
    approximate: false,
    quote: spec.quote,
  }]);
  assert.throws(
    () => readProse(text.replace("9.69", "9.96"), [spec], "motie.md"),
    /excerpt not found \(the file changed\?\)/,
  );
  assert.throws(
    () => readProse(text, [{ ...spec, fields: { url: "https://nowhere.example" } }], "motie.md"),
    /does not occur in the file/,
  );
});

Deno.test("curated CSV numbers: at most six decimals, no exponent, no floating-point noise, no minus zero", () => {
  assert.equal(formatCsvNumber(20422.80000000001), "20422.8");
  assert.equal(formatCsvNumber(-1234.5), "-1234.5");
  assert.equal(formatCsvNumber(1234567.123456789), "1234567.123457");
  assert.equal(formatCsvNumber(0.000001), "0.000001");
  assert.equal(formatCsvNumber(0.0000004), "0");
  assert.equal(formatCsvNumber(-0.0000004), "0");
  assert.equal(formatCsvNumber(1.5e21), "1500000000000000000000");
  assert.equal(formatCsvNumber(42), "42");
  assert.throws(() => formatCsvNumber(Number.NaN), RangeError);
  assert.equal(
    toCsv([{ year: 2019, value: 1.5, name: "a, b" }], ["year", "value", "name"]),
    'year,value,name\n2019,1.5,"a, b"\n',
  );
});

Deno.test("curated CSV text: quoted where Papa Parse's unparse quotes, to the byte", () => {
  const texts = [
    "",
    "plain",
    "a, b",
    'say "hi"',
    "two\nlines",
    "cr\rhere",
    "crlf\r\n",
    " lead",
    "trail ",
    "in side",
    "\ufeffbom",
  ];
  const columns = ["text", "with space", 'q"uote'];
  const rows = texts.map((text) => ({ text, "with space": text.length, 'q"uote': null }));
  const papa = Papa.unparse({ fields: columns, data: rows.map((r) => [r.text, String(r["with space"]), ""]) }, {
    newline: "\n",
    quotes: false,
  }) + "\n";
  assert.equal(toCsv(rows, columns), papa);
  assert.equal(toCsv([], ["a", "b"]), "a,b\n");
});

// claimbook's workbook reader against exceljs on the same bytes: every kind of cell value a publisher's workbook
// holds, with the workbook written both ways exceljs writes (shared strings or not, deflated or stored). The real
// workbooks of data/raw go through it in curate_test.ts (data/ rebuilt byte for byte) and bad_input_test.ts.
async function sample(options: { useSharedStrings: boolean; compression: "STORE" | "DEFLATE" }): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Table & 1");
  workbook.addWorksheet("Second").getCell("B3").value = 7;
  sheet.getCell("A1").value = "Period";
  sheet.getCell("B1").value = 'South/\r\nCentral America <&> "quoted"';
  sheet.getCell("C1").value = { richText: [{ text: "Korea, " }, { font: { bold: true }, text: "South" }] };
  sheet.getCell("A2").value = 20422.80000000001;
  sheet.getCell("B2").value = -0.5;
  sheet.getCell("C2").value = true;
  sheet.getCell("D2").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
  sheet.getCell("E2").value = new Date(Date.UTC(2025, 2, 4));
  sheet.getCell("F2").value = { formula: "A2*2", result: 40845.6 };
  sheet.getCell("G2").value = { text: "BEA", hyperlink: "https://www.bea.gov/" };
  sheet.getCell("H2").value = "  2015 2 ";
  sheet.getCell("A3").value = "Australia";
  sheet.getCell("A3").alignment = { indent: 2 };
  sheet.getCell("B3").alignment = { indent: 1 }; // styled, no value
  sheet.getCell("A5").value = "a note across the row";
  sheet.mergeCells("A5:D5");
  sheet.getCell("A7").value = "";
  return new Uint8Array(await workbook.xlsx.writeBuffer({ ...options, zip: { compression: options.compression } }));
}

const plain = (value: unknown) => JSON.stringify(value, (key, v) => (key === "font" ? undefined : v));

/** The shape of a workbook both readers give (exceljs's or claimbook's). */
interface SomeWorkbook {
  worksheets: { name: string }[];
  getWorksheet(name: string): SomeWorksheet | undefined;
}
interface SomeWorksheet {
  rowCount: number;
  eachRow(visit: (row: unknown, n: number) => void): void;
  getRow(r: number): {
    values: unknown;
    hasValues: boolean;
    getCell(c: number): { value: unknown; alignment?: { indent?: number } };
  };
}

/** Every sheet of `expected` read the same in `actual`: rows with values, row count, values and indents of A:I. */
function assertSameCells(actual: SomeWorkbook, expected: SomeWorkbook, how: string): void {
  for (const { name } of expected.worksheets) {
    const [sheet, theirs] = [actual.getWorksheet(name)!, expected.getWorksheet(name)!];
    const rows = (s: SomeWorksheet) => {
      const numbers: number[] = [];
      s.eachRow((_, n) => numbers.push(n));
      return numbers;
    };
    assert.deepEqual(rows(sheet), rows(theirs), `${how}: rows with values`);
    assert.equal(sheet.rowCount, theirs.rowCount, how);
    for (let r = 1; r <= theirs.rowCount; r++) {
      const [mine, theirRow] = [sheet.getRow(r), theirs.getRow(r)];
      assert.equal(plain(mine.values), plain(theirRow.values), `${how}: row ${r}`);
      assert.equal(mine.hasValues, theirRow.hasValues, `${how}: row ${r}`);
      for (let c = 1; c <= 9; c++) {
        assert.equal(plain(mine.getCell(c).value), plain(theirRow.getCell(c).value), `${how}: ${r}/${c}`);
        assert.equal(mine.getCell(c).alignment?.indent, theirRow.getCell(c).alignment?.indent, `${how}: ${r}/${c}`);
      }
    }
  }
}

Deno.test("xlsx reader: the values, rows and alignment exceljs reads, in workbooks written either way", async () => {
  for (const useSharedStrings of [true, false]) {
    for (const compression of ["STORE", "DEFLATE"] as const) {
      const bytes = await sample({ useSharedStrings, compression });
      const theirs = new ExcelJS.Workbook();
      await theirs.xlsx.load(bytes as never);
      const ours = await loadWorkbook(bytes, "sample.xlsx");
      const how = `${useSharedStrings ? "shared" : "inline"} strings, ${compression}`;
      assert.deepEqual(ours.worksheets.map((s) => s.name), ["Table & 1", "Second"], how);
      assertSameCells(ours, theirs, how);
      const table = ours.getWorksheet("Table & 1")!;
      assert.equal(table.getRow(1).getCell(2).value, 'South/\nCentral America <&> "quoted"', how);
      assert.deepEqual(table.getRow(5).getCell(4).value, "a note across the row", `${how}: merged`);
      assert.equal(table.getRow(3).getCell(1).alignment?.indent, 2, how);
      assert.ok(table.getRow(2).getCell(5).value instanceof Date, `${how}: a date-formatted number is a date`);
    }
  }
});

Deno.test("xlsx reader: bytes that are not a workbook fail naming the file", async () => {
  const cut = (await sample({ useSharedStrings: true, compression: "DEFLATE" })).slice(0, 2000);
  for (const bytes of [new TextEncoder().encode("<html>"), new Uint8Array(0), cut]) {
    await assert.rejects(() => loadWorkbook(bytes, "x.xlsx"), /^FormatError: x\.xlsx: not a readable \.xlsx workbook/);
  }
});

// The same small workbook written twice: as Excel writes it, and in XML forms other generators use (the
// SpreadsheetML namespace under a prefix, `<x:c>`; another prefix for relationship ids; single-quoted attributes;
// CDATA; comments and line breaks between and inside elements). Both must read the same cells, those exceljs reads
// from the first.
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";

function handWrittenWorkbook(parts: { workbook: string; sheet: string; strings: string; rels?: string }): Uint8Array {
  const encode = (xml: string) => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  return zipSync({
    "[Content_Types].xml": encode(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        `</Types>`,
    ),
    "_rels/.rels": encode(
      `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": encode(parts.workbook),
    "xl/_rels/workbook.xml.rels": encode(
      parts.rels ??
        `<Relationships xmlns="${PACKAGE_RELS}"><Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    "xl/sharedStrings.xml": encode(parts.strings),
    "xl/worksheets/sheet1.xml": encode(parts.sheet),
  });
}

const AS_EXCEL_WRITES = {
  workbook:
    `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="Table &amp; 7" sheetId="1" r:id="rId1"/>` +
    `</sheets></workbook>`,
  strings: `<sst xmlns="${MAIN}" count="2" uniqueCount="2"><si><t>Korea, South</t></si>` +
    `<si><r><t xml:space="preserve">Korea, </t></r><r><rPr><b/></rPr><t>Rep.</t></r></si></sst>`,
  sheet: `<worksheet xmlns="${MAIN}"><sheetData>` +
    `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>20422.8</v></c>` +
    `<c r="C1" t="inlineStr"><is><t>A &lt;&amp;&gt; B</t></is></c></row>` +
    `<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><f>B1*2</f><v>40845.6</v></c><c r="C2" t="b"><v>1</v></c></row>` +
    `<row r="4"><c r="A4" t="str"><v>n.a.</v></c></row>` +
    `</sheetData><mergeCells count="1"><mergeCell ref="A4:C4"/></mergeCells></worksheet>`,
};

const IN_OTHER_FORMS = {
  workbook: `<x:workbook xmlns:x='${MAIN}' xmlns:rel='${RELS}'>\n  <x:sheets>\n    <!-- one sheet -->\n` +
    `    <x:sheet name='Table &amp; 7' sheetId='1' rel:id='rId1'/>\n  </x:sheets>\n</x:workbook>`,
  strings: `<x:sst xmlns:x='${MAIN}'>\n  <x:si><x:t><![CDATA[Korea, South]]></x:t></x:si>\n` +
    `  <x:si><x:r><x:t xml:space='preserve'>Korea, </x:t></x:r><!-- bold --><x:r><x:rPr><x:b/></x:rPr><x:t>Rep.</x:t></x:r>` +
    `</x:si>\n</x:sst>`,
  sheet: `<x:worksheet xmlns:x='${MAIN}'>\n<x:sheetData>\n` +
    `  <x:row r='1'>\n    <x:c r='A1' t='s'><x:v>0</x:v></x:c>\n    <x:c r='B1'><x:v>2042<!-- split -->2.8</x:v></x:c>\n` +
    `    <x:c r='C1' t='inlineStr'><x:is><x:t>A <![CDATA[<&>]]> B</x:t></x:is></x:c>\n  </x:row>\n` +
    `  <x:row r='2'><x:c r='A2' t='s'><x:v>1</x:v></x:c><x:c r='B2'><x:f>B1*2</x:f><x:v>40845.6</x:v></x:c>` +
    `<x:c r='C2' t='b'><x:v>1</x:v></x:c></x:row>\n` +
    `  <x:row r='4'><x:c r='A4' t='str'><x:v>n.a.</x:v></x:c></x:row>\n` +
    `</x:sheetData>\n<x:mergeCells count='1'><x:mergeCell ref='A4:C4'/></x:mergeCells>\n</x:worksheet>`,
};

Deno.test("xlsx reader: namespace prefixes, single quotes, CDATA and comments read as Excel's own XML does", async () => {
  const excel = handWrittenWorkbook(AS_EXCEL_WRITES);
  const theirs = new ExcelJS.Workbook();
  await theirs.xlsx.load(excel as never);
  const ours = await loadWorkbook(excel, "excel.xlsx");
  assertSameCells(ours, theirs, "as Excel writes it, against exceljs");
  const other = await loadWorkbook(handWrittenWorkbook(IN_OTHER_FORMS), "other.xlsx");
  assert.deepEqual(other.worksheets.map((s) => s.name), ["Table & 7"]);
  assertSameCells(other, ours, "in other XML forms");
  const sheet = other.getWorksheet("Table & 7")!;
  assert.deepEqual(sheet.getRow(1).values.slice(1), ["Korea, South", 20422.8, "A <&> B"]);
  assert.deepEqual(sheet.getRow(2).values.slice(1), [{ richText: [{ text: "Korea, " }, { text: "Rep." }] }, {
    formula: "B1*2",
    result: 40845.6,
  }, true]);
  assert.deepEqual(sheet.getRow(4).values.slice(1), ["n.a.", "n.a.", "n.a."]);
});

Deno.test("xlsx reader: a sheet whose XML is malformed fails naming the file when first used", async () => {
  const broken = handWrittenWorkbook({ ...AS_EXCEL_WRITES, sheet: AS_EXCEL_WRITES.sheet.replace("</row>", "</rows>") });
  const sheet = (await loadWorkbook(broken, "x.xlsx")).worksheets[0];
  assert.throws(
    () => sheet.rowCount,
    /^FormatError: x\.xlsx: not a readable \.xlsx workbook \(sheet "Table & 7": 2:\d+: unexpected close tag/,
  );
});
