import assert from "node:assert/strict";
import { csvRowsExcerpt } from "../../lib/workspace/site/csv-rows.ts";

Deno.test("csv rows: the header and the chosen rows, as their lines read in the file, in file order", () => {
  const text = '\ufeffyear,note\r\n2018,plain\r\n\r\n2019,"two\r\nlines"\r\n2020,"a ""quote"""\r\n';
  // Rows as load() numbers them: the blank line is skipped, the quoted cell spans two lines.
  assert.equal(
    csvRowsExcerpt(text, [2, 1], "x.csv"),
    '\ufeffyear,note\r\n2019,"two\r\nlines"\r\n2020,"a ""quote"""\r\n',
  );
  assert.equal(csvRowsExcerpt(text, [0, 0], "x.csv"), "\ufeffyear,note\r\n2018,plain\r\n");
  assert.equal(csvRowsExcerpt("a,b\n1,2", [0], "x.csv"), "a,b\n1,2", "a last line without a line end");
});

Deno.test("csv rows: a row the file does not have gives nothing", () => {
  assert.equal(csvRowsExcerpt("a,b\n1,2\n", [1], "x.csv"), undefined);
  assert.equal(csvRowsExcerpt("a,b\n1,2\n", [-1], "x.csv"), undefined);
});
