/**
 * The claim ledger (`_build/claims.json`), in one place: its types, how it
 * is built from the executed notebooks' verdicts, the checks that fail a
 * render, the file (path, text, read, write), which verdicts moved between
 * two ledgers, and the history of those moves (`data/verdict-history.json`). The executor, the render
 * pipeline, the site and the updater all use it from here.
 *
 * @example
 * ```ts
 * import { buildLedger, checkLedger, readDocumentsFile, writeLedger } from "@lib/workspace/ledger/mod.ts";
 * const documents = await readDocumentsFile("/work/main/data");
 * const ledger = buildLedger({ documents, notebooks });
 * if (checkLedger(ledger, documents).length === 0) await writeLedger("/work/main/_build/claims.json", ledger);
 * ```
 * @module
 */

export * from "./types.ts";
export * from "./build.ts";
export * from "./check.ts";
export * from "./file.ts";
export * from "./history.ts";
export * from "./diff.ts";
