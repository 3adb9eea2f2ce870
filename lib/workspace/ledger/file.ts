/**
 * The claim ledger as a file: where it lives (`_build/claims.json`, and
 * `claims.json` in the site), its text, and reading it back with its schema
 * checked. The render writes it, the site publishes the same text, and the
 * updater reads it before and after an update.
 *
 * @example
 * ```ts
 * await writeLedger(join(buildDir, LEDGER_FILE), ledger);
 * (await readLedger("/work/main"))?.verdicts.length;
 * ```
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../atomic.ts";
import { type Ledger, LEDGER_SCHEMA } from "./types.ts";

/**
 * The ledger's file name, in the build folder and in the site.
 *
 * @example
 * ```ts
 * join(buildDir, LEDGER_FILE); // "<buildDir>/claims.json"
 * ```
 */
export const LEDGER_FILE = "claims.json";

/**
 * Where the render writes the ledger by default, relative to the workspace.
 *
 * @example
 * ```ts
 * join(root, LEDGER_PATH); // "<root>/_build/claims.json"
 * ```
 */
export const LEDGER_PATH = `_build/${LEDGER_FILE}`;

/**
 * The ledger as written to disk: indented JSON with a final newline.
 *
 * @example
 * ```ts
 * ledgerText(ledger).endsWith("}\n"); // true
 * ```
 */
export function ledgerText(ledger: Ledger): string {
  return JSON.stringify(ledger, null, 2) + "\n";
}

/**
 * Writes a ledger atomically (a temp file, then a rename).
 *
 * @example
 * ```ts
 * await writeLedger("/work/main/_build/claims.json", ledger);
 * ```
 */
export function writeLedger(path: string, ledger: Ledger): Promise<void> {
  return writeFileAtomic(path, ledgerText(ledger));
}

/**
 * Parses a ledger file's text, checking its schema tag; the error names the
 * file and what to do.
 *
 * @example
 * ```ts
 * parseLedger(await Deno.readTextFile("_build/claims.json"), "_build/claims.json").verdicts.length;
 * ```
 */
export function parseLedger(text: string, file: string): Ledger {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); re-render with deno task render`);
  }
  const ledger = json as Partial<Ledger>;
  if (ledger?.schema !== LEDGER_SCHEMA || !Array.isArray(ledger.verdicts)) {
    throw new Error(
      `${file}: expected a claim ledger with schema ${LEDGER_SCHEMA} and a verdicts array; re-render with deno task render`,
    );
  }
  return ledger as Ledger;
}

/**
 * Reads a ledger file, or null when there is none; a file that is not a
 * ledger throws (see {@link parseLedger}).
 *
 * @example
 * ```ts
 * const previous = await readLedgerFile(join(buildDir, LEDGER_FILE));
 * ```
 */
export async function readLedgerFile(path: string): Promise<Ledger | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  return parseLedger(text, path);
}

/**
 * Reads the workspace's ledger (`<root>/_build/claims.json`), or null when
 * there is none yet.
 *
 * @example
 * ```ts
 * const before = await readLedger("/work/main");
 * ```
 */
export function readLedger(root: string): Promise<Ledger | null> {
  return readLedgerFile(join(root, LEDGER_PATH));
}

/**
 * Whether two ledgers hold the same verdicts and counts (their time stamps aside).
 *
 * @example
 * ```ts
 * if (previous && sameLedger(previous, ledger)) ledger.generated = previous.generated;
 * ```
 */
export function sameLedger(a: Ledger, b: Ledger): boolean {
  return JSON.stringify({ ...a, generated: "" }) === JSON.stringify({ ...b, generated: "" });
}
