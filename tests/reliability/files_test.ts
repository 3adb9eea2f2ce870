/**
 * Damaged files are refused where they are damaged, never read as wrong
 * numbers: a CSV cut short (its last value `3553017368` once read as
 * `35530`) or edited after `data:import` (size and SHA-256 recorded in
 * datapackage.json), bytes that are not UTF-8 (once read as U+FFFD), mixed
 * CRLF and LF line ends (once "expected 4 cells, found 9"), a CSV too big
 * to read within a cell's time, and JSON syntax errors in documents.json
 * and notebooks, located by line and column.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { CatalogError, load } from "../../lib/analysis/catalog/mod.ts";
import { CSV_MAX_BYTES } from "../../lib/analysis/catalog/load.ts";
import { DocumentsFileError, readDocumentsFile } from "../../lib/workspace/ledger/check.ts";
import { NotebookError, readNotebook } from "../../lib/workspace/executor/notebook.ts";
import { TRADE_FIELDS, writeFixturePackage } from "../helpers/fixture_data.ts";
import { ROOT } from "../helpers/paths.ts";

const GOOD = "partner,year,exports,imports\nKOR,2019,1,2\nKOR,2020,3,3553017368";

/** A package whose descriptor records the size and hash of GOOD; returns its folder and the CSV's path. */
async function recordedPackage(): Promise<{ dir: string; csv: string; cleanup: () => Promise<void> }> {
  const dir = await writeFixturePackage([{ name: "trade", csv: GOOD, fields: TRADE_FIELDS }]);
  const descriptorPath = join(dir, "datapackage.json");
  const descriptor = JSON.parse(await Deno.readTextFile(descriptorPath));
  const bytes = new TextEncoder().encode(GOOD);
  descriptor.resources[0].bytes = bytes.length;
  descriptor.resources[0].hash = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  await Deno.writeTextFile(descriptorPath, JSON.stringify(descriptor, null, 2));
  return { dir, csv: join(dir, "trade.csv"), cleanup: () => Deno.remove(dir, { recursive: true }) };
}

function refused(run: () => unknown, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CatalogError, `expected a CatalogError, got ${error}`);
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("a CSV cut off after data:import is refused, naming the file, both sizes and the fix", async () => {
  const { dir, csv, cleanup } = await recordedPackage();
  try {
    assert.equal(
      (load("trade", { dataDir: dir }).objects().at(-1) as { imports: number }).imports,
      3553017368,
      "the whole file loads",
    );
    await Deno.writeTextFile(csv, GOOD.slice(0, -5)); // "…,35530": still a valid number
    refused(
      () => load("trade", { dataDir: dir }),
      /trade\.csv: the file is 58 bytes but datapackage\.json records 63; it looks cut off; run `deno task data:import`.* set "bytes" to 58 and "hash" to "sha256:[0-9a-f]{64}" for resource "trade"/,
    );
  } finally {
    await cleanup();
  }
});

Deno.test("a CSV edited in place (same size) is refused by its SHA-256", async () => {
  const { dir, csv, cleanup } = await recordedPackage();
  try {
    await Deno.writeTextFile(csv, GOOD.replace("KOR,2019,1,2", "KOR,2019,9,2"));
    refused(
      () => load("trade", { dataDir: dir }),
      /trade\.csv: the file's SHA-256 is [0-9a-f]{64} but datapackage\.json records [0-9a-f]{64}: it changed after it was written/,
    );
  } finally {
    await cleanup();
  }
});

Deno.test("bytes that are not UTF-8 fail with file:line instead of turning into U+FFFD", async () => {
  const dir = await writeFixturePackage([{ name: "trade", csv: "", fields: TRADE_FIELDS }]);
  try {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode("partner,year,exports,imports\nKOR,2019,1,2\n"),
      0x43,
      0xf4,
      0x74,
      0x65,
      ...new TextEncoder().encode(",2019,1,2\n"),
    ]);
    await Deno.writeFile(join(dir, "trade.csv"), latin1);
    refused(() => load("trade", { dataDir: dir }), /trade\.csv:3: byte 0xF4 is not UTF-8 \(a file saved as Latin-1/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mixed CRLF and LF line ends say so, with the line", async () => {
  const dir = await writeFixturePackage([{
    name: "trade",
    csv: "partner,year,exports,imports\r\nKOR,2019,1,2\r\nKOR,2020,1,2\nKOR,2021,1,2\r\n",
    fields: TRADE_FIELDS,
  }]);
  try {
    refused(
      () => load("trade", { dataDir: dir }),
      /trade\.csv:3: mixed line ends: line 1 ends in CRLF \(Windows\) but line 3 ends in LF alone/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a CSV too big to read within a cell's time is refused at once, pointing to the columnar path", async () => {
  const dir = await writeFixturePackage([{ name: "trade", csv: GOOD, fields: TRADE_FIELDS }]);
  try {
    await Deno.truncate(join(dir, "trade.csv"), CSV_MAX_BYTES + 1); // sparse: no time to write it
    const started = performance.now();
    refused(
      () => load("trade", { dataDir: dir }),
      /trade\.csv: the file is 32\.0 MB, too big for the CSV path \(at most 32\.0 MB.*store resource "trade" as Arrow/,
    );
    assert.ok(performance.now() - started < 1000, "refused before reading");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a syntax error in documents.json or in a notebook is located by line and column", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-json-" });
  try {
    await Deno.writeTextFile(join(dir, "documents.json"), '{\n  "documents": [],\n  "claims": [],\n}\n');
    await assert.rejects(() => readDocumentsFile(dir), (error: unknown) => {
      assert.ok(error instanceof DocumentsFileError);
      assert.match(
        error.message,
        /documents\.json: not valid JSON at line 4, column 1: a property name in double quotes was expected/,
      );
      return true;
    });
    const notebook = join(dir, "broken.ipynb");
    await Deno.writeTextFile(notebook, '{\n "cells": [\n  {"cell_type": "code" "source": "1"}\n ]\n}\n');
    await assert.rejects(() => readNotebook(notebook, { root: ROOT }), (error: unknown) => {
      assert.ok(error instanceof NotebookError);
      assert.match(
        error.message,
        /broken\.ipynb: not a valid notebook: the file is not valid JSON \(',' was expected at line 3, column 24\)/,
      );
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
