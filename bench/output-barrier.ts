/**
 * Load test of the output barrier's quiet wait (QUIRKS.md 2 and 3): after a
 * cell with a large output, `collectLateOutput` waits until the kernel has
 * used no CPU for a while before it sends the barrier's request, so as not
 * to make the Deno kernel publish in the middle of a large message. This
 * runs cells with large outputs, each followed by the barrier (with two quiet
 * windows, interleaved) and a small cell, while other processes keep the
 * cores busy, and counts what went wrong: messages rejected, output missing
 * from its cell, output landing on the next cell.
 *
 *   deno run -A bench/output-barrier.ts [--rounds 10] [--load 2] [--windows 50,20]
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { startKernel } from "../lib/workspace/kernel/client.ts";
import { collectLateOutput, OutputBarrier } from "../lib/workspace/executor/output-barrier.ts";
import type { JupyterMessage } from "../lib/workspace/kernel/wire.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    rounds: { type: "string", default: "10" },
    load: { type: "string", default: "2" },
    windows: { type: "string", default: "50,20" },
  },
});
const rounds = Number(values.rounds);
const windows = values.windows.split(",").map(Number);

/** Large outputs, each with how many characters of text it must deliver to its own cell. */
const SCENARIOS: { name: string; code: string; chars: number }[] = [
  {
    name: "10 × 1 MB printed",
    code: 'for (let i = 0; i < 10; i++) console.log("0123456789".repeat(100_000));',
    chars: 10 * 1_000_001,
  },
  { name: "3 MB printed at once", code: 'console.log("y".repeat(3_000_000));', chars: 3_000_001 },
  // Larger than the kernel sends intact reliably (QUIRKS.md 3): how much the wait spares it.
  { name: "6 MB printed at once", code: 'console.log("w".repeat(6_000_000));', chars: 6_000_001 },
  { name: "10 MB printed at once", code: 'console.log("v".repeat(10_000_000));', chars: 10_000_001 },
  {
    name: "4 MB HTML result",
    code: 'Deno.jupyter.html`<p>${"z".repeat(4_000_000)}</p>`',
    chars: 4_000_007,
  },
];

interface Tally {
  cells: number;
  rejected: number;
  incomplete: number;
  misplaced: number;
  waitMs: number;
}

function textOf(message: JupyterMessage): string {
  const content = message.content as { text?: string; data?: Record<string, string> };
  if (message.header.msg_type === "stream") return content.text ?? "";
  if (message.header.msg_type === "execute_result" || message.header.msg_type === "display_data") {
    return content.data?.["text/html"] ?? "";
  }
  return "";
}

const burners = Array.from(
  { length: Number(values.load) },
  () => new Deno.Command(Deno.execPath(), { args: ["eval", "for (;;) {}"], stdout: "null", stderr: "null" }).spawn(),
);
const kernel = await startKernel({ cwd: join(import.meta.dirname!, "..", "notebooks") });
const tallies = new Map(windows.map((w) => [w, new Map<string, Tally>()]));
try {
  const quietWindows = windows.join(" and ");
  console.log(
    `Output barrier under load: ${rounds} round(s), ${burners.length} busy process(es), quiet windows ${quietWindows} ms`,
  );
  for (let round = 0; round < rounds; round++) {
    // A B, then B A: neither window always runs first.
    const order = round % 2 === 0 ? windows : [...windows].reverse();
    for (const scenario of SCENARIOS) {
      for (const quietMs of order) {
        const tally = tallies.get(quietMs)!;
        const t = tally.get(scenario.name) ?? { cells: 0, rejected: 0, incomplete: 0, misplaced: 0, waitMs: 0 };
        tally.set(scenario.name, t);
        const rejectedBefore = kernel.channels.rejected.length;
        let delivered = 0;
        const deliver = (m: JupyterMessage) => (delivered += textOf(m).length);
        const barrier = new OutputBarrier();
        await kernel.execute(scenario.code, { onIopub: (m) => barrier.filter(m, deliver) });
        const started = performance.now();
        await collectLateOutput(kernel, barrier, deliver, { timeoutMs: 20_000, rejectedBefore, quietMs });
        t.waitMs += performance.now() - started;
        let next = "";
        await kernel.execute('console.log("next")', { onIopub: (m) => (next += textOf(m)) });
        await kernel.settle();
        t.cells++;
        if (kernel.channels.rejected.length > rejectedBefore) t.rejected++;
        if (delivered < scenario.chars) t.incomplete++;
        if (next !== "next\n") t.misplaced++;
      }
    }
  }
} finally {
  await kernel.shutdown();
  for (const burner of burners) {
    burner.kill("SIGKILL");
    await burner.status;
  }
}
for (const [quietMs, tally] of tallies) {
  for (const [name, t] of tally) {
    console.log(
      `  ${String(quietMs).padStart(3)} ms  ${name.padEnd(22)} cells ${t.cells}  rejected ${t.rejected}  ` +
        `incomplete ${t.incomplete}  on the next cell ${t.misplaced}  barrier ${(t.waitMs / t.cells).toFixed(0)} ms`,
    );
  }
}
