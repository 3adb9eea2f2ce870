/**
 * How often the Deno kernel's quirks that come and go show up with the Deno
 * running this script (see lib/workspace/kernel/QUIRKS.md). The test suite
 * asserts the ones it can find reliably (tests/executor/kernel_quirks_test.ts);
 * this measures all of them, for deciding after a Deno upgrade whether a
 * workaround may go. About ten seconds.
 *
 *   deno run -A bench/kernel-quirks.ts
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { type KernelClient, startKernel } from "../lib/workspace/kernel/client.ts";

const CWD = fileURLToPath(new URL("../notebooks", import.meta.url));

/** Cells (of 400) whose result arrived after the cell's idle. */
async function lateResults(kernel: KernelClient, cells = 400): Promise<string> {
  let late = 0;
  for (let i = 0; i < cells; i++) {
    const received: string[] = [];
    await kernel.execute(`({ cell: ${i} })`, { onIopub: (m) => received.push(m.header.msg_type) });
    const atIdle = received.length;
    await kernel.settle();
    if (received.slice(atIdle).includes("execute_result")) late++;
  }
  return `${late} of ${cells} cells`;
}

/** Tries (of 10) in which 500 printed lines reached the next cell. */
async function misplacedOutput(kernel: KernelClient, tries = 10): Promise<string> {
  let misplaced = 0;
  for (let k = 0; k < tries; k++) {
    let text = "";
    await kernel.execute('for (let i = 0; i < 500; i++) console.log("a".repeat(100));');
    await kernel.execute('console.log("next")', {
      onIopub: (m) => m.header.msg_type === "stream" && (text += String(m.content.text)),
    });
    await kernel.channels.iopubQuiet(50, 5000);
    await kernel.settle();
    if (text.replace("next\n", "").length > 0) misplaced++;
  }
  return `${misplaced} of ${tries} tries`;
}

/** Messages of 10 MB (of 10) rejected, the client reading slowly while they are sent. */
async function rejectedBigMessages(kernel: KernelClient, tries = 10): Promise<string> {
  let rejected = 0;
  for (let k = 0; k < tries; k++) {
    const before = kernel.channels.rejected.length;
    let slowed = false;
    await kernel.execute('console.log("x".repeat(10_000_000));', {
      iopubGraceMs: 1000,
      onIopub: (m) => {
        if (slowed || m.header.msg_type !== "execute_input") return;
        slowed = true;
        const until = performance.now() + 300;
        while (performance.now() < until) {
          // Not reading for a moment, as a busy client would.
        }
      },
    });
    await kernel.settle(300);
    if (kernel.channels.rejected.length > before) {
      rejected++;
      await kernel.resubscribeIopub(5000);
    }
  }
  return `${rejected} of ${tries} messages`;
}

const kernel = await startKernel({ cwd: CWD });
try {
  console.log(`Deno ${Deno.version.deno}: the kernel's quirks that come and go`);
  console.log(`  results after the cell's idle:            ${await lateResults(kernel)}`);
  console.log(`  printed lines stamped with the next cell: ${await misplacedOutput(kernel)}`);
  console.log(`  10 MB messages with a wrong signature:    ${await rejectedBigMessages(kernel)}`);
} finally {
  await kernel.shutdown();
}
