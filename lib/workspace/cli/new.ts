/**
 * `deno task new <doc-id>`: scaffold a new document (claims entry and
 * notebook skeleton).
 *
 * @module
 */

import { relative } from "node:path";
import { scaffoldDocument } from "../scaffold/mod.ts";
import { type CommandSpec, EXIT, parseCommandLine, usageError, workspaceRoot } from "./args.ts";

const SPEC = {
  name: "new",
  synopsis: "<doc-id> [options]",
  description: `Adds a document and a first (placeholder) claim to data/documents.json and writes
notebooks/<doc-id>.ipynb, a skeleton that loads the catalog, shows the citation,
lists the claims and ends with the live status table.`,
  options: {
    title: { type: "string", value: "T", help: "the document's title" },
    publisher: { type: "string", value: "P", help: "who published it" },
    date: { type: "string", value: "DATE", help: "publication date: YYYY-MM-DD (or YYYY-MM, or YYYY)" },
    url: { type: "string", value: "URL", help: "where to read it" },
  },
  positionals: { min: 1, max: 1, name: "document id" },
} satisfies CommandSpec;

/**
 * Whether a publication date is a real date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * isPublicationDate("2021-05-01"); // true
 * isPublicationDate("2021-02-30"); // false
 * ```
 */
export function isPublicationDate(text: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return false;
  const [, year, month = "01", day = "01"] = match;
  const date = new Date(`${year}-${month}-${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === `${year}-${month}-${day}`;
}

/**
 * Runs the command.
 *
 * @example
 * ```ts
 * await main(["korea-japan-2021", "--title", "Korea–Japan trade in 2021"]);
 * ```
 */
export async function main(args: string[], root = workspaceRoot()): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "number") return parsed;
  const { values, positionals: [id] } = parsed;
  if (values.date !== undefined && !isPublicationDate(values.date)) {
    return usageError(SPEC, `--date takes a date written YYYY-MM-DD (or YYYY-MM, or YYYY), got "${values.date}"`);
  }
  try {
    const result = await scaffoldDocument(root, { id, ...values });
    console.log(`Added document "${id}" and claim "${result.claimId}" to ${relative(root, result.documentsFile)}`);
    console.log(`Wrote ${relative(root, result.notebook)}\n`);
    console.log("Next: fill in the TODOs in data/documents.json (one record per claim, quotes verbatim),");
    console.log("compute each claim in the notebook with check(), then run `deno task render`.");
    return EXIT.ok;
  } catch (error) {
    console.error(`claimbook new: ${(error as Error).message}`);
    return EXIT.failed;
  }
}
