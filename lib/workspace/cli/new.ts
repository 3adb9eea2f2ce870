/**
 * `deno task new <doc-id>`: scaffold a new document (claims entry and
 * notebook skeleton).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { scaffoldDocument } from "../scaffold/mod.ts";

const HELP = `usage: deno task new <doc-id> [--title T] [--publisher P] [--date YYYY-MM-DD] [--url URL]

Adds a document and a first (placeholder) claim to data/documents.json and writes
notebooks/<doc-id>.ipynb, a skeleton that loads the catalog, shows the citation,
lists the claims and ends with the live status table.`;

/**
 * Runs the command.
 *
 * @example
 * ```ts
 * await main(["korea-japan-2021", "--title", "Korea–Japan trade in 2021"]);
 * ```
 */
export async function main(args: string[], root = workspaceRoot()): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      title: { type: "string" },
      publisher: { type: "string" },
      date: { type: "string" },
      url: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`claimbook new: give exactly one document id\n\n${HELP}`);
    return 2;
  }
  try {
    const result = await scaffoldDocument(root, { id: positionals[0], ...values });
    console.log(
      `Added document "${positionals[0]}" and claim "${result.claimId}" to ${relative(root, result.documentsFile)}`,
    );
    console.log(`Wrote ${relative(root, result.notebook)}\n`);
    console.log("Next: fill in the TODOs in data/documents.json (one record per claim, quotes verbatim),");
    console.log("compute each claim in the notebook with check(), then run `deno task render`.");
    return 0;
  } catch (error) {
    console.error(`claimbook new: ${(error as Error).message}`);
    return 1;
  }
}

function workspaceRoot(): string {
  return dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
}
