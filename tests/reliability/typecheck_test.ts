/**
 * The type check of the whole workspace, as a test: `deno task test` runs with
 * `--no-check` so that the check (about 10 s on one core from a fresh clone)
 * runs beside the other test files instead of before all of them. A type
 * error anywhere in `main.ts`, `lib/`, `tests/` or `bench/` still fails the
 * suite, with Deno's messages.
 */

import assert from "node:assert/strict";
import { ROOT } from "../helpers/paths.ts";

Deno.test("the workspace type-checks (deno check main.ts lib/ tests/ bench/)", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "main.ts", "lib/", "tests/", "bench/"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(code, 0, `deno check failed:\n${decoder.decode(stderr)}${decoder.decode(stdout)}`);
});
