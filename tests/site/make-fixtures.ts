/**
 * Regenerates the site renderer's fixtures under `tests/fixtures/site/`:
 * writes the two fixture notebooks, executes them with Jupyter and the Deno
 * kernel against the fixture data (`CLAIMBOOK_DATA_DIR`), and writes the
 * fixture ledger from their verdict outputs. The results are committed, so
 * tests never need the kernel.
 *
 *   deno run -A tests/site/make-fixtures.ts
 *
 * @module
 */

import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VERDICT_KINDS, VERDICT_MIME, type VerdictData, type VerdictKind } from "../../lib/analysis/claims/verdict.ts";
import { type Ledger, LEDGER_SCHEMA, type LedgerEntry } from "../../lib/workspace/ledger/types.ts";
import { parseDocuments } from "../../lib/analysis/claims/registry.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/site/", import.meta.url));

/** Fixed so the committed ledger does not change on every run. */
export const FIXTURE_GENERATED = "2025-01-15T12:00:00.000Z";

type CellSpec = { markdown: string } | { code: string };

const ALPHA: CellSpec[] = [
  {
    markdown: [
      "# Checking the Alpha Review",
      "",
      "This notebook reproduces the figures of the *Alpha Review* from the Census series, claim by claim.",
    ].join("\n"),
  },
  {
    code: [
      'import { chart, check, load, show, usdMillions, valueAt } from "@lib/analysis/mod.ts";',
      'import * as Plot from "@observablehq/plot";',
      'const trade = load("fixture-balance");',
    ].join("\n"),
  },
  { markdown: "## The data\n\nUS goods trade with Korea, in US$ millions. A negative balance is a US deficit." },
  {
    code: [
      "const table = trade.derive({ balance: (d) => d.exports - d.imports });",
      'show(table, { caption: "US goods trade with Korea, US$ millions" })',
    ].join("\n"),
  },
  {
    code: [
      "const rows = (table.objects() as { year: number; balance: number }[])",
      "  .map((r) => ({ year: r.year, balance: Math.round(r.balance) / 1000 }));",
      "chart({",
      '  title: "US goods balance with Korea",',
      '  subtitle: "US$ billions; negative means a US deficit",',
      "  source: [trade],",
      "  data: rows,",
      '  alt: "Line chart: the US goods balance with Korea fell from −13.2 billion dollars in 2011 to −27.7 billion in 2016.",',
      '  x: { label: "Year", tickFormat: "d", ticks: 6 },',
      '  y: { label: "US$ billions", grid: true },',
      '  marks: [Plot.ruleY([0]), Plot.lineY(rows, { x: "year", y: "balance" }), Plot.dot(rows, { x: "year", y: "balance" })],',
      "})",
    ].join("\n"),
  },
  { markdown: "## The claims\n\n### The deficit in 2016" },
  {
    code: [
      "const y2016 = (table.objects() as Record<string, number>[]).find((r) => r.year === 2016)!;",
      "const y2011 = (table.objects() as Record<string, number>[]).find((r) => r.year === 2011)!;",
      'check("alpha-deficit-2016", usdMillions(y2016.imports - y2016.exports), { sources: [trade] })',
    ].join("\n"),
  },
  { markdown: "### Exports in 2016" },
  {
    code: [
      'const exports2016 = valueAt(table, "exports", { year: 2016 }); // reads row 5 of the file, which the verdict names',
      'check("alpha-exports-2016", usdMillions(exports2016), { sources: [trade], note: "Census basis, not seasonally adjusted." })',
    ].join("\n"),
  },
  { markdown: "### Imports in 2011" },
  {
    code: [
      'check("alpha-imports-2011", usdMillions(y2011.imports), {',
      "  sources: [trade],",
      '  explain: "The review probably used the 2012 figure, or a rounded-up number.",',
      "})",
    ].join("\n"),
  },
  { markdown: "### The services surplus" },
  {
    code: [
      'check("alpha-services-2016", null, {',
      '  settle: "BEA\'s international services by country (Table 2.3), 2016, Korea row.",',
      "})",
    ].join("\n"),
  },
  {
    markdown: [
      "## Odds and ends",
      "",
      "The cells below exercise the renderer: output in colour, an image, hostile markup that must render inert,",
      "and a cell that fails. See also the [Beta notebook](beta-blog-post.ipynb).",
    ].join("\n"),
  },
  {
    code: [
      'console.log("plain stdout line");',
      'console.log("\\x1b[32mgreen\\x1b[0m and \\x1b[1;31mbold red\\x1b[0m");',
      'console.error("a warning on stderr");',
      '({ year: 2016, label: "returned value", ok: true })',
    ].join("\n"),
  },
  {
    code: [
      "// A small raster image, as a plotting library would display it.",
      `await Deno.jupyter.display({ "image/png": "${
        pngSquare(24)
      }", "text/plain": "A 24 by 24 pixel blue square" }, { raw: true });`,
    ].join("\n"),
  },
  {
    markdown: [
      "A hostile markdown cell: <script>alert(1)</script>",
      "",
      "<img src=x onerror=alert(1)>",
      "",
      '<a href="javascript:alert(1)">a javascript: link</a>',
      "",
      '<p onclick="alert(1)" style="background:url(https://example.org/x.png)">click me</p>',
    ].join("\n"),
  },
  {
    code: [
      "await Deno.jupyter.display({",
      `  "text/html": "<b>bold from HTML</b><script>alert(2)</script><img src=x onerror=alert(3)><iframe src='https://example.org'></iframe>",`,
      '  "text/plain": "hostile html",',
      "}, { raw: true });",
    ].join("\n"),
  },
  { code: 'throw new Error("this cell fails on purpose");' },
];

const BETA: CellSpec[] = [
  {
    markdown: [
      "## Data",
      "",
      "The same Census series as the [Alpha notebook](alpha-trade-review.ipynb). This notebook has no title of its own:",
      "its page takes the document's.",
    ].join("\n"),
  },
  {
    code: [
      'import { chart, check, load, ratio, usdMillions } from "@lib/analysis/mod.ts";',
      'import * as Plot from "@observablehq/plot";',
      'const trade = load("fixture-balance");',
      "const rows = trade.objects() as { year: number; exports: number; imports: number }[];",
      "const first = rows[0], last = rows[rows.length - 1];",
    ].join("\n"),
  },
  {
    code: [
      "const imports = rows.map((r) => ({ year: String(r.year), imports: r.imports / 1000 }));",
      "chart({",
      '  title: "US goods imports from Korea",',
      '  subtitle: "US$ billions",',
      "  source: [trade],",
      "  data: imports,",
      '  alt: "Bar chart: US imports from Korea rose from 56.7 billion dollars in 2011 to 69.9 billion in 2016.",',
      '  x: { type: "band", label: "Year" },',
      '  y: { label: "US$ billions", grid: true },',
      '  marks: [Plot.barY(imports, { x: "year", y: "imports", fill: "steelblue" }), Plot.ruleY([0])],',
      "})",
    ].join("\n"),
  },
  { markdown: "## Claims" },
  {
    code: [
      "const deficit = (r: typeof first) => r.imports - r.exports;",
      'check("beta-deficit-doubled", ratio(deficit(last) / deficit(first)), { sources: [trade] })',
    ].join("\n"),
  },
  { code: 'check("beta-imports-2016", usdMillions(last.imports), { sources: [trade] })' },
];

function notebook(documentId: string, cells: CellSpec[]): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      claimbook: { document: documentId },
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts" },
    },
    cells: cells.map((cell, index) => {
      const id = `${documentId.split("-")[0]}-${String(index).padStart(2, "0")}`;
      return "markdown" in cell
        ? { id, cell_type: "markdown", metadata: {}, source: cell.markdown }
        : { id, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: cell.code };
    }),
  };
}

/** A solid square PNG, built by hand so the fixture needs no image library. */
function pngSquare(size: number): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  };
  const uint32 = (value: number) => {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value);
    return bytes;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const body = concat([new TextEncoder().encode(type), data]);
    return concat([uint32(data.length), body, uint32(crc(body))]);
  };
  const header = concat([uint32(size), uint32(size), new Uint8Array([8, 2, 0, 0, 0])]);
  const row = new Uint8Array([0, ...Array.from({ length: size }, () => [31, 111, 235]).flat()]);
  const pixels = new Uint8Array(deflateSync(concat(Array.from({ length: size }, () => row))));
  const png = concat([
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", pixels),
    chunk("IEND", new Uint8Array()),
  ]);
  return btoa(String.fromCharCode(...png));
}

/**
 * Whether every output a cell should have arrived. Under load, `nbconvert`
 * with the Deno kernel sometimes records a cell with no outputs (reported to
 * the executor's owners); the fixture is re-executed until it is complete.
 */
function complete(
  executed: {
    cells: { cell_type: string; source: string | string[]; outputs?: { output_type: string; name?: string }[] }[];
  },
): boolean {
  return executed.cells.every((cell) => {
    if (cell.cell_type !== "code") return true;
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const outputs = cell.outputs ?? [];
    const lastLine = source.trim().split("\n").pop() ?? "";
    const wantsResult = !lastLine.endsWith(";") && !lastLine.startsWith("//");
    if (wantsResult && !outputs.some((o) => o.output_type === "execute_result" || o.output_type === "error")) {
      return false;
    }
    if (source.includes("throw ") && !outputs.some((o) => o.output_type === "error")) return false;
    for (const name of ["stdout", "stderr"]) {
      const writes = source.includes(name === "stdout" ? "console.log" : "console.error");
      if (writes && !outputs.some((o) => o.output_type === "stream" && o.name === name)) return false;
    }
    if (source.includes("Deno.jupyter.display") && !outputs.some((o) => o.output_type === "display_data")) return false;
    return true;
  });
}

async function execute(stem: string): Promise<void> {
  const path = join(FIXTURES, "build", "notebooks", `${stem}.ipynb`);
  for (let attempt = 1; attempt <= 6; attempt++) {
    await executeOnce(stem);
    const executed = JSON.parse(await Deno.readTextFile(path));
    if (complete(executed)) {
      // Execution timestamps change on every run; without them a re-run that changes nothing leaves no diff.
      for (const cell of executed.cells) delete cell.metadata?.execution;
      await Deno.writeTextFile(path, JSON.stringify(executed, null, 1) + "\n");
      return;
    }
    console.warn(`${stem}: some outputs are missing after attempt ${attempt}; executing again`);
  }
  throw new Error(`${stem}: outputs still missing after 6 attempts`);
}

async function executeOnce(stem: string): Promise<void> {
  const command = new Deno.Command("jupyter", {
    args: [
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--allow-errors",
      "--ExecutePreprocessor.kernel_name=deno",
      "--output-dir",
      join(FIXTURES, "build", "notebooks"),
      join(FIXTURES, "notebooks", `${stem}.ipynb`),
    ],
    env: { CLAIMBOOK_DATA_DIR: join(FIXTURES, "data"), NO_COLOR: "" },
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await command.output();
  if (code !== 0) throw new Error(`jupyter nbconvert failed on ${stem} (exit ${code})`);
}

async function ledgerOf(stems: string[]): Promise<Ledger> {
  const documents = parseDocuments(await Deno.readTextFile(join(FIXTURES, "data", "documents.json")), "documents.json");
  const verdicts: LedgerEntry[] = [];
  for (const stem of stems) {
    const nb = JSON.parse(await Deno.readTextFile(join(FIXTURES, "build", "notebooks", `${stem}.ipynb`)));
    nb.cells.forEach((cell: { id: string; outputs?: { data?: Record<string, unknown> }[] }, index: number) => {
      for (const output of cell.outputs ?? []) {
        const data = output.data?.[VERDICT_MIME] as VerdictData | undefined;
        if (data) verdicts.push({ ...data, notebook: `notebooks/${stem}.ipynb`, cell: index, cellId: cell.id });
      }
    });
  }
  const zero = () => Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0])) as Record<VerdictKind, number>;
  const totals = zero();
  for (const v of verdicts) totals[v.verdict]++;
  return {
    schema: LEDGER_SCHEMA,
    generated: FIXTURE_GENERATED,
    documents: documents.documents.map((d) => {
      const counts = zero();
      for (const v of verdicts.filter((v) => v.document === d.id)) counts[v.verdict]++;
      return { id: d.id, title: d.title, notebook: `notebooks/${d.id}.ipynb`, counts };
    }),
    totals,
    verdicts,
  };
}

if (import.meta.main) {
  const sources: Record<string, CellSpec[]> = { "alpha-trade-review": ALPHA, "beta-blog-post": BETA };
  for (const [stem, cells] of Object.entries(sources)) {
    await Deno.writeTextFile(
      join(FIXTURES, "notebooks", `${stem}.ipynb`),
      JSON.stringify(notebook(stem, cells), null, 1) + "\n",
    );
    await execute(stem);
  }
  const ledger = await ledgerOf(Object.keys(sources));
  await Deno.writeTextFile(join(FIXTURES, "build", "claims.json"), JSON.stringify(ledger, null, 2) + "\n");
  console.log(`fixtures written: ${ledger.verdicts.length} verdicts`, ledger.totals);
}
