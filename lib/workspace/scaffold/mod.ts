/**
 * `deno task new <doc-id>`: scaffolds a new document — a record and a first
 * claim in `data/documents.json`, and a notebook skeleton that already loads
 * the catalog, shows the citation, lists the claims and ends with the live
 * status table. The first claim is a placeholder checked as unverifiable, so
 * the workspace renders from the first minute; replace it with real claims.
 *
 * @module
 */

import { join } from "node:path";
import { parseDocuments } from "../../analysis/claims/registry.ts";
import type { ClaimRecord, DocumentRecord, DocumentsFile } from "../../analysis/claims/schema.ts";
import { writeFilesAtomic } from "../atomic.ts";
import { LINE_WIDTH } from "./wrap.ts";

/** What the user tells about the new document. */
export interface NewDocument {
  id: string;
  title?: string;
  publisher?: string;
  date?: string;
  url?: string;
}

/** What was written. */
export interface ScaffoldResult {
  documentsFile: string;
  notebook: string;
  claimId: string;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const SKELETON_IMPORTS = [
  "check",
  "claimList",
  "claimStatus",
  "documentCard",
  "inShort",
  "load",
  "report",
  "show",
  "sourcesCard",
  "verdictTally",
];

/** The status cell every notebook ends with: the live table of its claims, failing when one is not checked. */
export const STATUS_CODE: string =
  `const status = claimStatus(DOC);\nif (status.unchecked.length > 0) throw new Error(\`claims not checked: \${status.unchecked.join(", ")}\`);\nawait report(status);`;

/** The last cell: the “In short” paragraph, its figures computed (the notebook tests require it). */
export const IN_SHORT_CODE: string =
  "// In short: say what the verdicts mean for the document's argument, every figure in it computed.\n" +
  "await report(inShort`Verdicts on the document's ${status.rows.length} claims: ${verdictTally(status.counts)}.`);";

/**
 * An import of `@lib/analysis/mod.ts`, one name a line when it does not fit on one (as `deno fmt` writes it).
 *
 * @example
 * ```ts
 * importLines(["check", "report"]); // 'import { check, report } from "@lib/analysis/mod.ts";'
 * ```
 */
export function importLines(names: readonly string[]): string {
  const from = ' from "@lib/analysis/mod.ts";';
  const one = `import { ${names.join(", ")} }${from}`;
  return one.length <= LINE_WIDTH ? one : `import {\n${names.map((n) => `  ${n},\n`).join("")}}${from}`;
}

/**
 * Adds the document and its notebook. Refuses an invalid or existing id and
 * never overwrites a notebook.
 *
 * @example
 * ```ts
 * await scaffoldDocument("/work/main", { id: "korea-japan-2021", title: "…" });
 * ```
 */
export async function scaffoldDocument(root: string, input: NewDocument): Promise<ScaffoldResult> {
  const { documentsFile, notebook, current } = await checkNewDocument(root, input.id);

  const claimId = `${input.id}-first-claim`;
  const document: DocumentRecord = {
    id: input.id,
    title: input.title ?? `TODO: title of ${input.id}`,
    publisher: input.publisher ?? "TODO: publisher",
    authors: [],
    date: input.date ?? "TODO: publication date (YYYY-MM-DD)",
    url: input.url ?? null,
    license: "TODO: licence of the document (quote short claims only)",
    summary: "TODO: one paragraph on what the document argues.",
  };
  const claim: ClaimRecord = {
    id: claimId,
    document: input.id,
    quote: "TODO: copy the claim's words verbatim from the document",
    subject: "TODO: what the claim measures, in plain words",
    period: "TODO: the period it refers to",
    stated: { value: 0, unit: "USD billions" },
    wording: "TODO: the words that set the tolerance (about, nearly, more than…)",
    tolerance: { kind: "rounded", step: 0.1 },
  };
  const next = { documents: [...current.documents, document], claims: [...current.claims, claim] };
  parseDocuments(JSON.stringify(next), documentsFile); // the scaffold itself must be valid
  await writeFilesAtomic([
    { path: documentsFile, data: JSON.stringify(next, null, 2) + "\n" },
    { path: notebook, data: JSON.stringify(notebookSkeleton(input.id, claimId), null, 1) + "\n" },
  ]);
  return { documentsFile, notebook, claimId };
}

/**
 * Checks that a new document can be added: a valid id, not in
 * `documents.json`, no notebook of that name. Returns the paths and the
 * current file.
 *
 * @example
 * ```ts
 * const { documentsFile, notebook } = await checkNewDocument("/work/main", "korea-japan-2021");
 * ```
 */
export async function checkNewDocument(
  root: string,
  id: string,
): Promise<{ documentsFile: string; notebook: string; current: DocumentsFile }> {
  if (!ID.test(id)) {
    throw new Error(
      `"${id}" is not a valid document id: use lower-case letters, digits and dashes, e.g. korea-japan-trade-2021`,
    );
  }
  const documentsFile = join(root, "data", "documents.json");
  const notebook = join(root, "notebooks", `${id}.ipynb`);
  const current = parseDocuments(await Deno.readTextFile(documentsFile), documentsFile);
  if (current.documents.some((d) => d.id === id)) {
    throw new Error(`${documentsFile}: a document "${id}" already exists; choose another id`);
  }
  if (await exists(notebook)) throw new Error(`${notebook} already exists; not overwriting it`);
  return { documentsFile, notebook, current };
}

/**
 * The notebook skeleton (nbformat 4.5, Deno kernel, outputs cleared).
 *
 * @example
 * ```ts
 * notebookSkeleton("korea-japan-2021", "korea-japan-2021-first-claim").cells.length; // 11
 * ```
 */
export function notebookSkeleton(
  id: string,
  claimId: string,
): { cells: unknown[]; metadata: unknown; nbformat: 4; nbformat_minor: 5 } {
  const md = (n: number, text: string) => ({
    cell_type: "markdown",
    id: `${id}-${n}`,
    metadata: {},
    source: lines(text),
  });
  const code = (n: number, text: string) => ({
    cell_type: "code",
    id: `${id}-${n}`,
    metadata: {},
    execution_count: null,
    outputs: [],
    source: lines(text),
  });
  return {
    cells: [
      md(
        1,
        `# ${id}: the claims checked\n\nWhat the document argues, and how this notebook checks it. Each claim: what the text says,\nwhich official series measures it, the computation, and a verdict.`,
      ),
      code(
        2,
        `import * as aq from "arquero";\nimport * as Plot from "@observablehq/plot";\n${
          importLines(SKELETON_IMPORTS)
        }\n\nconst DOC = "${id}";\nawait report(documentCard(DOC));`,
      ),
      md(3, "## The claims"),
      code(4, "await report(claimList(DOC));"),
      md(
        5,
        "## The data\n\nLoad the resources the claims need (`data/datapackage.json` lists them) and show where they come from.",
      ),
      code(6, `const dots = load("imf-dots-annual");\nawait report(sourcesCard(dots));`),
      md(
        7,
        "## 1. The first claim\n\nCompute the figure step by step from the data, show the intermediate table, then check it.",
      ),
      code(
        8,
        `await report(check("${claimId}", null, {\n  settle: "TODO: name the official table that would settle this claim, or compute the figure with its sources.",\n}));`,
      ),
      md(9, "## Status of every claim"),
      code(10, STATUS_CODE),
      code(11, IN_SHORT_CODE),
    ],
    metadata: documentNotebookMetadata(id),
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * The metadata of a document's notebook: the Deno kernel, TypeScript, and
 * the document it checks (`claimbook.document`).
 *
 * @example
 * ```ts
 * documentNotebookMetadata("kei-2018").claimbook.document; // "kei-2018"
 * ```
 */
export function documentNotebookMetadata(id: string): {
  kernelspec: { display_name: string; language: string; name: string };
  language_info: { name: string; file_extension: string; mimetype: string };
  claimbook: { document: string };
} {
  return {
    kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
    language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/x.typescript" },
    claimbook: { document: id },
  };
}

/**
 * A notebook of plain code cells (ids `c0`, `c1`, …; Deno kernel; outputs
 * cleared), for generated workloads and tests.
 *
 * @example
 * ```ts
 * JSON.stringify(codeNotebook(["const a = 1;", "a + 1"]));
 * ```
 */
export function codeNotebook(cells: string[], claimbook?: Record<string, unknown>): Record<string, unknown> {
  return {
    cells: cells.map((source, i) => ({
      cell_type: "code",
      id: `c${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source: lines(source),
    })),
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      ...(claimbook ? { claimbook } : {}),
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * Notebook source lines, as nbformat stores them.
 *
 * @example
 * ```ts
 * lines("a\nb"); // ["a\n", "b"]
 * ```
 */
export function lines(text: string): string[] {
  const parts = text.split("\n");
  return parts.map((line, i) => (i < parts.length - 1 ? `${line}\n` : line));
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
