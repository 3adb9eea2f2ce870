/**
 * The notebooks are formatted as `deno fmt` formats them, with the
 * workspace's options (see `lib/workspace/notebook/fmt.ts` for why the
 * notebooks are formatted through it rather than by `deno fmt --check`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { formatNotebookText } from "../../lib/workspace/notebook/fmt.ts";
import { ROOT } from "../helpers/paths.ts";

Deno.test("notebooks: deno fmt leaves every notebook unchanged", async () => {
  const names = [...Deno.readDirSync(join(ROOT, "notebooks"))]
    .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => e.name)
    .sort();
  assert.ok(names.length > 0, "no notebooks found");
  const changed: string[] = [];
  for (const name of names) {
    const committed = await Deno.readTextFile(join(ROOT, "notebooks", name));
    if ((await formatNotebookText(committed, ROOT)) !== committed) changed.push(name);
  }
  assert.deepEqual(changed, [], `not formatted: ${changed.join(", ")}; run \`deno task fmt\``);
});
