/**
 * The claim ledger (`_build/claims.json`): every verdict emitted by the
 * executed notebooks, with where it was emitted, and the counts per document.
 * Built from the executed notebooks (`build.ts`), written by the render
 * (`file.ts`), read by the site renderer and the updater.
 *
 * @module
 */

import type { VerdictData, VerdictKind } from "../../analysis/claims/verdict.ts";

/** Schema tag of the ledger file. */
export const LEDGER_SCHEMA = "claimbook.ledger/1";

/** One verdict and the cell that produced it. */
export interface LedgerEntry extends VerdictData {
  /** Notebook path relative to the workspace, e.g. `notebooks/korus-news-2017.ipynb`. */
  notebook: string;
  /** 0-based index of the cell among all cells of the notebook. */
  cell: number;
  /** nbformat 4.5 cell id of that cell. */
  cellId: string;
}

/** Verdict counts of one document. */
export interface LedgerDocument {
  id: string;
  title: string;
  notebook: string;
  counts: Record<VerdictKind, number>;
}

/** The whole ledger. */
export interface Ledger {
  schema: typeof LEDGER_SCHEMA;
  /** ISO time the ledger was written. */
  generated: string;
  documents: LedgerDocument[];
  totals: Record<VerdictKind, number>;
  verdicts: LedgerEntry[];
}
