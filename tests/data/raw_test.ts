import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { parseCsvRows } from "../../lib/analysis/catalog/csv.ts";
import { sha256 } from "../../lib/analysis/catalog/reads.ts";
import { parseMarkdownTables } from "../../lib/workspace/data/importers/markdown-table.ts";
import { RESOURCES } from "../../lib/workspace/data/resources/mod.ts";
import { ROOT } from "../helpers/paths.ts";

const RAW = join(ROOT, "data", "raw");

/** Every file under data/raw, relative to it. */
function rawFiles(dir = RAW): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...rawFiles(path));
    else files.push(relative(RAW, path));
  }
  return files.sort();
}

/** Rows of the provenance tables that name a file of the folder: file → { bytes, sha256 }. */
function provenanceListing(folder: string): Map<string, { bytes: number; sha256: string }> {
  const text = Deno.readTextFileSync(join(RAW, folder, "PROVENANCE.md"));
  const listing = new Map<string, { bytes: number; sha256: string }>();
  for (const table of parseMarkdownTables(text, `${folder}/PROVENANCE.md`)) {
    for (const row of table.rows) {
      const cells = row.list.map((c) => c.replaceAll("`", "").trim());
      const file = cells.find((c) => /^[\w.-]+\.(csv|xlsx|md)$/.test(c));
      const hash = cells.find((c) => /^[0-9a-f]{64}$/.test(c));
      const bytes = cells.find((c) => /^\d+$/.test(c));
      if (file && hash && bytes) listing.set(file, { bytes: Number(bytes), sha256: hash });
    }
  }
  return listing;
}

Deno.test("data/raw holds exactly the inputs the importers read, each listed in its folder's PROVENANCE.md", () => {
  const files = rawFiles();
  const inputs = new Set(RESOURCES.flatMap((r) => r.inputs));
  const data = files.filter((f) => !f.endsWith("/PROVENANCE.md"));
  assert.deepEqual(data, [...inputs].sort(), "every file in data/raw is read by an importer, and every input is there");
  const folders = new Set(data.map((f) => f.split("/")[0]));
  for (const folder of folders) {
    assert.ok(files.includes(`${folder}/PROVENANCE.md`), `${folder} has a PROVENANCE.md`);
    const listing = provenanceListing(folder);
    for (const file of data.filter((f) => f.startsWith(`${folder}/`))) {
      const name = file.slice(folder.length + 1);
      const entry = listing.get(name);
      assert.ok(entry, `${folder}/PROVENANCE.md lists ${name} with its bytes and sha256`);
      const bytes = Deno.readFileSync(join(RAW, file));
      assert.equal(bytes.length, entry.bytes, `${file}: size differs from PROVENANCE.md`);
      assert.equal(sha256(bytes), entry.sha256, `${file}: sha256 differs from PROVENANCE.md`);
    }
  }
});

Deno.test("data/raw stays under 20 MB", () => {
  const total = rawFiles().reduce((sum, f) => sum + Deno.statSync(join(RAW, f)).size, 0);
  assert.ok(total < 20 * 1024 * 1024, `data/raw holds ${(total / 1048576).toFixed(1)} MB`);
});

Deno.test("WTO: the filtered file keeps partners 643, 840, 000 of each year's download, as its provenance says", () => {
  const folder = "wto_kor_imports_hs";
  const csv = parseCsvRows(
    Deno.readTextFileSync(join(RAW, folder, "wto_HS_M_0010_reporter410_partners_RUS_USA_World_1996_2019.csv")),
    "wto.csv",
  );
  const at = (name: string) => csv.header.indexOf(name);
  const counts = new Map<string, number>();
  for (const row of csv.rows) {
    const source = row[at("source_file")];
    const match = /^00-data\/wto\/raw\/hsm\/410-(\d{4})\.csv$/.exec(source);
    assert.ok(match, `unexpected source_file ${source}`);
    assert.equal(row[at("Year")], match[1], `${source}: row of another year`);
    assert.ok(["643", "840", "000"].includes(row[at("PartnerEconomyCode")]), `${source}: partner not in the filter`);
    assert.equal(row[at("ReportingEconomyCode")], "410");
    counts.set(`410-${match[1]}.csv`, (counts.get(`410-${match[1]}.csv`) ?? 0) + 1);
  }
  const table = parseMarkdownTables(Deno.readTextFileSync(join(RAW, folder, "PROVENANCE.md")), "PROVENANCE.md")
    .find((t) => t.header.includes("rows kept"));
  assert.ok(table, "PROVENANCE.md has the table of rows kept per source file");
  const stated = new Map(table.rows.map((r) => [r.cells["source file"], Number(r.cells["rows kept"])]));
  assert.deepEqual(counts, stated);
  assert.ok(!counts.has("410-2009.csv"), "no 2009 download");
  assert.equal(counts.size, 23);
});
