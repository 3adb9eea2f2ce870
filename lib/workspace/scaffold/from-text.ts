/**
 * `deno task new <id> --from FILE`: a document's text → proposed claim
 * records in `data/documents.json` (marked `status: "proposed"`) and a
 * notebook with one section per claim: the best candidate computation,
 * the alternatives in a comment, and the tentative verdict. Both files are
 * written together or not at all.
 *
 * @module
 */

import { extname, join } from "node:path";
import { parseDocuments } from "../../analysis/claims/registry.ts";
import type { ClaimRecord, DocumentRecord } from "../../analysis/claims/schema.ts";
import { openCatalog } from "../../analysis/catalog/load.ts";
import { writeFilesAtomic } from "../atomic.ts";
import { candidatesFor, type ClaimCandidates, profileCatalog } from "./candidates/mod.ts";
import { extractClaims, formatPeriod, type Proposal, readSourceText, type Skipped } from "./extract/mod.ts";
import { describeSubject, proposalNotebook } from "./proposal-notebook.ts";
import { checkNewDocument, type NewDocument } from "./mod.ts";

/** What the user gives: the document's fields and the text file. */
export interface FromTextInput extends NewDocument {
  /** Path of a plain-text or Markdown file. */
  from: string;
}

/** One proposed claim as written, with its tentative verdict. */
export interface ProposedClaim {
  id: string;
  line: number;
  quote: string;
  stated: string;
  period: string;
  verdict: string;
  candidates: number;
}

/** What was written and what was skipped. */
export interface FromTextResult {
  documentsFile: string;
  notebook: string;
  claims: ProposedClaim[];
  skipped: Skipped[];
}

/**
 * Extracts, proposes, and writes the document, its proposed claims and the notebook.
 * Throws (writing nothing) on an unreadable, empty or binary file, or a text with no numeric statement.
 *
 * @example
 * ```ts
 * const result = await scaffoldFromText("/work/main", { id: "korea-japan-2021", from: "article.md", date: "2021-05" });
 * result.claims.length; // the numeric statements found
 * ```
 */
export async function scaffoldFromText(root: string, input: FromTextInput): Promise<FromTextResult> {
  const { documentsFile, notebook, current } = await checkNewDocument(root, input.id);
  const text = await readSourceText(input.from);
  const format = /^\.(md|markdown)$/i.test(extname(input.from)) ? "markdown" : "text";
  const { proposals, skipped } = extractClaims(text, { format, date: input.date });
  if (proposals.length === 0) {
    const why = skipped.length > 0
      ? ` (${skipped.length} sentence(s) with numbers skipped, e.g. line ${skipped[0].line}: ${skipped[0].reason})`
      : "";
    throw new Error(
      `${input.from}: no numeric statement found${why}; nothing written. Run \`deno task new ${input.id}\` without --from for a blank skeleton.`,
    );
  }
  const { profiles } = profileCatalog(openCatalog({ dataDir: join(root, "data") }));
  const used = new Set<string>();
  const entries = proposals.map((p, index) => {
    const id = claimId(input.id, index + 1, p, used);
    return { id, proposal: p, candidates: candidatesFor(p, profiles) };
  });
  const document: DocumentRecord = {
    id: input.id,
    title: input.title ?? titleOf(text),
    publisher: input.publisher ?? "TODO: publisher",
    authors: [],
    date: input.date ?? "TODO: publication date (YYYY-MM-DD)",
    url: input.url ?? null,
    license: "TODO: licence of the document (quote short claims only)",
    summary: `TODO: one paragraph on what the document argues. Claims proposed from ${input.from}.`,
  };
  const claims: ClaimRecord[] = entries.map(({ id, proposal: p }) => ({
    id,
    document: input.id,
    quote: p.quote,
    subject: describeSubject(p),
    period: formatPeriod(p.period),
    stated: { value: p.value, unit: p.unit },
    wording: p.wording,
    tolerance: p.tolerance,
    status: "proposed",
  }));
  const next = { documents: [...current.documents, document], claims: [...current.claims, ...claims] };
  parseDocuments(JSON.stringify(next), documentsFile); // what is written must be valid
  const nb = proposalNotebook(input.id, entries);
  await writeFilesAtomic([
    { path: documentsFile, data: JSON.stringify(next, null, 2) + "\n" },
    { path: notebook, data: JSON.stringify(nb, null, 1) + "\n" },
  ]);
  return {
    documentsFile,
    notebook,
    claims: entries.map(({ id, proposal: p, candidates }) => summary(id, p, candidates)),
    skipped,
  };
}

function summary(id: string, p: Proposal, c: ClaimCandidates): ProposedClaim {
  return {
    id,
    line: p.line,
    quote: p.quote,
    stated: `${p.value} ${p.unit}`,
    period: formatPeriod(p.period),
    verdict: c.candidates[0]?.verdict ?? "unverifiable",
    candidates: c.candidates.length,
  };
}

/** `<doc>-<n>-<figure>`, e.g. `korea-japan-2021-3-42-3-usd-billions`. */
function claimId(doc: string, n: number, p: Proposal, used: Set<string>): string {
  const figure = `${Math.abs(p.value)}-${p.unit}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  let id = `${doc}-${n}-${figure}`;
  while (used.has(id)) id += "-x";
  used.add(id);
  return id;
}

function titleOf(text: string): string {
  const first = text.split("\n").map((l) => l.replace(/^[#\s•*-]+/, "").trim()).find((l) => l.length > 0) ?? "";
  return first.length > 0 && first.length <= 160 ? first : "TODO: title of the document";
}
