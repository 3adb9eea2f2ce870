/**
 * `deno task bench:extract`: how well `new --from` proposes the claims of
 * the four documents, held against their current records in
 * `data/documents.json` (the seed texts are read from ../shared/seeds, never
 * copied; a document whose seed is absent is skipped and said so).
 *
 * - proposed: numeric claims (money, percent, ratio, rank, count, persons)
 *   with a proposal whose quote overlaps the record's quote and carries the
 *   same figure;
 * - right: of all numeric claims, those whose proposal has the record's
 *   stated value (with its sign), unit and tolerance kind;
 * - candidate: of the numeric claims the notebook computes (not `null`),
 *   those for which one of the three candidates reads a resource the
 *   notebook's verdict read, with an operation of the same family (a value
 *   or sum; a change; a multiple; a share; a rank). The resources are those
 *   the verdict records in the claim ledger (`_build/claims.json`, after
 *   `deno task render`); without a ledger, those the `check` call names in
 *   the notebook's code (a resource chosen at run time is then missed).
 *
 *   deno task bench:extract            print the scores
 *   deno task bench:extract --write    and append them to bench/RESULTS.md
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseDocuments } from "../lib/analysis/claims/registry.ts";
import type { ClaimRecord } from "../lib/analysis/claims/schema.ts";
import { openCatalog } from "../lib/analysis/catalog/load.ts";
import { candidatesFor, profileCatalog } from "../lib/workspace/scaffold/candidates/mod.ts";
import { extractClaims, type Proposal } from "../lib/workspace/scaffold/extract/mod.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SEEDS = join(ROOT, "..", "shared", "seeds");
const NUMERIC = new Set([
  "USD",
  "USD thousands",
  "USD millions",
  "USD billions",
  "percent",
  "ratio",
  "rank",
  "count",
  "persons",
]);
const FAMILY: Record<string, string> = {
  valueAt: "level",
  quantityAt: "level",
  balance: "level",
  totalTrade: "level",
  yearToDate: "level",
  sumPeriods: "level",
  sum: "level",
  sumQuarters: "level",
  annualTotals: "level",
  halfYear: "level",
  growth: "change",
  deficitChange: "change",
  multiple: "multiple",
  share: "share",
  rankBy: "rank",
  rankOf: "rank",
};

interface Row {
  document: string;
  numeric: number;
  proposed: number;
  right: number;
  computed: number;
  candidate: number;
  proposals: number;
  seconds: number;
}

const { values } = parseArgs({ args: Deno.args, options: { write: { type: "boolean", default: false } } });
const documents = parseDocuments(await Deno.readTextFile(join(ROOT, "data", "documents.json")), "documents.json");
const { profiles } = profileCatalog(openCatalog({ dataDir: join(ROOT, "data") }));
const rows: Row[] = [];
const misses: string[] = [];
const readBy = await ledgerSources(join(ROOT, "_build", "claims.json"));
if (!readBy) {
  console.log(
    "no _build/claims.json: the notebooks' resources are read from their code (render first to use the ledger)\n",
  );
}
for (const doc of documents.documents) {
  if (!doc.seed) continue;
  let text: string;
  try {
    text = await Deno.readTextFile(join(SEEDS, doc.seed));
  } catch {
    console.log(`skipped ${doc.id}: seed ${doc.seed} not found in ${SEEDS}`);
    continue;
  }
  const started = performance.now();
  const { proposals } = extractClaims(text, { format: "text", date: doc.date });
  const notebook = await readNotebookCode(join(ROOT, "notebooks", `${doc.id}.ipynb`));
  const row: Row = {
    document: doc.id,
    numeric: 0,
    proposed: 0,
    right: 0,
    computed: 0,
    candidate: 0,
    proposals: proposals.length,
    seconds: 0,
  };
  for (const claim of documents.claims.filter((c) => c.document === doc.id && NUMERIC.has(c.stated.unit))) {
    row.numeric++;
    const match = proposalFor(claim, proposals, text);
    if (match) row.proposed++;
    else misses.push(`${claim.id}: not proposed`);
    const right = match && match.value === claim.stated.value && match.unit === claim.stated.unit &&
      match.tolerance.kind === claim.tolerance.kind;
    if (right) row.right++;
    else if (match) {
      misses.push(
        `${claim.id}: proposed ${match.value} ${match.unit} ${match.tolerance.kind}, record ${claim.stated.value} ${claim.stated.unit} ${claim.tolerance.kind}`,
      );
    }
    const truth = notebookComputation(notebook, claim.id);
    if (!truth) continue;
    const read = readBy?.get(claim.id);
    if (read && read.size > 0) truth.resources = read;
    row.computed++;
    const candidates = match ? candidatesFor(match, profiles).candidates : [];
    // A candidate names the other tables that give its figure by the same operation (`alsoFrom`): they count too.
    const hit = candidates.some((c) =>
      [c.resource, ...(c.alsoFrom ?? [])].some((r) => truth.resources.has(r)) && truth.families.has(FAMILY[c.operation])
    );
    if (hit) row.candidate++;
    else {misses.push(
        `${claim.id}: notebook uses ${[...truth.resources].join("/")} (${[...truth.families].join("/")}); candidates ${
          candidates.map((c) => `${c.resource}:${c.operation}`).join(", ") || "none"
        }`,
      );}
  }
  row.seconds = (performance.now() - started) / 1000;
  rows.push(row);
}

const total = rows.reduce((t, r) => ({
  ...t,
  numeric: t.numeric + r.numeric,
  proposed: t.proposed + r.proposed,
  right: t.right + r.right,
  computed: t.computed + r.computed,
  candidate: t.candidate + r.candidate,
  proposals: t.proposals + r.proposals,
  seconds: t.seconds + r.seconds,
}), { document: "all", numeric: 0, proposed: 0, right: 0, computed: 0, candidate: 0, proposals: 0, seconds: 0 });
const pct = (a: number, b: number) => (b === 0 ? "—" : `${((100 * a) / b).toFixed(0)}% (${a}/${b})`);
const table = [
  [
    "document",
    "numeric claims",
    "proposed (goal ≥ 90%)",
    "value, unit, tolerance right (≥ 85%)",
    "notebook computation among 3 candidates (≥ 70%)",
    "proposals",
    "time",
  ],
  ...[...rows, total].map((
    r,
  ) => [
    r.document,
    String(r.numeric),
    pct(r.proposed, r.numeric),
    pct(r.right, r.numeric),
    pct(r.candidate, r.computed),
    String(r.proposals),
    `${r.seconds.toFixed(2)} s`,
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
const markdown = [line(table[0]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...table.slice(1).map(line)]
  .join("\n");
console.log(markdown);
console.log(`\nMisses:\n${misses.map((m) => `  - ${m}`).join("\n")}`);
if (values.write) {
  const entry = `\n## new --from: extraction and candidates (${new Date().toISOString().slice(0, 10)})\n\n` +
    `Held against the records of data/documents.json; \`deno task bench:extract\`.\n\n${markdown}\n\nMisses:\n\n${
      misses.map((m) => `- ${m}`).join("\n")
    }\n`;
  await Deno.writeTextFile(join(ROOT, "bench", "RESULTS.md"), entry, { append: true });
}

/** The proposal whose quote overlaps the record's quote in the text and states the same figure. */
function proposalFor(claim: ClaimRecord, proposals: Proposal[], text: string): Proposal | undefined {
  const at = text.indexOf(claim.quote);
  if (at < 0 || typeof claim.stated.value !== "number") return undefined;
  const [a, b] = [at, at + claim.quote.length];
  return proposals.find((p) => {
    const start = text.indexOf(p.quote);
    const overlaps = start >= 0 && start < b && a < start + p.quote.length;
    return overlaps && Math.abs(Math.abs(p.value) - Math.abs(claim.stated.value as number)) < 1e-9;
  });
}

/** Per claim, the resources its verdict read, as the claim ledger records them; undefined without a ledger. */
async function ledgerSources(path: string): Promise<Map<string, Set<string>> | undefined> {
  let ledger: { verdicts: { claim: string; sources?: { resource: string }[] }[] };
  try {
    ledger = JSON.parse(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
  const sources = new Map<string, Set<string>>();
  for (const verdict of ledger.verdicts) {
    const set = sources.get(verdict.claim) ?? new Set<string>();
    for (const source of verdict.sources ?? []) set.add(source.resource);
    sources.set(verdict.claim, set);
  }
  return sources;
}

async function readNotebookCode(path: string): Promise<string> {
  try {
    const nb = JSON.parse(await Deno.readTextFile(path));
    return nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code")
      .map((c: { source: string[] | string }) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
  } catch {
    return "";
  }
}

/** The resources a notebook's `check(id, …)` cites and the library operations its figure comes from (null: none). */
function notebookComputation(code: string, id: string): { resources: Set<string>; families: Set<string> } | undefined {
  const start = code.indexOf(`check(${JSON.stringify(id)},`);
  if (start < 0) return undefined;
  let depth = 0;
  let end = start;
  for (; end < code.length; end++) {
    if (code[end] === "(") depth++;
    if (code[end] === ")" && --depth === 0) break;
  }
  const call = code.slice(start, end + 1);
  if (/^check\("[^"]+",\s*null/.test(call)) return undefined;
  // `load("name")`, or with options: `load("name", { where: … })`.
  const loads = new Map([...code.matchAll(/const (\w+) = load\("([^"]+)"[,)]/g)].map((m) => [m[1], m[2]]));
  const sources = call.match(/sources:\s*\[([^\]]*)\]/)?.[1] ?? "";
  const resources = new Set(sources.split(",").map((s) => s.trim()).map((s) => loads.get(s) ?? s.replace(/"/g, "")));
  // The figure's own expression, with the constants it names expanded (three levels).
  let expression = call.slice(`check(${JSON.stringify(id)},`.length).split(/,\s*\{\s*\n?\s*sources/)[0];
  for (let level = 0; level < 3; level++) {
    for (const name of new Set(expression.match(/\b[a-zA-Z_]\w*\b/g) ?? [])) {
      const def = code.match(new RegExp(`const ${name} = ([\\s\\S]*?);\\n`));
      if (def && !loads.has(name)) expression += `\n${def[1]}`;
    }
  }
  const families = new Set<string>();
  for (const [fn, family] of Object.entries(FAMILY)) {
    if (new RegExp(`\\b${fn}\\(`).test(expression)) families.add(family);
  }
  if (families.size === 0) families.add("level");
  return { resources, families };
}
