import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";

/** Statistics danfojs computes with mathjs and TensorFlow.js, as JSON. */
const STATISTICS = `
const df = new dfd.DataFrame({ a: [1, 2, 3, 4.5, 10, 2], b: [2, 9, 3, 3, 1, 7.25] });
const s = new dfd.Series([1, 2, 2, 5, 8.5]);
console.log(JSON.stringify({
  describe: dfd.toJSON(df.describe()),
  median: s.median(), mode: s.mode(), std: s.std(), variance: s.var(), mean: s.mean(),
}));`;

async function runScript(body: string): Promise<string> {
  const file = await Deno.makeTempFile({ prefix: "claimbook-danfo-", suffix: ".ts" });
  try {
    await Deno.writeTextFile(file, body);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", join(ROOT, "deno.json"), file],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout).trim();
  } finally {
    await Deno.remove(file);
  }
}

const LOADER = JSON.stringify(join(ROOT, "lib/analysis/danfo-loader.ts"));

/**
 * danfojs loaded lighter, in a process of its own, as JSON lines: first what seeding the module cache did (checked
 * before danfojs is imported, as a notebook's first `importDanfojs()` finds it), then the statistics, then what the
 * xlsx stand-in and mathjs are once danfojs is loaded. One Deno process for both tests below (each costs 0.4 s).
 */
let lighterRun: Promise<{ seeding: Record<string, unknown>; statistics: string; after: Record<string, unknown> }>;
function lighter() {
  return lighterRun ??= runScript(`
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { importDanfojs, seedModuleCache } from ${LOADER};
const seeded = seedModuleCache();
const fromDanfo = createRequire(createRequire(fileURLToPath(import.meta.resolve("danfojs"))).resolve("../../danfojs-base/core/series.js"));
const xlsxPath = fromDanfo.resolve("xlsx");
const before = Object.keys(fromDanfo.cache).filter((p) => p.includes("/xlsx/")).length;
console.log(JSON.stringify({ seeded, before }));
const dfd = await importDanfojs();
${STATISTICS}
const standIn = fromDanfo("xlsx");
const bookNew = typeof standIn.utils.book_new;
const mathjs = fromDanfo("mathjs");
console.log(JSON.stringify({ bookNew, version: mathjs.version }));
`).then((output) => {
      const [seeding, statistics, after] = output.split("\n");
      return { seeding: JSON.parse(seeding), statistics, after: JSON.parse(after) };
    });
}

Deno.test("danfojs loaded lighter computes what danfojs loaded as it comes computes", async () => {
  const plain = await runScript(`const dfd = await import("danfojs");\n${STATISTICS}`);
  const { statistics } = await lighter();
  assert.equal(statistics, plain);
  const parsed = JSON.parse(statistics);
  assert.equal(parsed.median, 2);
  assert.deepEqual(parsed.mode, [2]);
  assert.equal(parsed.describe[0].a, 6); // count
});

Deno.test("danfo loader: mathjs comes from its single-file build; xlsx loads on first use", async () => {
  const { seeding, after } = await lighter();
  assert.deepEqual(seeding.seeded, ["mathjs", "xlsx"]);
  assert.equal(seeding.before, 1); // only the stand-in: the real module was not loaded
  assert.equal(after.bookNew, "function");
  assert.equal(after.version, "9.4.4");
});
