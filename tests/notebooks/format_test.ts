/**
 * The notebooks are formatted as `deno fmt` formats them. Deno 2.9's
 * `deno fmt --check` reports every `.ipynb` as unformatted on a cold cache
 * even when formatting changes no byte, so `deno task check` leaves the
 * notebooks to this test: it formats copies with the workspace's fmt options
 * and compares them byte for byte with the committed files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";

Deno.test("notebooks: deno fmt leaves every notebook unchanged", async () => {
  const names = [...Deno.readDirSync(join(ROOT, "notebooks"))]
    .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => e.name)
    .sort();
  assert.ok(names.length > 0, "no notebooks found");
  const dir = await Deno.makeTempDir({ prefix: "claimbook-fmt-" });
  try {
    const { fmt } = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
    const { exclude: _exclude, ...options } = fmt ?? {};
    await Deno.writeTextFile(join(dir, "deno.json"), JSON.stringify({ fmt: options }));
    for (const name of names) await Deno.copyFile(join(ROOT, "notebooks", name), join(dir, name));
    const result = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", ...names],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    const changed: string[] = [];
    for (const name of names) {
      const committed = await Deno.readFile(join(ROOT, "notebooks", name));
      const formatted = await Deno.readFile(join(dir, name));
      if (committed.length !== formatted.length || committed.some((b, i) => b !== formatted[i])) changed.push(name);
    }
    assert.deepEqual(changed, [], `not formatted: ${changed.join(", ")}; run \`deno fmt notebooks/\``);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
