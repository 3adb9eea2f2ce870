/**
 * The command line's one seam: every command rejects an unknown flag with
 * its usage on stderr and exit 2 (never a stack trace), `--help` prints the
 * usage on stdout, and `new` refuses a one-dash word and a date that is not
 * a date before writing anything. Each command's module answers in this
 * process; one command, an unknown one and none at all go through
 * `main.ts` as a process, for what it passes on (exit code, stderr, stdout).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { commandNames, loadCommand } from "../../main.ts";
import { main as newCommand } from "../../lib/workspace/cli/new.ts";
import { parseCommandLine, usageText } from "../../lib/workspace/cli/args.ts";
import { ROOT } from "../helpers/paths.ts";

async function claimbook(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "main.ts"), ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** Runs `fn` with console.log and console.error captured. */
async function captured<T>(fn: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const { log, error } = console;
  const out: string[] = [];
  const err: string[] = [];
  console.log = (...args: unknown[]) => out.push(args.join(" "));
  console.error = (...args: unknown[]) => err.push(args.join(" "));
  try {
    const value = await fn();
    return { value, out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** What `claimbook <name> --bogus` must answer: usage on stderr, nothing on stdout, exit 2, no stack. */
function assertBogusRefused(name: string, result: { code: number; stdout: string; stderr: string }): void {
  const { code, stdout, stderr } = result;
  assert.equal(code, 2, `${name} --bogus: exit ${code}\n${stderr}`);
  assert.equal(stdout, "", `${name} --bogus printed on stdout`);
  assert.match(
    stderr,
    new RegExp(`^claimbook ${name}: Unknown option '--bogus'`, "m"),
    `${name}: ${stderr.slice(0, 300)}`,
  );
  assert.match(stderr, new RegExp(`usage: deno task ${name} `), `${name} shows its usage`);
  assert.doesNotMatch(stderr, /^\s+at .*:\d+:\d+/m, `${name}: a message, not a stack trace`);
}

Deno.test("every command rejects --bogus: usage on stderr, nothing on stdout, exit 2", async () => {
  const names = commandNames();
  assert.ok(names.includes("data:import") && names.includes("new") && names.includes("render"));
  assert.ok(!names.includes("check-claims"), "main.ts lists only commands that exist");
  assert.equal(await loadCommand("check-claims"), undefined);
  assert.equal(await loadCommand("toString"), undefined, "only the commands' own names");
  for (const name of names) {
    const command = await loadCommand(name);
    assert.ok(command, name);
    const { value, out, err } = await captured(() => command.main(["--bogus"]));
    assertBogusRefused(name, { code: value, stdout: out, stderr: err });
  }
  // The same through main.ts, as a person types it.
  assertBogusRefused("render", await claimbook(["render", "--bogus"]));
});

Deno.test("an unknown command and no command at all exit 2 with the list of commands", async () => {
  const [unknown, none] = await Promise.all([claimbook(["check-claims"]), claimbook([])]);
  for (const result of [unknown, none]) {
    assert.equal(result.code, 2);
    assert.match(result.stderr, /commands:\n(.|\n)*render/);
  }
  assert.match(unknown.stderr, /unknown command "check-claims"/);
});

Deno.test("new: a one-dash word, a date that is not a date, a missing id are usage errors; nothing is written", async () => {
  const root = await Deno.makeTempDir({ prefix: "claimbook-new-" });
  try {
    const lead = await captured(() => newCommand(["doc-x", "-lead"], root));
    assert.equal(lead.value, 2);
    assert.match(lead.err, /unknown option -lead; long options take two dashes \(--lead\)/);
    assert.match(lead.err, /usage: deno task new <doc-id>/);

    for (const date of ["not-a-date", "2021-02-30", "2021-13", "21-05-01"]) {
      const bad = await captured(() => newCommand(["doc-x", "--date", date], root));
      assert.equal(bad.value, 2, date);
      assert.match(bad.err, new RegExp(`--date takes a date written YYYY-MM-DD .*got "${date}"`));
    }
    assert.equal((await captured(() => newCommand([], root))).value, 2);
    assert.equal((await captured(() => newCommand(["a", "b"], root))).value, 2);
    assert.deepEqual([...Deno.readDirSync(root)], [], "nothing was written");

    const help = await captured(() => newCommand(["--help"], root));
    assert.equal(help.value, 0);
    assert.match(help.out, /--date DATE +publication date/);
    assert.equal(help.err, "");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a flag added to a spec is parsed and listed in the usage, with no other change", () => {
  const spec = {
    name: "example",
    synopsis: "[options]",
    description: "An example.",
    options: { from: { type: "string", value: "FILE", help: "start from FILE" } },
  } as const;
  const parsed = parseCommandLine(spec, ["--from", "doc.txt"]);
  assert.ok(typeof parsed !== "number");
  assert.equal(parsed.values.from, "doc.txt");
  assert.match(usageText(spec), /--from FILE +start from FILE/);
});
