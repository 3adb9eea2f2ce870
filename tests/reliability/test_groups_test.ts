/**
 * `tests/run.ts` runs the test files of each sub-folder of a folder it is
 * given in one isolate (`tests/test-groups.ts`): every file still runs, once;
 * files named run on their own; `--ignore=` holds; a file that does not load
 * fails under its own name while the rest of its group runs; the generated
 * modules are removed afterwards.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { TEST_RUNNER } from "../helpers/paths.ts";
import { groupModule, groupModulePath, listTestFiles, planTestRun } from "../test-groups.ts";

async function scratchTree(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "claimbook-groups-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return root;
}

const passing = (name: string) => `Deno.test(${JSON.stringify(name)}, () => {});\n`;

Deno.test("test groups: one per sub-folder, largest first; named, ignored and option values left as they are", async () => {
  const root = await scratchTree({
    "tests/a/x_test.ts": passing("x"),
    "tests/a/y_test.ts": passing("y"),
    "tests/a/named_test.ts": passing("named"),
    "tests/a/helper.ts": "export const helper = 1;\n",
    "tests/b/z_test.ts": passing("z"),
    "tests/b/w_test.ts": passing("w"),
    "tests/c/v.test.ts": passing("v"),
    "tests/d/u_test.ts": passing("u"),
    "tests/d/t_test.ts": passing("t"),
    "tests/d/s_test.ts": passing("s"),
    "tests/top_test.ts": passing("top"),
    "tests/.hidden/h_test.ts": passing("hidden"),
    "tests/node_modules/n_test.ts": passing("n"),
  });
  try {
    assert.deepEqual(
      listTestFiles(join(root, "tests")).map((f) => f.slice(root.length + 1)).sort(),
      [
        "tests/a/named_test.ts",
        "tests/a/x_test.ts",
        "tests/a/y_test.ts",
        "tests/b/w_test.ts",
        "tests/b/z_test.ts",
        "tests/c/v.test.ts",
        "tests/d/s_test.ts",
        "tests/d/t_test.ts",
        "tests/d/u_test.ts",
        "tests/top_test.ts",
      ],
    );
    const modulePath = (name: string) => `/scratch/${name}`;
    const plan = planTestRun(
      ["-A", "--filter", "tests", "tests/a/named_test.ts", "--ignore=tests/b/", "tests/"],
      root,
      listTestFiles,
      modulePath,
    );
    assert.deepEqual(plan.args, [
      "-A",
      "--filter",
      "tests", // the value of --filter, not the folder
      "/scratch/tests/a/named_test.ts", // a file named: a module of its own, where it was given
      "--ignore=tests/b/",
      "/scratch/tests/d_test.ts", // three files
      "/scratch/tests/a_test.ts", // two: named_test.ts runs on its own
      "/scratch/tests/top_test.ts", // a group of one: a module for its file
      "/scratch/tests/c/v.test.ts",
    ]);
    assert.deepEqual(plan.groups.map((g) => [g.folder, g.files.map((f) => f.slice(root.length + 1))]), [
      ["tests/d", ["tests/d/s_test.ts", "tests/d/t_test.ts", "tests/d/u_test.ts"]],
      ["tests/a", ["tests/a/x_test.ts", "tests/a/y_test.ts"]],
      ["tests/top_test.ts", ["tests/top_test.ts"]],
      ["tests/c/v.test.ts", ["tests/c/v.test.ts"]],
      ["tests/a/named_test.ts", ["tests/a/named_test.ts"]],
    ]);
    // The same folder given twice: each file once.
    const twice = planTestRun(["tests/d", "tests/"], root, listTestFiles, modulePath);
    assert.deepEqual(twice.args, [
      "/scratch/tests/d_test.ts",
      "/scratch/tests/a_test.ts",
      "/scratch/tests/b_test.ts",
      "/scratch/tests/top_test.ts",
      "/scratch/tests/c/v.test.ts",
    ]);
    // Globs, as `deno test --ignore` takes them: files matched, and the files of folders matched.
    const globbed = planTestRun(["--ignore=tests/*/s_test.ts,tests/[ab]", "tests/"], root, listTestFiles, modulePath);
    assert.deepEqual(globbed.groups.map((g) => [g.folder, g.files.map((f) => f.slice(root.length + 1))]), [
      ["tests/d", ["tests/d/t_test.ts", "tests/d/u_test.ts"]],
      ["tests/top_test.ts", ["tests/top_test.ts"]],
      ["tests/c/v.test.ts", ["tests/c/v.test.ts"]],
    ]);
    const deep = planTestRun(["--ignore=**/*.test.ts", "tests/c"], root, listTestFiles, modulePath);
    assert.deepEqual(deep.groups, [], "a glob with ** reaches into every folder");
    // Files only, as a person runs one or two: passed as they are, no module written.
    const only = planTestRun(["-A", "tests/b/z_test.ts", "tests/top_test.ts"], root, listTestFiles, modulePath);
    assert.deepEqual(only, { args: ["-A", "tests/b/z_test.ts", "tests/top_test.ts"], groups: [] });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("test groups: a folder `x/` beside a file `x_test.ts`: two modules, one numbered", async () => {
  const root = await scratchTree({
    "tests/x_test.ts": passing("file"),
    "tests/x/p_test.ts": passing("p"),
    "tests/x/q_test.ts": passing("q"),
  });
  try {
    const plan = planTestRun(["tests/"], root, listTestFiles, (name) => groupModulePath("/scratch", name));
    assert.deepEqual(plan.args, ["/scratch/tests.x_test.ts", "/scratch/2.tests.x_test.ts"]);
    assert.deepEqual(plan.groups.map((g) => g.files.length), [2, 1]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("test groups: a file that does not load fails under its name, its group's other files still run", async () => {
  const root = await scratchTree({
    "tests/g/a_test.ts": passing("a passes"),
    "tests/g/b_test.ts": 'throw new Error("b cannot start");\n',
    "tests/g/c_test.ts": 'Deno.test("c fails", () => {\n  throw new Error("c is wrong");\n});\n',
    "tests/g/d_test.ts": passing("d passes"),
  });
  const tmp = join(root, "tmp");
  await Deno.mkdir(tmp);
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [...TEST_RUNNER, "-A", "--no-check", "tests/"],
      cwd: root,
      env: { NO_COLOR: "1", TMPDIR: tmp },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 1, text);
    assert.match(text, /running 4 tests from \S*tests\.g_test\.ts/);
    assert.match(text, /a passes \.\.\. ok/);
    assert.match(text, /d passes \.\.\. ok/);
    assert.match(text, /tests\/g\/b_test\.ts loads \.\.\. FAILED/);
    assert.match(text, /b cannot start/);
    // A failure names the file and line of the test, not the group's module.
    assert.match(text, /c fails => \S*tests\/g\/c_test\.ts:1:6/);
    assert.match(text, /FAILED \| 2 passed \| 2 failed/);
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "the group modules are removed");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("test groups: the files run in the order given, a file named before a folder first", async () => {
  const root = await scratchTree({
    "tests/g/a_test.ts": passing("a"),
    "tests/g/b_test.ts": passing("b"),
    "tests/top_test.ts": passing("top"),
    "tests/deep/er/named_test.ts": passing("named"),
  });
  const tmp = join(root, "tmp");
  await Deno.mkdir(tmp);
  try {
    // One file at a time (`DENO_JOBS=1`) and with `--parallel`, as the task runs them. Left to itself, `deno test`
    // would take the deepest folder first (the modules in the scratch folder, then tests/deep/er/).
    const output = await new Deno.Command(Deno.execPath(), {
      args: [...TEST_RUNNER, "-A", "--no-check", "--parallel", "tests/top_test.ts", "tests/"],
      cwd: root,
      env: { NO_COLOR: "1", TMPDIR: tmp, DENO_JOBS: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    assert.equal(output.code, 0, text + new TextDecoder().decode(output.stderr));
    const order = [...text.matchAll(/^(\w+) \.\.\. ok/gm)].map((m) => m[1]);
    assert.deepEqual(order, ["top", "a", "b", "named"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("test groups: a group module imports each file by a literal specifier, so Deno's graph takes it in", () => {
  const text = groupModule({ folder: "tests/g", files: ["/w/tests/g/a_test.ts"], module: "/t/tests/g_test.ts" }, "/w");
  assert.match(text, /await import\("file:\/\/\/w\/tests\/g\/a_test\.ts"\);/);
  assert.match(text, /Deno\.test\("tests\/g\/a_test\.ts loads"/);
});

Deno.test("test groups: every module goes directly inside the scratch folder, whatever folder it comes from", () => {
  assert.equal(groupModulePath("/tmp/g", "tests/site_test.ts"), "/tmp/g/tests.site_test.ts");
  assert.equal(groupModulePath("/tmp/g", "tests/site/browser_test.ts"), "/tmp/g/tests.site.browser_test.ts");
  assert.equal(groupModulePath("/tmp/g", "../other/tests_test.ts"), "/tmp/g/parent.other.tests_test.ts");
  assert.equal(groupModulePath("/tmp/g", "../../x_test.ts"), "/tmp/g/parent.parent.x_test.ts");
});
