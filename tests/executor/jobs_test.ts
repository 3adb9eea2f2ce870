import assert from "node:assert/strict";
import { BYTES_PER_KERNEL, defaultJobs, thisMachineJobs } from "../../lib/workspace/executor/jobs.ts";

const GiB = 2 ** 30;

Deno.test("default kernels at once: twice the cores, bounded by memory, never zero", () => {
  assert.equal(defaultJobs({ cores: 2, availableBytes: 20 * GiB }), 4);
  assert.equal(defaultJobs({ cores: 16, availableBytes: 4 * GiB }), 8, "4 GiB hold 8 kernels of 512 MiB");
  assert.equal(defaultJobs({ cores: 2, availableBytes: 3 * BYTES_PER_KERNEL - 1 }), 2);
  assert.equal(defaultJobs({ cores: 8, availableBytes: 100 * 2 ** 20 }), 1, "one kernel even when memory is short");
  assert.equal(defaultJobs({ cores: 0, availableBytes: Infinity }), 2, "an unknown core count counts as one");
  const here = thisMachineJobs();
  assert.ok(here >= 1 && here <= 2 * navigator.hardwareConcurrency, `${here}`);
});
