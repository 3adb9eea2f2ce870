/**
 * The notebook `new --from` writes: one section per proposed claim with the
 * best candidate's code, the alternatives in a comment, and the tentative
 * verdict, for a person to read, edit and keep.
 *
 * @module
 */

import { escapeMarkdownDollars } from "../../analysis/html.ts";
import type { Candidate, ClaimCandidates } from "./candidates/mod.ts";
import { variableName } from "./candidates/mod.ts";
import { formatPeriod, type Proposal } from "./extract/mod.ts";
import { documentNotebookMetadata, importLines, IN_SHORT_CODE, lines, STATUS_CODE } from "./mod.ts";
import { LINE_WIDTH, wrapLines } from "./wrap.ts";

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
  "inShort",
  "load",
  "multiple",
  "percent",
  "persons",
  "prose",
  "quantityAt",
  "rank",
  "rankBy",
  "rankOf",
  "ratio",
  "report",
  "share",
  "sourcesCard",
  "sum",
  "sumPeriods",
  "sumQuarters",
  "totalTrade",
  "usd",
  "usdBillions",
  "usdMillions",
  "verdictTally",
  "yearToDate",
  "yesNo",
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
    cell("code", `${importLines(IMPORTS)}\n\nconst DOC = "${id}";\nawait report(documentCard(DOC));`),
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
  cells.push(cell("code", STATUS_CODE));
  cells.push(cell("code", IN_SHORT_CODE));
  return {
    cells,
    metadata: documentNotebookMetadata(id),
    nbformat: 4,
    nbformat_minor: 5,
  };
}

// The section names no stated figure outside “curly quotes” of the document's words: a figure typed into a
// notebook goes stale when the record is corrected (the notebook tests refuse it), and the card shows it anyway.
// Dollars are escaped before wrapping, so that the escapes count in the line width.
function sectionText(n: number, { proposal: p, candidates }: ProposedEntry): string {
  const para = (text: string, rest = "") => wrapLines(escapeMarkdownDollars(text), { rest });
  const rows = candidates.candidates.flatMap((c, i) =>
    para(
      `${i + 1}. ${c.verdict} — ${c.description} (computes ${computedText(c.computed!, p)}${
        c.alsoFrom ? `; the same from ${c.alsoFrom.join(", ")}` : ""
      })`,
      "   ",
    )
  );
  const none = candidates.candidates.length === 0
    ? para(`No computation from the data at hand: ${reasons(candidates)}.`)
    : [];
  const heading = escapeMarkdownDollars(`## ${n}. “${p.quote}”`);
  const short = heading.length <= LINE_WIDTH ? heading : shortHeading(n, escapeMarkdownDollars(p.quote));
  const wording = p.quote.includes(p.wording) ? `The wording “${p.wording}” sets` : "Its wording sets";
  return [
    short,
    "",
    ...(short === heading ? [] : [...para(`“${p.quote}”`), ""]),
    ...para(
      `Line ${p.line}, period ${
        formatPeriod(p.period)
      }. ${wording} the tolerance (\`${p.tolerance.kind}\`); the claim list and the verdict card show the band. Tentative verdicts of the candidates:`,
    ),
    "",
    ...rows,
    ...none,
    ...p.notes.flatMap((note) => ["", ...para(note)]),
  ].join("\n");
}

/** A heading that cites the quote's first words (“… ” marks the cut; the section's text quotes it whole). */
function shortHeading(n: number, quote: string): string {
  const [first] = wrapLines(quote, { width: LINE_WIDTH - `## ${n}. “ …”`.length });
  return `## ${n}. “${first} …”`;
}

/** A computed figure as the section shows it; the stated figure itself is not typed in again. */
function computedText(value: number, p: Proposal): string {
  const shown = formatNumber(value);
  if (shown === formatNumber(p.value)) return "the stated figure";
  return p.unit === "ratio" ? `${shown} times` : `${shown} in ${p.unit}`;
}

function sectionCode({ id, proposal: p, candidates }: ProposedEntry): string {
  const [best, ...others] = candidates.candidates;
  const comment = (text: string, first = "// ", rest = "//   ") => wrapLines(text, { first, rest });
  const alternatives = others.flatMap((c, i) => [
    ...comment(`${i + 2}. ${c.verdict} (${computedText(c.computed!, p)}): ${c.description}`, "//   ", "//      "),
    ...commentCode(c),
  ]);
  const failed = candidates.failed.slice(0, 2).flatMap((c) =>
    comment(`tried: ${c.description}: ${c.error}`, "//   ", "//     ")
  );
  if (!best) {
    return [
      ...comment(`Proposed claim: no resource answers it as read (${reasons(candidates)}).`),
      ...failed,
      `await report(check(${JSON.stringify(id)}, null, {`,
      `  settle: "TODO: name the official table that would settle this claim, or add the data and compute it.",`,
      `}));`,
    ].join("\n");
  }
  // A template's text is not wrapped by deno fmt: the note is written as prose`…` over several lines.
  const note = wrapLines(
    `Proposed computation: ${best.description}. Check that it measures what the quote says.`.replace(
      /[`\\]|\$\{/g,
      (m) => `\\${m}`,
    ),
    { first: "    note: prose`", rest: "      ", width: LINE_WIDTH - 2 },
  );
  return [
    ...comment(`Tentative verdict: ${best.verdict} (${computedText(best.computed!, p)}). ${best.description}.`),
    ...(alternatives.length > 0 ? ["// Alternatives:", ...alternatives] : []),
    ...failed,
    "{",
    `  const computed = ${best.code.split("\n").join("\n  ")};`,
    `  await report(check(${JSON.stringify(id)}, computed, {`,
    `    sources: [${best.variable}],`,
    `${note.join("\n")}\`,`,
    `  }));`,
    "}",
  ].join("\n");
}

function commentCode(c: Candidate): string[] {
  return `const computed = ${c.code};`.split("\n").flatMap((l) =>
    wrapLines(l, { first: "//      ", rest: "//        ", code: true })
  );
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
