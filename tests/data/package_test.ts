/**
 * `data/datapackage.json` as properties of whatever resources it lists (an importer's, or one `update --settle`
 * fetched): each has its file, exactly as recorded, and says where its figures come from; no data file is left
 * undescribed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseDescriptor } from "../../lib/analysis/catalog/datapackage.ts";
import { sha256 } from "../../lib/analysis/catalog/reads.ts";
import { exists, ROOT } from "../helpers/paths.ts";

const DATA = join(ROOT, "data");
const descriptor = parseDescriptor(Deno.readTextFileSync(join(DATA, "datapackage.json")), "data/datapackage.json");

Deno.test("datapackage.json: every resource has its file, with the size and SHA-256 it records", async () => {
  assert.ok(descriptor.resources.length > 0, "no resources");
  for (const resource of descriptor.resources) {
    const file = join(DATA, resource.path);
    assert.ok(exists(file), `${resource.name}: ${resource.path} is missing; run deno task data:import`);
    assert.ok(resource.bytes !== undefined && resource.hash !== undefined, `${resource.name}: no bytes or hash`);
    const bytes = await Deno.readFile(file);
    assert.equal(bytes.length, resource.bytes, `${resource.name}: size`);
    assert.equal(`sha256:${sha256(bytes)}`, resource.hash, `${resource.name}: SHA-256`);
  }
});

Deno.test("datapackage.json: every resource names its licence, where each source is, and what produced it", () => {
  for (const resource of descriptor.resources) {
    assert.ok((resource.licenses ?? []).length > 0, `${resource.name}: no licence`);
    for (const source of resource.sources) {
      const where = source.path ?? (source as { citation?: string }).citation ?? "";
      assert.ok(where.trim().length > 0, `${resource.name}: source “${source.title}” gives no address or citation`);
    }
    const importer = resource.producedBy?.importer;
    assert.ok(importer && exists(join(ROOT, importer)), `${resource.name}: produced by ${importer}, not in the tree`);
    // An importer's inputs are files of data/raw, each folder with its PROVENANCE.md; an update's are requests.
    for (const input of (resource.producedBy?.inputs ?? []).filter((i) => i.path.startsWith("data/raw/"))) {
      assert.ok(exists(join(ROOT, input.path)), `${resource.name}: input ${input.path} is missing`);
      const folder = input.path.split("/").slice(0, 3).join("/");
      assert.ok(exists(join(ROOT, folder, "PROVENANCE.md")), `${resource.name}: ${folder} has no PROVENANCE.md`);
    }
  }
});

Deno.test("data/: every data file is a resource of datapackage.json", () => {
  const described = new Set(descriptor.resources.map((r) => r.path));
  const files = [...Deno.readDirSync(DATA)]
    .filter((e) => e.isFile && /\.(csv|arrow)$/.test(e.name))
    .map((e) => e.name);
  assert.ok(files.length > 0, "no data files");
  assert.deepEqual(files.filter((name) => !described.has(name)), [], "files no resource describes");
});
