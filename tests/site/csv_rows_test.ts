import assert from "node:assert/strict";
import { csvRowsExcerpt } from "../../lib/workspace/site/csv-rows.ts";
import { parseCsvRows, recordLines } from "../../lib/analysis/catalog/csv.ts";

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

Deno.test("csv rows: records start on the lines the catalog's parse gives, with or without quoted line breaks", () => {
  const texts = [
    "a,b\n1,2\n\n3,4\n",
    "\ufeffa,b\r\n1,2\r\n   \r\n3,4",
    'a,b\n1,"x\ny"\n\n2,"p ""q"""\n,\n',
    "a\n\n\n1\n2\n\n",
    // A line break right after an escaped quote, a cell of quotes only, a CR inside quotes, a first cell quoted
    // over two lines, a blank line of a non-breaking space (blank to trim()), a line that starts with one.
    'a,b\n"x""\ny",1\n"""",2\n',
    'a,b\r\n1,"2\r"\r\n3,4\r\n',
    '"a\nb",c\n1,2\n',
    "h\n\u00a0\n1\n\u00a0x\n",
  ];
  for (const text of texts) {
    const records = recordLines(text, "x.csv");
    assert.deepEqual(records.problems, []);
    assert.deepEqual(records.lines.slice(1), parseCsvRows(text, "x.csv").lines, JSON.stringify(text));
  }
  assert.deepEqual(recordLines("a,b\n\n1,2\n", "x.csv").lines, [1, 3]);
  assert.equal(recordLines("a,b\r\n1,2\n", "x.csv").problems.length, 1, "mixed line ends");
  assert.equal(recordLines("  \n", "x.csv").problems.length, 1, "empty");
});
