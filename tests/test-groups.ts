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
 * their own, each in an isolate (the long end-to-end files, which must run
 * beside the others, and any file a person runs by itself).
 *
 * `deno test` does not run what it is given in the order given: it takes
 * folder by folder, deepest first, and keeps the order only within a
 * folder. So every module of a run is written in one folder, in the order
 * planned, and the long files named first in `FULL_RUN` start first (they
 * used to start last, 40–65 s into the run).
 *
 * @module
 */

import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import minimatch from "minimatch";

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
  /**
   * What it runs, relative to the working folder: the sub-folder its files come from (`tests/analysis`; `top` for
   * the working folder itself), or the one file it runs (`tests/site/browser_test.ts`).
   */
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
 * The arguments among `args` that are paths (files or folders to test):
 * neither an option nor the value that follows an option such as `--filter`.
 *
 * @example
 * ```ts
 * pathArguments(["-A", "--filter", "tests", "tests/a_test.ts"]); // ["tests/a_test.ts"]
 * ```
 */
export function pathArguments(args: string[]): string[] {
  return args.filter((_, index) => isPathArgument(args, index));
}

/** Characters that make an `--ignore` pattern a glob. */
const GLOB = /[*?[\]{}]/;

/** A file's path and those of the folders above it, up to (not including) `top`. */
function pathAndFolders(file: string, top: string): string[] {
  const paths = [file];
  for (let folder = dirname(file); folder.startsWith(top + sep); folder = dirname(folder)) paths.push(folder);
  return paths;
}

function isPathArgument(args: string[], index: number): boolean {
  return !args[index].startsWith("-") && !TAKES_VALUE.has(args[index - 1] ?? "");
}

/**
 * Plans a test run: every folder among `args` is replaced by its test files
 * (those `--ignore=` leaves, minus those named in `args`), one group per
 * sub-folder, largest first. `modulePath` says where the module that runs a
 * group (named after its folder) or a file (named after the file) is to be
 * written.
 *
 * When a folder is given, every file to run (a file named, a group of one)
 * is run through a module of its own in that same place, so that all of
 * them come from one folder: `deno test` runs the folders it is given, and
 * the folders of the files it is given, deepest first, and keeps the order
 * of the arguments only within a folder. From one folder, the files run in
 * the order given: the long end-to-end files named first start first. When
 * only files are given, they are passed as they are.
 *
 * @example
 * ```ts
 * const plan = planTestRun(["-A", "tests/"], Deno.cwd(), listTestFiles, (name) => `/tmp/${name}`);
 * plan.groups[0].module; // "/tmp/tests/executor_test.ts"
 * ```
 */
export function planTestRun(
  args: string[],
  cwd: string,
  listFiles: (folder: string) => string[],
  modulePath: (name: string) => string,
): TestPlan {
  const folders: number[] = [];
  const files: number[] = [];
  const named = new Set<string>();
  const ignored: string[] = [];
  args.forEach((arg, index) => {
    if (arg.startsWith("--ignore=")) {
      ignored.push(...arg.slice("--ignore=".length).split(",").filter(Boolean).map((p) => resolve(cwd, p)));
    }
    if (!isPathArgument(args, index)) return;
    if (isFolder(resolve(cwd, arg))) folders.push(index);
    else {
      files.push(index);
      named.add(resolve(cwd, arg));
    }
  });
  // As `deno test --ignore` reads them: a path leaves out that file or folder, a glob the files and folders it matches.
  const isIgnored = (file: string) =>
    ignored.some((pattern) =>
      GLOB.test(pattern)
        ? pathAndFolders(file, cwd).some((path) => minimatch(path, pattern, { dot: true }))
        : file === pattern || file.startsWith(pattern + sep)
    );
  const groups: TestGroup[] = [];
  const taken = new Set<string>();
  const wrap = (folder: string, files: string[], name: string): string => {
    let module = modulePath(name);
    for (let n = 2; taken.has(module); n++) module = modulePath(`${n}.${name}`); // a folder `x` beside `x_test.ts`
    taken.add(module);
    groups.push({ folder, files, module });
    return module;
  };
  const replaced = new Map<number, string[]>();
  for (const index of folders) {
    const folder = resolve(cwd, args[index]);
    const bySubFolder = new Map<string, string[]>();
    for (const file of listFiles(folder).sort()) {
      if (named.has(file) || isIgnored(file)) continue;
      const [first, ...rest] = relative(folder, file).split(sep);
      const key = rest.length > 0 ? join(folder, first) : folder;
      const found = bySubFolder.get(key) ?? [];
      found.push(file);
      bySubFolder.set(key, found);
      named.add(file); // a folder given twice, or inside another: each file once
    }
    const found = [...bySubFolder].map(([key, files]) => ({ folder: relative(cwd, key) || "top", files }))
      .sort((a, b) => b.files.length - a.files.length || a.folder.localeCompare(b.folder));
    replaced.set(
      index,
      found.map((group) =>
        group.files.length === 1
          ? wrap(relative(cwd, group.files[0]), group.files, relative(cwd, group.files[0]))
          : wrap(group.folder, group.files, `${group.folder}_test.ts`)
      ),
    );
  }
  if (folders.length > 0) {
    for (const index of files) {
      const file = resolve(cwd, args[index]);
      replaced.set(index, [wrap(relative(cwd, file), [file], relative(cwd, file))]);
    }
  }
  return { args: args.flatMap((arg, index) => replaced.get(index) ?? [arg]), groups };
}

/**
 * Where the module named `name` (a group's `tests/site_test.ts`, a file's
 * `tests/site/browser_test.ts`) goes: directly inside `scratch`, its path's
 * separators turned into dots and `..` segments renamed, so that every
 * module of a run is in the one folder and none is written outside it.
 *
 * @example
 * ```ts
 * groupModulePath("/tmp/g", "tests/site_test.ts"); // "/tmp/g/tests.site_test.ts"
 * groupModulePath("/tmp/g", "../other/tests_test.ts"); // "/tmp/g/parent.other.tests_test.ts"
 * ```
 */
export function groupModulePath(scratch: string, name: string): string {
  return join(scratch, name.split(sep).map((part) => (part === ".." ? "parent" : part)).join("."));
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
  const what = group.files.length === 1 && relative(cwd, group.files[0]) === group.folder
    ? group.folder
    : `the test files of ${group.folder}/, in one isolate`;
  const lines = [`// Generated by tests/run.ts: ${what}.`];
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
