/**
 * The cache key leaves `lib/workspace/` out because no notebook reaches it:
 * this follows Deno's module graph from everything a notebook can import
 * and fails, naming the importing file, when anything escapes the key.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type UnhashedImport, unhashedImports } from "../helpers/kernel_imports.ts";
import { ROOT, tempDir } from "./helpers.ts";

const describe = (found: UnhashedImport[]) => found.map((f) => `  ${f.importer} imports ${f.imported}: ${f.why}`);

Deno.test("nothing a notebook can import reaches outside the cache key (lib/ without lib/workspace/, deno.json, deno.lock)", async () => {
  const found = await unhashedImports(ROOT);
  assert.deepEqual(
    found,
    [],
    `a notebook could read these without the cache seeing a change (environmentFiles in ` +
      `lib/workspace/executor/cache.ts):\n${describe(found).join("\n")}\nmove what notebooks need out of ` +
      `lib/workspace/, or add it to the cache key`,
  );
});

Deno.test("the check names the importer of lib/workspace/, a file beside the notebooks and a computed import", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const files: Record<string, string> = {
      "deno.json": JSON.stringify({ imports: { "@lib/": "./lib/" } }),
      "lib/analysis/mod.ts": 'export * from "./helper.ts";\nexport * from "./loader.ts";\n',
      "lib/analysis/helper.ts": 'import { secret } from "../workspace/secret.ts";\nexport const x = secret;\n',
      "lib/analysis/loader.ts": "// import(name) in a comment is no import\nexport const load = (name: string) =>\n" +
        '  import(name);\nexport const fixed = () => import("./helper.ts");\n',
      "lib/workspace/secret.ts": "export const secret = 1;\n",
      "shared/y.ts": "export const y = 2;\n",
      "notebooks/a.ipynb": JSON.stringify({
        cells: [
          { cell_type: "markdown", source: 'import "../nowhere.ts" in prose is no import' },
          {
            cell_type: "code",
            source: ['import { x } from "@lib/analysis/mod.ts";\n', 'import { y } from "../shared/y.ts";'],
          },
        ],
      }),
    };
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(join(dir, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, path), text);
    }
    const found = await unhashedImports(dir);
    assert.deepEqual(found.map((f) => [f.importer, f.imported]).sort(), [
      ["lib/analysis/helper.ts", "lib/workspace/secret.ts"],
      ["lib/analysis/loader.ts:3", "import(name);"],
      ["notebooks/a.ipynb", "shared/y.ts"],
    ], describe(found).join("\n"));
  } finally {
    await cleanup();
  }
});
