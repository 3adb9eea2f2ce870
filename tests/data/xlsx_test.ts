// claimbook's workbook reader against exceljs on the same bytes: every kind of cell value a publisher's workbook
// holds, with the workbook written both ways exceljs writes (shared strings or not, deflated or stored). The real
// workbooks of data/raw go through it in curate_test.ts (data/ rebuilt byte for byte) and bad_input_test.ts.
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { loadWorkbook } from "../../lib/workspace/data/importers/xlsx.ts";

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

Deno.test("xlsx reader: the values, rows and alignment exceljs reads, in workbooks written either way", async () => {
  for (const useSharedStrings of [true, false]) {
    for (const compression of ["STORE", "DEFLATE"] as const) {
      const bytes = await sample({ useSharedStrings, compression });
      const theirs = new ExcelJS.Workbook();
      await theirs.xlsx.load(bytes as never);
      const ours = await loadWorkbook(bytes, "sample.xlsx");
      const how = `${useSharedStrings ? "shared" : "inline"} strings, ${compression}`;
      assert.deepEqual(ours.worksheets.map((s) => s.name), ["Table & 1", "Second"], how);
      for (const expected of theirs.worksheets) {
        const sheet = ours.getWorksheet(expected.name)!;
        const rows = (s: { eachRow: (visit: (row: unknown, n: number) => void) => void }) => {
          const numbers: number[] = [];
          s.eachRow((_, n) => numbers.push(n));
          return numbers;
        };
        assert.deepEqual(rows(sheet), rows(expected), `${how}: rows with values`);
        assert.equal(sheet.rowCount, expected.rowCount, how);
        for (let r = 1; r <= expected.rowCount; r++) {
          const [mine, theirRow] = [sheet.getRow(r), expected.getRow(r)];
          assert.equal(plain(mine.values), plain(theirRow.values), `${how}: row ${r}`);
          assert.equal(mine.hasValues, theirRow.hasValues, `${how}: row ${r}`);
          for (let c = 1; c <= 9; c++) {
            assert.equal(plain(mine.getCell(c).value), plain(theirRow.getCell(c).value), `${how}: ${r}/${c}`);
            assert.equal(mine.getCell(c).alignment?.indent, theirRow.getCell(c).alignment?.indent, `${how}: ${r}/${c}`);
          }
        }
      }
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
