/**
 * A cell limit of 2³¹ ms or more (`--timeout 3000000`) used to overflow
 * `setTimeout` and end every cell within a second. Long limits are now
 * waited in steps; absurd ones are refused with a message.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../helpers/paths.ts";
import { MAX_TIMER_MS, setLongTimeout } from "../../lib/workspace/kernel/timer.ts";
import { writeNotebooks } from "./helpers.ts";

Deno.test("setLongTimeout waits out a delay longer than one timer step, and can be cancelled", async () => {
  assert.equal(MAX_TIMER_MS, 2147483647);
  const started = performance.now();
  const fired = await new Promise<number>((resolve) => setLongTimeout(() => resolve(performance.now()), 120, 25));
  assert.ok(fired - started >= 115, `fired after ${fired - started} ms, before the 120 ms asked`);
  let called = false;
  const cancel = setLongTimeout(() => (called = true), 60, 20);
  await new Promise((resolve) => setTimeout(resolve, 30));
  cancel();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(called, false, "cancelled between steps");
});

Deno.test("run --timeout 3000000 lets a 1.5 s cell finish; --timeout 1e12 is refused", async () => {
  const { dir, cleanup } = await writeNotebooks({
    slowish: ['await new Promise((r) => setTimeout(r, 1500)); console.log("finished");'],
  });
  try {
    const run = (timeout: string) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          join(ROOT, "main.ts"),
          "run",
          "--quiet",
          "--timeout",
          timeout,
          "--build-dir",
          join(dir, "b"),
          join(dir, "notebooks", "slowish.ipynb"),
        ],
        cwd: ROOT,
        env: { CLAIMBOOK_DATA_DIR: join(dir, "data"), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const [long, absurd] = await Promise.all([run("3000000"), run("1e12")]);
    assert.equal(long.code, 0, decode(long.stderr));
    const executed = await Deno.readTextFile(join(dir, "b", "notebooks", "slowish.ipynb"));
    assert.match(executed, /finished/);
    assert.doesNotMatch(executed, /CellTimeoutError/);
    assert.equal(absurd.code, 2);
    assert.match(decode(absurd.stderr), /--timeout needs a positive number of seconds, at most 31536000 \(a year\)/);
  } finally {
    await cleanup();
  }
});
