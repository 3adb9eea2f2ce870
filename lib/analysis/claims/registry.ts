/**
 * Reads `data/documents.json` once per process and answers questions about
 * documents and claims. A malformed file fails with every problem listed.
 *
 * @module
 */

import { join } from "node:path";
import { defaultDataDir, recordFragmentRead } from "../catalog/reads.ts";
import { type ClaimRecord, type DocumentRecord, type DocumentsFile, validateDocuments } from "./schema.ts";
import { jsonSyntaxLocation } from "../json.ts";

/** Raised for an unknown claim, a malformed claims file, or a misuse of `check`. */
export class ClaimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClaimError";
  }
}

let cached: { path: string; text: string; file: DocumentsFile } | undefined;

/**
 * Path of the documents file: `documents.json` beside the data package.
 *
 * @example
 * ```ts
 * documentsPath().endsWith("data/documents.json"); // true
 * ```
 */
export function documentsPath(): string {
  return join(defaultDataDir(), "documents.json");
}

/**
 * Parses and validates a documents file's text.
 *
 * @example
 * ```ts
 * parseDocuments('{"documents":[],"claims":[]}', "documents.json").claims.length; // 0
 * ```
 */
export function parseDocuments(text: string, file: string): DocumentsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const at = jsonSyntaxLocation(text);
    throw new ClaimError(
      `${file}: not valid JSON at line ${at.line}, column ${at.column}: ${at.reason}; fix it there`,
    );
  }
  const problems = validateDocuments(json);
  if (problems.length > 0) {
    throw new ClaimError(
      `${file}: ${problems.length} problem(s) in the claim records:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return json as DocumentsFile;
}

/**
 * The documents and claims of the workspace (read once, re-read when the
 * file changes).
 *
 * @example
 * ```ts
 * documentsFile().documents.length; // 4
 * ```
 */
export function documentsFile(): DocumentsFile {
  const path = documentsPath();
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    throw new ClaimError(`${path}: cannot read the claims file (${(error as Error).message})`);
  }
  // The same text as last time (compared whole: cheaper than hashing it at every claim()).
  if (cached?.path === path && cached.text === text) return cached.file;
  const file = parseDocuments(text, path);
  cached = { path, text, file };
  return file;
}

/**
 * One claim record by id. Unknown ids fail with the closest known ids.
 *
 * @example
 * ```ts
 * claim("news-2017-deficit-doubled").stated; // { value: 2, unit: "ratio" }
 * ```
 */
export function claim(id: string): ClaimRecord {
  const all = documentsFile().claims;
  const found = all.find((c) => c.id === id);
  if (found) {
    noteDocumentRead(found.document);
    return found;
  }
  const near = all
    .map((c) => ({ id: c.id, score: similarity(id, c.id) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((c) => c.id);
  throw new ClaimError(`no claim "${id}" in ${documentsPath()}; did you mean ${near.join(", ")}?`);
}

/**
 * One document by id.
 *
 * @example
 * ```ts
 * documentRecord("korus-news-2017").publisher;
 * ```
 */
export function documentRecord(id: string): DocumentRecord {
  const found = documentsFile().documents.find((d) => d.id === id);
  if (found) noteDocumentRead(id);
  if (!found) {
    const known = documentsFile().documents.map((d) => d.id).join(", ");
    throw new ClaimError(`no document "${id}" in ${documentsPath()}; known documents: ${known}`);
  }
  return found;
}

/**
 * The claims of one document, in file order.
 *
 * @example
 * ```ts
 * claimsOf("korea-russia-kita-2020").length > 0; // true
 * ```
 */
export function claimsOf(documentId: string): ClaimRecord[] {
  documentRecord(documentId);
  return documentsFile().claims.filter((c) => c.document === documentId);
}

/** Records that this process used a document's entry (for the executor's cache). */
function noteDocumentRead(documentId: string): void {
  if (cached) recordFragmentRead("documents.json", documentId, cached.text);
}

/** Bigram overlap, enough to suggest a misspelt id. */
function similarity(a: string, b: string): number {
  const grams = (s: string) => new Set(Array.from({ length: Math.max(s.length - 1, 0) }, (_, i) => s.slice(i, i + 2)));
  const x = grams(a);
  const y = grams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size || 1);
}
