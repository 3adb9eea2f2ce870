/**
 * `buildSite`: renders the executed notebooks, the claim ledger and the
 * documents file into a static site — `index.html`, one page per notebook,
 * `claims.html`, chart CSVs, the executed notebooks and the ledger — built
 * completely in memory, then written beside `_site/` and swapped in.
 *
 * @module
 */

import { relative } from "node:path";
import type { DocumentsFile } from "../../analysis/claims/schema.ts";
import type { Ledger } from "../ledger/types.ts";
import { siteAssets } from "./assets.ts";
import { writeSiteAtomically } from "./atomic.ts";
import { claimsPage } from "./claims-page.ts";
import { messageOf, SiteError } from "./errors.ts";
import { indexPage } from "./index-page.ts";
import { siteModel } from "./model.ts";
import { parseNotebook } from "./notebook.ts";
import { pageNameProblem } from "./page-name.ts";
import { notebookPage } from "./notebook-page.ts";
export { warmNotebookCells } from "./notebook-page.ts";
import type { SiteFiles } from "./page-state.ts";
import { sourceFiles } from "./source-files.ts";
import { readVerdictHistory } from "../ledger/history.ts";
import { LEDGER_FILE, ledgerText } from "../ledger/file.ts";

/** A notebook to render. */
export interface SiteNotebook {
  /** File stem, also the page's name (`<stem>.html`). */
  stem: string;
  /** Id of the document it checks, if any. */
  documentId?: string;
  /** Absolute path to the executed notebook, `_build/notebooks/<stem>.ipynb`. */
  executedPath: string;
  /** Workspace-relative source path, e.g. `notebooks/<stem>.ipynb`. */
  sourcePath: string;
}

/** Everything the site is made from. */
export interface SiteBuildInput {
  /** Workspace root. */
  root: string;
  /** Build folder (`_build/`), where the ledger lives. */
  buildDir: string;
  /** Output folder (`_site/`), replaced as a whole. */
  siteDir: string;
  notebooks: SiteNotebook[];
  ledger: Ledger;
  documents: DocumentsFile;
  /** When the site is rendered (ISO; default now), shown on every page. */
  renderedAt?: string;
  /**
   * The data folder the notebooks read: the files the verdicts read are published from it as CSV, and its
   * `verdict-history.json` shows how verdicts moved. Without it, neither.
   */
  dataDir?: string;
  /** The site's public address (`render --base-url`): canonical, og: and twitter: tags, ClaimReview urls. */
  baseUrl?: string;
}

/**
 * Builds the site. Returns the pages written, relative to `siteDir`
 * (`index.html`, `claims.html`, `<stem>.html`…). On failure nothing is
 * changed in `siteDir` and the error names the notebook (and cell) at fault.
 *
 * @example
 * ```ts
 * const { pages } = await buildSite({ root, buildDir, siteDir, notebooks, ledger, documents });
 * pages.includes("index.html"); // true
 * ```
 */
export async function buildSite(input: SiteBuildInput): Promise<{ pages: string[] }> {
  const assets = await siteAssets();
  const ledgerLabel = displayPath(input.root, `${input.buildDir}/${LEDGER_FILE}`);
  checkStems(input.notebooks);
  const history = input.dataDir
    ? await readVerdictHistory(input.dataDir).catch(siteErrorFrom("verdict history"))
    : undefined;
  const sources = input.dataDir ? await sourceFiles(input.dataDir, input.ledger.verdicts) : undefined;
  const model = siteModel({ ...input, history, sources }, ledgerLabel);
  const stems = new Set(input.notebooks.map((n) => n.stem));
  const files: SiteFiles = new Map();
  const pages: string[] = [];

  for (const notebook of [...input.notebooks].sort((a, b) => a.stem.localeCompare(b.stem))) {
    const label = notebook.sourcePath;
    let text: string;
    try {
      text = await Deno.readTextFile(notebook.executedPath);
    } catch (error) {
      throw new SiteError(
        label,
        `cannot read the executed notebook ${notebook.executedPath} (${messageOf(error)}); run \`deno task run\` first`,
      );
    }
    const file = parseNotebook(text, label);
    const documentId = notebook.documentId ?? file.metadata.claimbook?.document;
    const summary = model.documents.find((s) => s.document.id === documentId);
    let page;
    try {
      page = notebookPage({ stem: notebook.stem, sourcePath: label, file, summary, model, stems }, assets);
    } catch (error) {
      if (error instanceof SiteError) throw error;
      throw new SiteError(label, messageOf(error), { cause: error });
    }
    files.set(`${notebook.stem}.html`, page.html);
    for (const [path, content] of page.files) files.set(path, content);
    files.set(`notebooks/${notebook.stem}.ipynb`, text);
    pages.push(`${notebook.stem}.html`);
  }

  for (const [path, content] of sources?.files ?? []) files.set(path, content);
  files.set("index.html", indexPage(model, assets));
  files.set("claims.html", claimsPage(model, assets));
  files.set(LEDGER_FILE, ledgerText(input.ledger));
  pages.unshift("index.html", "claims.html");

  await writeSiteAtomically(input.siteDir, files);
  return { pages };
}

function checkStems(notebooks: SiteNotebook[]): void {
  const seen = new Set<string>();
  for (const notebook of notebooks) {
    const problem = pageNameProblem(notebook.stem);
    if (problem) throw new SiteError(notebook.sourcePath, problem);
    if (seen.has(notebook.stem)) throw new SiteError(notebook.sourcePath, `two notebooks are named "${notebook.stem}"`);
    seen.add(notebook.stem);
  }
}

function displayPath(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith("..") ? path : rel;
}

function siteErrorFrom(what: string): (error: unknown) => never {
  return (error) => {
    throw new SiteError(what, messageOf(error), { cause: error });
  };
}
