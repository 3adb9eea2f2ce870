/**
 * The notebook `new --from` writes: one section per proposed claim with the
 * best candidate's code, the alternatives in a comment, and the tentative
 * verdict, for a person to read, edit and keep.
 *
 * @module
 */

import { describeTolerance } from "../../analysis/claims/tolerance.ts";
import { escapeMarkdownDollars } from "../../analysis/html.ts";
import type { Candidate, ClaimCandidates } from "./candidates/mod.ts";
import { variableName } from "./candidates/mod.ts";
import { formatPeriod, type Proposal } from "./extract/mod.ts";
import { lines } from "./mod.ts";

/** A proposed claim with its id and candidates. */
export interface ProposedEntry {
  id: string;
  proposal: Proposal;
  candidates: ClaimCandidates;
}

const NAMES: Record<string, string> = { USA: "US", KOR: "Korea", RUS: "Russia", SUN: "USSR", WLD: "the world" };
const IMPORTS = [
  "balance",
  "check",
  "claimList",
  "claimStatus",
  "deficitChange",
  "documentCard",
  "growth",
  "load",
  "multiple",
  "percent",
  "persons",
  "quantityAt",
  "rank",
  "rankBy",
  "rankOf",
  "ratio",
  "report",
  "share",
  "sourcesCard",
  "sumPeriods",
  "totalTrade",
  "usd",
  "usdBillions",
  "usdMillions",
  "yearToDate",
];

/**
 * What a proposed claim measures, in plain words, from what extraction read.
 *
 * @example
 * ```ts
 * describeSubject(proposal); // "US exports to Korea (proposed: say in plain words what is measured)"
 * ```
 */
export function describeSubject(p: Proposal): string {
  const f = p.features;
  const who = (code?: string) => (code ? NAMES[code] ?? code : undefined);
  const reporter = who(f.reporter);
  const partner = who(f.partner);
  const product = f.products.filter((x) => x !== "goods" && x !== "services").join(", ");
  const kind = f.products.includes("services") && f.products.includes("goods")
    ? "goods and services "
    : f.products.includes("services")
    ? "services "
    : f.products.includes("goods")
    ? "goods "
    : "";
  const flow = f.flow === "exports"
    ? `${kind}exports${partner ? ` to ${partner}` : ""}`
    : f.flow === "imports"
    ? `${kind}imports${partner ? ` from ${partner}` : ""}`
    : f.flow === "balance"
    ? `${kind}${f.balanceWord ?? "balance"}${partner ? ` with ${partner}` : ""}`
    : f.flow === "total"
    ? `${kind}trade${partner ? ` with ${partner}` : ""}`
    : f.flow === "persons"
    ? `travellers${partner ? ` with ${partner}` : ""}`
    : "figure";
  const base = `${reporter ? `${reporter}'s ` : ""}${flow}${product ? ` (${product})` : ""}`;
  const what = p.measure === "rank"
    ? `Rank of ${reporter ?? "the subject"}${f.flow ? ` by ${flow}` : ""}`
    : p.measure === "share"
    ? `Share in ${base}`
    : p.kind === "multiple"
    ? `${base}, as a multiple of the earlier period`
    : p.measure === "change"
    ? `Change in ${base}`
    : base;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} (proposed: say in plain words what is measured)`;
}

/**
 * The notebook (nbformat 4.5, Deno kernel, outputs cleared).
 *
 * @example
 * ```ts
 * proposalNotebook("korea-japan-2021", entries).cells.length; // 6 + 2 per claim
 * ```
 */
export function proposalNotebook(
  id: string,
  entries: ProposedEntry[],
): { cells: unknown[]; metadata: unknown; nbformat: 4; nbformat_minor: 5 } {
  let n = 0;
  const cell = (type: "markdown" | "code", text: string) => ({
    cell_type: type,
    id: `${id}-${++n}`,
    metadata: {},
    // Jupyter's MathJax reads text between two dollar signs as maths: Markdown writes them escaped.
    source: lines(type === "markdown" ? escapeMarkdownDollars(text) : text),
    ...(type === "code" ? { execution_count: null, outputs: [] } : {}),
  });
  const resources = [...new Set(entries.flatMap((e) => e.candidates.candidates.slice(0, 1).map((c) => c.resource)))];
  const cells = [
    cell(
      "markdown",
      `# ${id}: the claims checked\n\nProposed by \`deno task new ${id} --from …\`: one section per numeric statement of the text, with the\ncomputation that best matches its words and the verdict it gives. **Every claim is proposed**: read the quote,\nthe record in \`data/documents.json\` and the computation; edit what is wrong; delete \`"status": "proposed"\` from\nthe record to accept it (or delete the record and its section).`,
    ),
    cell(
      "code",
      `import { ${
        IMPORTS.join(", ")
      } } from "@lib/analysis/mod.ts";\n\nconst DOC = "${id}";\nawait report(documentCard(DOC));`,
    ),
    cell("markdown", "## The claims"),
    cell("code", "await report(claimList(DOC));"),
    cell("markdown", "## The data\n\nThe resources the proposed computations read."),
    cell(
      "code",
      resources.length > 0
        ? `${
          resources.map((r) => `const ${variableName(r)} = load(${JSON.stringify(r)});`).join("\n")
        }\nawait report(sourcesCard(${resources.map(variableName).join(", ")}));`
        : `// No resource of data/datapackage.json matched the claims; load the ones you add, e.g. load("imf-dots-annual").`,
    ),
  ];
  entries.forEach((entry, index) => {
    cells.push(cell("markdown", sectionText(index + 1, entry)));
    cells.push(cell("code", sectionCode(entry)));
  });
  cells.push(cell("markdown", "## Status of every claim"));
  cells.push(cell(
    "code",
    `const status = claimStatus(DOC);\nif (status.unchecked.length > 0) throw new Error(\`claims not checked: \${status.unchecked.join(", ")}\`);\nawait report(status);`,
  ));
  return {
    cells,
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/x.typescript" },
      claimbook: { document: id },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function sectionText(n: number, { proposal: p, candidates }: ProposedEntry): string {
  const stated = describeTolerance({ value: p.value, unit: p.unit }, p.tolerance);
  const rows = candidates.candidates.map((c, i) =>
    `${i + 1}. ${c.verdict} — ${c.description} (${formatNumber(c.computed!)} ${p.unit})`
  );
  const none = candidates.candidates.length === 0
    ? [`No computation from the data at hand: ${reasons(candidates)}.`]
    : [];
  return [
    `## ${n}. “${p.quote}”`,
    "",
    `Line ${p.line}. Stated: ${stated}; period ${formatPeriod(p.period)}. Tentative verdicts of the candidates:`,
    "",
    ...rows,
    ...none,
    ...p.notes.map((note) => `\n${note}`),
  ].join("\n");
}

function sectionCode({ id, candidates }: ProposedEntry): string {
  const [best, ...others] = candidates.candidates;
  const alternatives = others.flatMap((c, i) => [
    `//   ${i + 2}. ${c.verdict} (${formatNumber(c.computed!)}): ${c.description}`,
    ...commentCode(c),
  ]);
  const failed = candidates.failed.slice(0, 2).map((c) => `//   tried: ${c.description}: ${c.error}`);
  if (!best) {
    return [
      `// Proposed claim: no resource answers it as read (${reasons(candidates)}).`,
      ...failed,
      `await report(check(${JSON.stringify(id)}, null, {`,
      `  settle: "TODO: name the official table that would settle this claim, or add the data and compute it.",`,
      `}));`,
    ].join("\n");
  }
  return [
    `// Tentative verdict: ${best.verdict} (${formatNumber(best.computed!)}). ${best.description}.`,
    ...(alternatives.length > 0 ? ["// Alternatives:", ...alternatives] : []),
    ...failed,
    "{",
    `  const computed = ${best.code.split("\n").join("\n  ")};`,
    `  await report(check(${JSON.stringify(id)}, computed, {`,
    `    sources: [${best.variable}],`,
    `    note: ${
      JSON.stringify(`Proposed computation: ${best.description}. Check that it measures what the quote says.`)
    },`,
    `  }));`,
    "}",
  ].join("\n");
}

function commentCode(c: Candidate): string[] {
  return `const computed = ${c.code};`.split("\n").map((l) => `//      ${l}`);
}

function reasons(c: ClaimCandidates): string {
  const counts = new Map<string, number>();
  for (const r of c.rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([reason]) => reason);
  return top.length > 0 ? top.join("; ") : "no resource matched";
}

function formatNumber(value: number): string {
  return Number.parseFloat(value.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 4 });
}
