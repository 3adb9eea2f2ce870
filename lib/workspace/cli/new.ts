/**
 * `deno task new <doc-id>`: scaffold a new document (claims entry and
 * notebook skeleton), or with `--from FILE` propose its claims from its text.
 *
 * @module
 */

import { relative } from "node:path";
import { scaffoldDocument } from "../scaffold/mod.ts";
import { formatNotebookFile } from "../notebook/fmt.ts";
import { type CommandSpec, EXIT, parseCommandLine, usageError, workspaceRoot } from "./args.ts";

const SPEC = {
  name: "new",
  synopsis: "<doc-id> [options]",
  description: `With --from (a plain-text or Markdown file): proposes one claim record per numeric
statement of the text (marked "status": "proposed") and writes notebooks/<doc-id>.ipynb
with one section per claim: the best candidate computation from data/, the
alternatives in a comment, and the tentative verdict. --date reads "last year" and
month names against the document's date.

Without --from: adds a document and a first (placeholder) claim to data/documents.json
and writes a skeleton notebook that loads the catalog and ends with the status table
and the "In short" cell. Either way the notebook is formatted with deno fmt.`,
  options: {
    from: { type: "string", value: "FILE", help: "propose the claims of this text (plain text or Markdown)" },
    title: { type: "string", value: "T", help: "the document's title" },
    publisher: { type: "string", value: "P", help: "who published it" },
    date: { type: "string", value: "DATE", help: "publication date: YYYY-MM-DD (or YYYY-MM, or YYYY)" },
    url: { type: "string", value: "URL", help: "where to read it" },
    verbose: { type: "boolean", help: "with --from: list every skipped sentence" },
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
 * await main(["korea-japan-2021", "--from", "article.md", "--date", "2021-05"]);
 * ```
 */
export async function main(args: string[], root = workspaceRoot()): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "number") return parsed;
  const { values, positionals: [id] } = parsed;
  if (values.date !== undefined && !isPublicationDate(values.date)) {
    return usageError(SPEC, `--date takes a date written YYYY-MM-DD (or YYYY-MM, or YYYY), got "${values.date}"`);
  }
  const { from, verbose, ...fields } = values;
  if (from !== undefined) return await fromText(root, id, from, fields, verbose === true);
  try {
    const result = await scaffoldDocument(root, { id, ...fields });
    await format(root, result.notebook);
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

async function fromText(
  root: string,
  id: string,
  from: string,
  fields: { title?: string; publisher?: string; date?: string; url?: string },
  verbose: boolean,
): Promise<number> {
  try {
    // Loaded here: its language models (compromise, chrono-node) cost 0.4 s of CPU that `new` without --from never needs.
    const { scaffoldFromText } = await import("../scaffold/from-text.ts");
    const result = await scaffoldFromText(root, { id, ...fields, from });
    await format(root, result.notebook);
    console.log(`Proposed ${result.claims.length} claim(s) from ${from}:`);
    for (const c of result.claims) {
      console.log(`  line ${c.line}  ${c.id}: ${c.stated}, ${c.period} → tentative ${c.verdict}`);
      console.log(`           “${c.quote}”`);
    }
    const shown = verbose ? result.skipped : result.skipped.slice(0, 8);
    if (result.skipped.length > 0) {
      console.log(`Skipped ${result.skipped.length} sentence(s) with numbers that are not claims:`);
      for (const s of shown) console.log(`  line ${s.line}: ${s.reason}`);
      if (shown.length < result.skipped.length) {
        console.log(`  … and ${result.skipped.length - shown.length} more (--verbose lists them all)`);
      }
    }
    console.log(`\nWrote ${relative(root, result.documentsFile)} (the document and its proposed claims)`);
    console.log(`Wrote ${relative(root, result.notebook)}\n`);
    console.log("Next: read each proposed claim and its computation, fix what is wrong, delete");
    console.log(`"status": "proposed" to accept a record, then \`deno task run ${id}\` or \`deno task render\`.`);
    return EXIT.ok;
  } catch (error) {
    console.error(`claimbook new: ${(error as Error).message}`);
    return EXIT.failed;
  }
}

/** Formats the new notebook as `deno fmt` would; a failure is a warning (the files are written). */
async function format(root: string, notebook: string): Promise<void> {
  try {
    await formatNotebookFile(notebook, root);
  } catch (error) {
    console.warn(
      `claimbook new: could not format ${relative(root, notebook)} (${(error as Error).message}); ` +
        "run `deno task fmt`",
    );
  }
}
