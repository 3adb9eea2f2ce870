/**
 * The type check of the whole workspace, as a test: `deno task test` runs with
 * `--no-check` so that the check (about 10 s on one core from a fresh clone)
 * runs beside the other test files instead of before all of them. A type
 * error anywhere in `main.ts`, `lib/`, `tests/` or `bench/` still fails the
 * suite, with Deno's messages.
 *
 * `--node-modules-dir=auto` for this one command: with the workspace's
 * `"manual"` setting Deno 2.9 never reuses a type check (tsc runs in full,
 * about 4 s of CPU, every time); with `auto` an unchanged workspace checks
 * in 0.1 s the next time. It only rewrites `node_modules/.deno/.setup-cache.bin`,
 * which `deno install` wrote. Other Deno processes keep `"manual"`: `auto`
 * costs each of them about 0.2 s to check `node_modules/`.
 */

import assert from "node:assert/strict";
import { ROOT } from "../helpers/paths.ts";

Deno.test("the workspace type-checks (deno check main.ts lib/ tests/ bench/)", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "--node-modules-dir=auto", "main.ts", "lib/", "tests/", "bench/"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(code, 0, `deno check failed:\n${decoder.decode(stderr)}${decoder.decode(stdout)}`);
});
