/**
 * The site's view of the ledger and the documents file: per document its
 * record, page, verdict counts, verdicts and the claims no notebook checked;
 * where each verdict's cell lives. A ledger whose counts disagree with its
 * own verdicts is refused: the scoreboard must never show numbers that do
 * not add up.
 *
 * @module
 */

import type { ClaimRecord, DocumentRecord, DocumentsFile } from "../../analysis/claims/schema.ts";
import { VERDICT_KINDS, type VerdictKind } from "../../analysis/claims/verdict.ts";
import type { Ledger, LedgerEntry } from "../ledger/types.ts";
import type { VerdictHistory, VerdictHistoryEntry } from "../ledger/history.ts";
import type { SourceRef } from "../../analysis/claims/verdict.ts";
import type { SourceFiles, SourceLinks } from "./source-files.ts";
import { SiteError } from "./errors.ts";
import { cellAnchor } from "../notebook/format.ts";

/** A notebook as the model knows it. */
export interface ModelNotebook {
  stem: string;
  documentId?: string;
  /** Workspace-relative path, e.g. `notebooks/x.ipynb`. */
  sourcePath: string;
}

/** One document with its verdicts. */
export interface DocumentSummary {
  document: DocumentRecord;
  /** Page of its notebook, e.g. `korus-kei-2018.html`, when there is one. */
  page?: string;
  counts: Record<VerdictKind, number>;
  /** Verdicts on its claims, in ledger order. */
  verdicts: LedgerEntry[];
  /** Claims in the documents file with no verdict in the ledger. */
  unchecked: ClaimRecord[];
}

/** Everything the index and the claims page show. */
export interface SiteModel {
  /** When the ledger was written (ISO). */
  generated: string;
  /** When the site was rendered (ISO). */
  rendered: string;
  documents: DocumentSummary[];
  totals: Record<VerdictKind, number>;
  verdicts: LedgerEntry[];
  /** Notebooks that belong to no document (shown under "Other notebooks"). */
  otherNotebooks: { stem: string; page: string }[];
  /** Link from the site root to the cell that produced a verdict, if that notebook has a page. */
  cellLink(entry: LedgerEntry): string | undefined;
  /** The document record of an id, if known. */
  documentOf(id: string): DocumentRecord | undefined;
  /** The site's public address with a trailing slash (`render --base-url`), if known. */
  baseUrl?: string;
  /** How a verdict moved after updates of the data, oldest first. */
  historyOf(claim: string): VerdictHistoryEntry[];
  /** Links to the CSV of the data a verdict source read (and of the rows it used), if published with the site. */
  sourceLinks(claim: string, source: Pick<SourceRef, "resource" | "sha256" | "rows">): SourceLinks | undefined;
}

/**
 * Zero counts for every verdict.
 *
 * @example
 * ```ts
 * zeroCounts(); // { confirmed: 0, approximate: 0, discrepant: 0, unverifiable: 0 }
 * ```
 */
export function zeroCounts(): Record<VerdictKind, number> {
  return Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0])) as Record<VerdictKind, number>;
}

/**
 * Builds the model, checking that the ledger's counts match its verdicts.
 * `ledgerLabel` names the ledger file in errors.
 *
 * @example
 * ```ts
 * const model = siteModel({ ledger, documents, notebooks }, "_build/claims.json");
 * model.documents[0].counts.confirmed;
 * ```
 */
export function siteModel(
  input: {
    ledger: Ledger;
    documents: DocumentsFile;
    notebooks: ModelNotebook[];
    renderedAt?: string;
    baseUrl?: string;
    history?: VerdictHistory;
    sources?: Pick<SourceFiles, "links">;
  },
  ledgerLabel: string,
): SiteModel {
  const { ledger, documents, notebooks } = input;
  checkLedger(ledger, ledgerLabel);
  const pageBySource = new Map(notebooks.map((n) => [normalizePath(n.sourcePath), `${n.stem}.html`]));
  const pageByDocument = new Map(
    notebooks.filter((n) => n.documentId).map((n) => [n.documentId!, `${n.stem}.html`]),
  );
  const known = new Map(documents.documents.map((d) => [d.id, d]));
  const records: DocumentRecord[] = [...documents.documents];
  for (const d of ledger.documents) {
    if (!known.has(d.id)) {
      // A ledger from an older documents file: still shown, with what the ledger knows.
      const record = {
        id: d.id,
        title: d.title,
        publisher: "",
        authors: [],
        date: "",
        url: null,
        license: "",
        summary: "",
      };
      records.push(record);
      known.set(d.id, record);
    }
  }
  const checkedClaims = new Set(ledger.verdicts.map((v) => v.claim));
  const summaries = records.map((document): DocumentSummary => {
    const fromLedger = ledger.documents.find((d) => d.id === document.id);
    const page = pageByDocument.get(document.id) ??
      (fromLedger ? pageBySource.get(normalizePath(fromLedger.notebook)) : undefined);
    return {
      document,
      ...(page ? { page } : {}),
      counts: { ...zeroCounts(), ...fromLedger?.counts },
      verdicts: ledger.verdicts.filter((v) => v.document === document.id),
      unchecked: documents.claims.filter((c) => c.document === document.id && !checkedClaims.has(c.id)),
    };
  });
  const withDocument = new Set(summaries.map((s) => s.page).filter(Boolean));
  return {
    generated: ledger.generated,
    rendered: input.renderedAt ?? new Date().toISOString(),
    documents: summaries,
    totals: { ...zeroCounts(), ...ledger.totals },
    verdicts: ledger.verdicts,
    otherNotebooks: notebooks
      .filter((n) => !withDocument.has(`${n.stem}.html`))
      .map((n) => ({ stem: n.stem, page: `${n.stem}.html` })),
    cellLink(entry) {
      const page = pageBySource.get(normalizePath(entry.notebook));
      return page ? `${page}#${cellAnchor(entry.cellId, entry.cell)}` : undefined;
    },
    documentOf: (id) => known.get(id),
    ...(input.baseUrl ? { baseUrl: normalizeBaseUrl(input.baseUrl) } : {}),
    historyOf: (claim) => (input.history?.entries ?? []).filter((e) => e.claim === claim),
    sourceLinks: (claim, source) => input.sources?.links(claim, source),
  };
}

function checkLedger(ledger: Ledger, label: string): void {
  if (!ledger || !Array.isArray(ledger.verdicts) || !Array.isArray(ledger.documents)) {
    throw new SiteError(label, "not a claim ledger (no verdicts or documents); re-run `deno task render`");
  }
  const problems: string[] = [];
  const totals = zeroCounts();
  const perDocument = new Map<string, Record<VerdictKind, number>>();
  for (const entry of ledger.verdicts) {
    if (!VERDICT_KINDS.includes(entry.verdict)) {
      problems.push(`verdict on ${entry.claim} is ${JSON.stringify(entry.verdict)}`);
      continue;
    }
    totals[entry.verdict]++;
    const counts = perDocument.get(entry.document) ?? zeroCounts();
    counts[entry.verdict]++;
    perDocument.set(entry.document, counts);
  }
  for (const kind of VERDICT_KINDS) {
    if ((ledger.totals?.[kind] ?? 0) !== totals[kind]) {
      problems.push(`totals.${kind} is ${ledger.totals?.[kind]} but ${totals[kind]} verdicts are ${kind}`);
    }
  }
  for (const document of ledger.documents) {
    const counted = perDocument.get(document.id) ?? zeroCounts();
    for (const kind of VERDICT_KINDS) {
      if ((document.counts?.[kind] ?? 0) !== counted[kind]) {
        problems.push(
          `documents[${document.id}].counts.${kind} is ${document.counts?.[kind]} but ${counted[kind]} verdicts are`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new SiteError(
      label,
      `the ledger's counts disagree with its verdicts (${problems.join("; ")}); re-run \`deno task render\``,
    );
  }
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

/**
 * A site address as a base for its pages: absolute http(s), ending in `/`.
 * Anything else is an error saying what is expected.
 *
 * @example
 * ```ts
 * normalizeBaseUrl("https://example.org/claims"); // "https://example.org/claims/"
 * ```
 */
export function normalizeBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SiteError("--base-url", `"${url}" is not an absolute address; give one like https://example.org/claims/`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash) {
    throw new SiteError("--base-url", `"${url}" must be an http(s) address with no query or fragment`);
  }
  return parsed.href.endsWith("/") ? parsed.href : `${parsed.href}/`;
}
