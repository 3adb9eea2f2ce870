/**
 * A sixth document, added as a person would: in a copy of the workspace, `deno task new --from` on a short text,
 * the generated notebook run as written (by the executor, in this process, as `deno task run` runs it), then the
 * proposed claim accepted, one claim and its `check()` added by hand, the notebook run again, and the suites that
 * check documents and notebooks run there. They must pass: the suite checks properties of whatever documents exist,
 * not the corpus it was written for.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { VERDICT_MIME } from "../../lib/analysis/claims/verdict.ts";
import { renderWorkspace } from "../../lib/workspace/render/pipeline.ts";
import { lines } from "../../lib/workspace/scaffold/mod.ts";
import { exists, ROOT } from "../helpers/paths.ts";

const ID = "korea-russia-note-2020";
// One numeric statement the data can check (IMF DOTS: Korea's exports to Russia in 2019 were US$7,789.8 million,
// tests/data/curate_test.ts), and one yes/no statement `--from` leaves to the person (Korea's imports from Russia
// that year, US$14,531.5 million, were larger).
const ARTICLE =
  "South Korea's exports to Russia reached $7.8 billion in 2019. Korea still ran a deficit with Russia that year.\n";
const DEFICIT_QUOTE = "Korea still ran a deficit with Russia that year";

/** The suites that read documents.json and the notebooks, and cost a second or two (none renders a notebook). */
const SUITES = [
  "tests/data/documents_test.ts",
  "tests/notebooks/notebooks_test.ts",
  "tests/notebooks/format_test.ts",
  "tests/jupyter/markdown_test.ts",
];

/** Copies a folder, leaving out the given paths (relative to `from`). */
async function copyTree(from: string, to: string, leaveOut: string[] = [], at = ""): Promise<void> {
  await Deno.mkdir(join(to, at), { recursive: true });
  for await (const entry of Deno.readDir(join(from, at))) {
    const path = join(at, entry.name);
    if (leaveOut.includes(path)) continue;
    if (entry.isDirectory) await copyTree(from, to, leaveOut, path);
    else if (entry.isFile) await Deno.copyFile(join(from, path), join(to, path));
  }
}

/**
 * What a person needs to add a document: the workspace's code, data (not data/raw: nothing here rebuilds it),
 * notebooks and tests, and the worktree's node_modules linked (Deno's nodeModulesDir "manual" uses it as it is).
 * The catalog's cache of parsed tables (`_build/cache/`, each keyed by its file's SHA-256 and schema) is the
 * workspace's, linked when there is one: the copy's files are the same, so `new` and the kernels need not parse and
 * validate every CSV again.
 */
async function workspaceCopy(): Promise<string> {
  const copy = await Deno.makeTempDir({ prefix: "claimbook-sixth-" });
  for (const file of ["deno.json", "deno.lock", "main.ts"]) await Deno.copyFile(join(ROOT, file), join(copy, file));
  await copyTree(join(ROOT, "lib"), join(copy, "lib"));
  await copyTree(join(ROOT, "notebooks"), join(copy, "notebooks"));
  await copyTree(join(ROOT, "tests"), join(copy, "tests"), ["artifacts"]);
  await copyTree(join(ROOT, "data"), join(copy, "data"), ["raw"]);
  if (exists(join(ROOT, "node_modules"))) await Deno.symlink(join(ROOT, "node_modules"), join(copy, "node_modules"));
  if (exists(join(ROOT, "_build", "cache"))) {
    await Deno.mkdir(join(copy, "_build"));
    await Deno.symlink(join(ROOT, "_build", "cache"), join(copy, "_build", "cache"));
  }
  return copy;
}

/** Runs `deno <args>` in the copy, without this run's CLAIMBOOK_* settings, and returns its exit code and output. */
async function deno(copy: string, args: string[]): Promise<{ code: number; output: string }> {
  const env = Object.fromEntries(Object.entries(Deno.env.toObject()).filter(([k]) => !k.startsWith("CLAIMBOOK_")));
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: copy,
    env: { ...env, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: result.code, output: `${decode(result.stdout)}\n${decode(result.stderr)}` };
}

interface Cell {
  cell_type: string;
  id: string;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  source: string | string[];
  outputs?: { output_type: string; data?: Record<string, unknown> }[];
}

const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/**
 * Runs the notebook as `deno task run <id>` does in the copy — the same executor, in this process (its code is the
 * copy's), the kernel in the copy's notebooks/ with its deno.json — and returns its verdicts (claim → verdict) and
 * its error outputs.
 */
async function run(copy: string): Promise<{ verdicts: Record<string, string>; errors: string[] }> {
  const ran = await renderWorkspace({
    root: copy,
    dataDir: join(copy, "data"),
    notebooks: [ID],
    site: false,
    quiet: true,
    onEvent: () => {},
  });
  assert.ok(ran.ok, JSON.stringify({ failed: ran.failed, errors: ran.errors, ledger: ran.ledgerProblems }));
  assert.deepEqual(ran.ran, [`notebooks/${ID}.ipynb`]);
  const executed = JSON.parse(await Deno.readTextFile(join(copy, "_build", "notebooks", `${ID}.ipynb`)));
  const outputs = (executed.cells as Cell[]).flatMap((c) => c.outputs ?? []);
  const verdicts = outputs.map((o) => o.data?.[VERDICT_MIME] as { claim: string; verdict: string } | undefined)
    .filter((v) => v !== undefined);
  return {
    verdicts: Object.fromEntries(verdicts.map((v) => [v.claim, v.verdict])),
    errors: outputs.filter((o) => o.output_type === "error").map((o) => JSON.stringify(o)),
  };
}

/** The person's edits: accept the proposed claim, fill in the document, add the yes/no claim. */
async function editRecords(copy: string): Promise<string> {
  const path = join(copy, "data", "documents.json");
  const file = JSON.parse(await Deno.readTextFile(path));
  const document = file.documents.find((d: { id: string }) => d.id === ID);
  document.license = "Quoted for the test; short quotes only";
  document.summary = "A short note on Korea's trade with Russia in 2019.";
  for (const claim of file.claims.filter((c: { document: string }) => c.document === ID)) delete claim.status;
  const claimId = `${ID}-deficit-2019`;
  file.claims.push({
    id: claimId,
    document: ID,
    quote: DEFICIT_QUOTE,
    subject: "Whether Korea's goods imports from Russia exceeded its exports to Russia in 2019",
    period: "2019",
    stated: { value: true, unit: "boolean" },
    wording: "ran a deficit",
    tolerance: { kind: "exact" },
  });
  await Deno.writeTextFile(path, JSON.stringify(file, null, 2) + "\n");
  return claimId;
}

/** The person's check: a section before the status table, on the resource the generated notebook loads. */
async function addCheck(copy: string, claimId: string): Promise<void> {
  const path = join(copy, "notebooks", `${ID}.ipynb`);
  const notebook = JSON.parse(await Deno.readTextFile(path));
  const cells = notebook.cells as Cell[];
  const table = /const (\w+) = load\("imf-dots-annual"\);/.exec(cells.map(text).join("\n"))?.[1];
  assert.ok(table, "the generated notebook loads imf-dots-annual");
  const code = [
    "{",
    `  const where = { reporter: "KOR", partner: "RUS", year: 2019 };`,
    `  const exports = quantityAt(${table}, "value", { ...where, flow: "exports" });`,
    `  const imports = quantityAt(${table}, "value", { ...where, flow: "imports" });`,
    `  const deficit = balance(exports, imports).value < 0;`,
    `  await report(check("${claimId}", yesNo(deficit), { sources: [${table}] }));`,
    "}",
  ].join("\n");
  const status = cells.findIndex((c) => c.cell_type === "markdown" && text(c).startsWith("## Status of every claim"));
  assert.ok(status > 0, "the generated notebook has its status section");
  cells.splice(
    status,
    0,
    { cell_type: "markdown", id: "by-hand-1", metadata: {}, source: lines(`## 2. “${DEFICIT_QUOTE}”`) },
    { cell_type: "code", id: "by-hand-2", metadata: {}, source: lines(code), execution_count: null, outputs: [] },
  );
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1) + "\n");
}

Deno.test("a sixth document added with deno task new --from, a claim and a check by hand: it runs, the suites pass", async () => {
  const started = performance.now();
  const copy = await workspaceCopy();
  try {
    await Deno.writeTextFile(join(copy, "article.txt"), ARTICLE);
    const created = await deno(copy, [
      "task",
      "new",
      ID,
      "--from",
      "article.txt",
      "--date",
      "2020-03",
      "--title",
      "Korea–Russia trade in 2019",
      "--publisher",
      "A test desk",
      "--url",
      "https://example.org/korea-russia-2019",
    ]);
    assert.equal(created.code, 0, created.output);
    assert.match(created.output, /Proposed 1 claim\(s\) from article\.txt/);
    const documents = JSON.parse(await Deno.readTextFile(join(copy, "data", "documents.json")));
    const proposed = documents.claims.filter((c: { document: string }) => c.document === ID);
    assert.deepEqual(proposed.map((c: { stated: unknown; status: string }) => [c.stated, c.status]), [
      [{ value: 7.8, unit: "USD billions" }, "proposed"],
    ]);
    assert.equal(documents.documents.at(-1).url, "https://example.org/korea-russia-2019");

    // The notebook as generated runs without error, and its proposed computation confirms the figure (7.79 → 7.8).
    const generated = await run(copy);
    assert.deepEqual(generated, { verdicts: { [proposed[0].id]: "confirmed" }, errors: [] });

    const claimId = await editRecords(copy);
    await addCheck(copy, claimId);
    const edited = await run(copy);
    assert.deepEqual(edited, { verdicts: { [proposed[0].id]: "confirmed", [claimId]: "confirmed" }, errors: [] });

    // Type-checking these files is the main suite's job; here they run over the copy, sixth document included.
    const tested = await deno(copy, ["test", "-A", "--no-check", ...SUITES]);
    assert.equal(tested.code, 0, tested.output);
    assert.match(
      tested.output,
      new RegExp(`${ID}\\.ipynb: checks every claim of its document, each in one cell \\.\\.\\. ok`),
    );
    assert.match(tested.output, /documents\.json: at least one document, and every document has a claim \.\.\. ok/);
  } finally {
    await Deno.remove(copy, { recursive: true });
    console.log(`sixth document: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
});
