/**
 * Test files that share an isolate. `deno test` gives every test file an
 * isolate of its own, which loads (compiles and evaluates) every module the
 * file imports: for a file of small unit tests that is most of its cost
 * (the 88 smaller files of this suite: 25–27 s of CPU in `deno test` apart, 14 s in
 * one isolate per sub-folder). So the
 * test task runs the files found in a folder it is given in groups, one per
 * sub-folder (`tests/analysis/`, `tests/site/`, …): each group is a
 * generated module that imports the folder's test files one after another,
 * and a file that fails to load becomes a failing test named after it, while
 * the group's other files still run. Files named on the command line run on
 * their own, as `deno test` runs them (the long end-to-end files, which
 * must run beside the others, and any file a person runs by itself).
 *
 * @module
 */

import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

/** How `deno test` recognises a test file in a folder it is given. */
const TEST_FILE = /(?:^|[._])test\.(?:[cm]?[jt]s|[jt]sx)$/;

/** `deno test` options whose value may follow as the next argument (`--filter NAME`). */
const TAKES_VALUE = new Set([
  "--filter",
  "--reporter",
  "--junit-path",
  "--retry",
  "--repeats",
  "--shard",
  "--related",
  "--ext",
  "--import-map",
  "--node-modules-linker",
  "--cert",
  "--location",
  "--seed",
  "--preload",
  "--require",
  "--conditions",
  "--config",
  "-c",
  "--lock",
  "--coverage-threshold",
]);

/** Test files to run together in one isolate. */
export interface TestGroup {
  /** The sub-folder the files come from, relative to the working folder (`tests/analysis`; `top` for the working folder itself). */
  folder: string;
  /** Absolute paths of its test files, in name order. */
  files: string[];
  /** Where its module is to be written (from `modulePath`). */
  module: string;
}

/** What to hand `deno test`: its arguments, and the groups whose modules must be written first. */
export interface TestPlan {
  /** The arguments, each folder replaced by the files and group modules found in it. */
  args: string[];
  groups: TestGroup[];
}

/**
 * Plans a test run: every folder among `args` is replaced by its test files
 * (those `--ignore=` leaves, minus those named in `args`), one group per
 * sub-folder, largest first; a group of one file is passed as that file.
 * `modulePath` says where a group's module is to be written.
 *
 * @example
 * ```ts
 * const plan = planTestRun(["-A", "tests/"], Deno.cwd(), listTestFiles, (folder) => `/tmp/${folder}_test.ts`);
 * plan.groups[0].module; // "/tmp/tests/executor_test.ts"
 * ```
 */
export function planTestRun(
  args: string[],
  cwd: string,
  listFiles: (folder: string) => string[],
  modulePath: (folder: string) => string,
): TestPlan {
  const folders: number[] = [];
  const named = new Set<string>();
  const ignored: string[] = [];
  args.forEach((arg, index) => {
    if (arg.startsWith("--ignore=")) {
      ignored.push(...arg.slice("--ignore=".length).split(",").filter(Boolean).map((p) => resolve(cwd, p)));
    }
    if (arg.startsWith("-") || TAKES_VALUE.has(args[index - 1] ?? "")) return;
    if (isFolder(resolve(cwd, arg))) folders.push(index);
    else named.add(resolve(cwd, arg));
  });
  const isIgnored = (file: string) => ignored.some((path) => file === path || file.startsWith(path + sep));
  const groups: TestGroup[] = [];
  const replaced = new Map<number, string[]>();
  for (const index of folders) {
    const folder = resolve(cwd, args[index]);
    const bySubFolder = new Map<string, string[]>();
    for (const file of listFiles(folder).sort()) {
      if (named.has(file) || isIgnored(file)) continue;
      const [first, ...rest] = relative(folder, file).split(sep);
      const key = rest.length > 0 ? join(folder, first) : folder;
      const files = bySubFolder.get(key) ?? [];
      files.push(file);
      bySubFolder.set(key, files);
      named.add(file); // a folder given twice, or inside another: each file once
    }
    const paths: string[] = [];
    const found = [...bySubFolder].map(([key, files]) => ({ folder: relative(cwd, key) || "top", files, module: "" }))
      .sort((a, b) => b.files.length - a.files.length || a.folder.localeCompare(b.folder));
    for (const group of found) {
      if (group.files.length === 1) {
        paths.push(relative(cwd, group.files[0]));
        continue;
      }
      group.module = modulePath(group.folder);
      paths.push(group.module);
      groups.push(group);
    }
    replaced.set(index, paths);
  }
  return { args: args.flatMap((arg, index) => replaced.get(index) ?? [arg]), groups };
}

/**
 * Where a group's module goes inside `scratch`: the folder's path, with
 * `..` segments renamed, so that a folder outside the working folder
 * (`../other/tests`) never writes outside `scratch`.
 *
 * @example
 * ```ts
 * groupModulePath("/tmp/g", "tests/site"); // "/tmp/g/tests/site_test.ts"
 * groupModulePath("/tmp/g", "../other/tests"); // "/tmp/g/parent/other/tests_test.ts"
 * ```
 */
export function groupModulePath(scratch: string, folder: string): string {
  const safe = folder.split(sep).map((part) => (part === ".." ? "parent" : part)).join(sep);
  return join(scratch, `${safe}_test.ts`);
}

/**
 * The module that runs a group: it imports each file in turn; a file that
 * does not load (a syntax error, a throw at its top level) is reported as a
 * failing test named after the file, and the others still run.
 *
 * @example
 * ```ts
 * groupModule({ folder: "tests/site", files: ["/w/tests/site/a_test.ts"], module: "/tmp/site_test.ts" }, "/w");
 * ```
 */
export function groupModule(group: TestGroup, cwd: string): string {
  const lines = [`// Generated by tests/run.ts: the test files of ${group.folder}/, in one isolate.`];
  for (const file of group.files) {
    // A literal specifier each: Deno's module graph (and its type check, when on) takes them in.
    lines.push(
      "try {",
      `  await import(${JSON.stringify(pathToFileURL(file).href)});`,
      "} catch (error) {",
      `  Deno.test(${JSON.stringify(`${relative(cwd, file)} loads`)}, () => {`,
      "    throw error;",
      "  });",
      "}",
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Every test file below `folder` (absolute paths), as `deno test` would find
 * them: `node_modules/` and hidden folders left out.
 *
 * @example
 * ```ts
 * listTestFiles("/work/main/tests").length > 0; // true
 * ```
 */
export function listTestFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(folder)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
      found.push(...listTestFiles(path));
    } else if (entry.isFile && TEST_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

function isFolder(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
