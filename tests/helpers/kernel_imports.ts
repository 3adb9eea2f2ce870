/**
 * What a kernel can import, from Deno's own module graph (`deno info
 * --json`), checked against what the executor's cache key hashes
 * (`environmentFiles` of `lib/workspace/executor/cache.ts`). A notebook is
 * taken from the cache when none of those files changed, so a module a
 * notebook reaches that is not among them — `lib/workspace/`, a test
 * helper, a file beside the notebooks — could change without the notebook
 * running again.
 *
 * The entry points are every module the cache treats as importable
 * (`lib/` outside `lib/workspace/`) and every local module the notebooks'
 * code cells import (`@lib/…`, relative paths). npm packages (as `npm:`
 * specifiers, or files of `node_modules/`) are pinned by `deno.lock`, which
 * the key hashes; `node:` modules come with Deno, whose version the key holds.
 *
 * @module
 */

import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { environmentFiles } from "../../lib/workspace/executor/cache.ts";

/** An import the cache key does not cover, or one the graph cannot follow. */
export interface UnhashedImport {
  /** The importing module, relative to the workspace (`notebooks/x.ipynb` for a notebook's import). */
  importer: string;
  /** What it imports: a path relative to the workspace, or the specifier as written. */
  imported: string;
  why: string;
}

interface GraphDependency {
  specifier: string;
  code?: { specifier?: string; error?: string };
  type?: { specifier?: string; error?: string };
}

interface GraphModule {
  specifier: string;
  kind?: string;
  local?: string;
  error?: string;
  dependencies?: GraphDependency[];
}

/** Modules a kernel can load that the key need not hash itself. */
const COVERED_ELSEWHERE = /^(npm|node):/;

/**
 * Whether a file is part of an npm package installed in the workspace's `node_modules/` (Deno resolves npm
 * packages there with `"nodeModulesDir": "manual"`): pinned by `deno.lock`, which the key hashes, as `deno install
 * --frozen` installs exactly what it lists.
 */
function installedPackageFile(root: string, path: string): boolean {
  return path.startsWith(join(root, "node_modules") + "/");
}

/**
 * The imports reachable from notebooks that escape the cache key, each
 * named by the file that makes it. Empty when the invariant holds.
 *
 * @example
 * ```ts
 * await unhashedImports("/work/main"); // []
 * ```
 */
export async function unhashedImports(root: string): Promise<UnhashedImport[]> {
  const hashed = new Set(await environmentFiles(root));
  const modules = [...hashed].filter((file) => /\.[cm]?[jt]sx?$/.test(file)).map((file) => pathToFileURL(file).href);
  // A notebook's relative import is resolved from its folder here: the graph's entry lives elsewhere.
  const fromNotebooks = (await notebookImports(root)).filter(({ specifier }) => isLocal(specifier)).map((i) => ({
    ...i,
    entry: /^\.{1,2}\//.test(i.specifier)
      ? pathToFileURL(join(root, dirname(i.notebook), i.specifier)).href
      : i.specifier,
  }));
  const graph = await moduleGraph(root, [...modules, ...fromNotebooks.map((i) => i.entry)]);
  const found: UnhashedImport[] = [];
  const check = (importer: string, written: string, target: GraphDependency["code"]) => {
    if (!target) return;
    if (target.error) return found.push({ importer, imported: written, why: target.error });
    const resolved = target.specifier ?? written;
    if (COVERED_ELSEWHERE.test(resolved)) return;
    if (!resolved.startsWith("file:")) {
      found.push({ importer, imported: resolved, why: "a remote module, which nothing in the key pins" });
    } else if (installedPackageFile(root, fileURLToPath(resolved))) {
      return;
    } else if (!hashed.has(fileURLToPath(resolved))) {
      found.push({ importer, imported: relative(root, fileURLToPath(resolved)), why: "not hashed by the cache key" });
    }
  };
  const entryModule = graph.modules.find((m) => m.specifier === graph.roots[0]);
  for (const { notebook, specifier, entry } of fromNotebooks) {
    const dependency = entryModule?.dependencies?.find((d) => d.specifier === entry);
    check(notebook, specifier, dependency?.code ?? { error: "not found in the module graph" });
  }
  for (const module of graph.modules) {
    if (module.specifier === graph.roots[0]) continue;
    if (module.error) {
      found.push({ importer: "(module graph)", imported: module.specifier, why: module.error });
      continue;
    }
    if (!module.specifier.startsWith("file:") || installedPackageFile(root, fileURLToPath(module.specifier))) continue;
    const importer = relative(root, fileURLToPath(module.specifier));
    for (const dependency of module.dependencies ?? []) {
      check(importer, dependency.specifier, dependency.code);
      check(importer, dependency.specifier, dependency.type);
    }
    found.push(...computedImports(importer, await Deno.readTextFile(fileURLToPath(module.specifier))));
  }
  return found;
}

/** A local specifier: `@lib/…`, a relative or absolute path, a file URL. */
function isLocal(specifier: string): boolean {
  return /^(@lib\/|\.{1,2}\/|\/|file:)/.test(specifier);
}

/**
 * `import(expression)` with anything but a string literal: Deno's graph does
 * not follow it, so what it loads is unknown to the check.
 */
function computedImports(importer: string, source: string): UnhashedImport[] {
  const found: UnhashedImport[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "))
    .replace(/(^|[^:\\])\/\/.*$/gm, "$1");
  for (const match of code.matchAll(/\bimport\s*\(\s*(?!["'][^"'`]*["']\s*[,)]|`[^`$]*`\s*[,)])/g)) {
    const line = code.slice(0, match.index).split("\n").length;
    found.push({
      importer: `${importer}:${line}`,
      imported: code.slice(match.index, code.indexOf("\n", match.index)).trim(),
      why: "a computed dynamic import, which the module graph cannot follow",
    });
  }
  return found;
}

/** The local modules the code cells of `notebooks/*.ipynb` import, with the notebook (relative to `root`). */
async function notebookImports(root: string): Promise<{ notebook: string; specifier: string }[]> {
  const folder = join(root, "notebooks");
  const found: { notebook: string; specifier: string }[] = [];
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(folder))).map((e) => e.name).filter((n) => n.endsWith(".ipynb"));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return found;
    throw error;
  }
  for (const name of names.sort()) {
    const notebook = JSON.parse(await Deno.readTextFile(join(folder, name))) as {
      cells: { cell_type: string; source: string | string[] }[];
    };
    for (const cell of notebook.cells) {
      if (cell.cell_type !== "code") continue;
      const code = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      const pattern = /\b(?:from|import)\s*\(?\s*["']([^"']+)["']/g;
      for (const match of code.matchAll(pattern)) found.push({ notebook: `notebooks/${name}`, specifier: match[1] });
    }
  }
  return found;
}

/** `deno info --json` of one module that imports every entry, run in `root` (so its deno.json maps `@lib/`). */
async function moduleGraph(root: string, entries: string[]): Promise<{ roots: string[]; modules: GraphModule[] }> {
  const dir = await Deno.makeTempDir({ prefix: "claimbook-imports-" });
  try {
    const entry = join(dir, "entry.ts");
    await Deno.writeTextFile(entry, entries.map((specifier) => `import ${JSON.stringify(specifier)};\n`).join(""));
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    if (!output.success) throw new Error(`deno info failed: ${new TextDecoder().decode(output.stderr)}`);
    return JSON.parse(new TextDecoder().decode(output.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
