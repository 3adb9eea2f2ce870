/**
 * Temporary data packages for tests: write a descriptor and CSV files into
 * a fresh folder and open it with the catalog. The folders are removed when
 * the test process ends (tests may keep reading them until then).
 *
 * @module
 */

import { join } from "node:path";

/** A resource to write: descriptor fields and the CSV text. */
export interface FixtureResource {
  name: string;
  csv: string;
  fields: Record<string, unknown>[];
  primaryKey?: string[];
  grade?: "official" | "secondary";
  /** Default: a fixture release of January 2024. */
  vintage?: { date: string; basis: "release" | "retrieved" | "as-printed"; label: string };
  path?: string;
}

const written = new Set<string>();
globalThis.addEventListener("unload", () => {
  for (const dir of written) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // Removed by its test already.
    }
  }
});

/**
 * Writes a data package into a temporary folder and returns its path.
 *
 * @example
 * ```ts
 * const dir = await writeFixturePackage([{ name: "x", csv: "year,value\n2019,1\n", fields: [...] }]);
 * ```
 */
export async function writeFixturePackage(resources: FixtureResource[], documents?: unknown): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-data-" });
  written.add(dir);
  const descriptor = {
    name: "fixture",
    resources: resources.map((r) => ({
      name: r.name,
      path: r.path ?? `${r.name}.csv`,
      title: `Fixture ${r.name}`,
      grade: r.grade ?? "official",
      vintage: r.vintage ?? { date: "2024-01", basis: "release", label: "fixture publisher's release of January 2024" },
      sources: [{ title: `Fixture publisher table for ${r.name}`, path: "https://example.org/table" }],
      schema: { fields: r.fields, ...(r.primaryKey ? { primaryKey: r.primaryKey } : {}) },
    })),
  };
  await Deno.writeTextFile(join(dir, "datapackage.json"), JSON.stringify(descriptor, null, 2));
  for (const r of resources) await Deno.writeTextFile(join(dir, r.path ?? `${r.name}.csv`), r.csv);
  if (documents !== undefined) {
    await Deno.writeTextFile(join(dir, "documents.json"), JSON.stringify(documents, null, 2));
  }
  return dir;
}

/** Fields of a small annual trade table used by several tests. */
export const TRADE_FIELDS: Record<string, unknown>[] = [
  { name: "partner", type: "string", constraints: { required: true } },
  { name: "year", type: "year", constraints: { required: true } },
  { name: "exports", type: "number", unit: "USD millions", constraints: { minimum: 0 } },
  { name: "imports", type: "number", unit: "USD millions", constraints: { minimum: 0 } },
];
