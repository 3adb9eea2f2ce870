import assert from "node:assert/strict";
import { freeLoopbackPorts } from "../../lib/workspace/kernel/connection.ts";

Deno.test("ports handed to one kernel are not handed to the next, even when the OS offers them again", () => {
  const seen = new Set<number>();
  // 40 kernels' worth of ports, as when many start at once.
  for (let i = 0; i < 40; i++) {
    for (const port of freeLoopbackPorts(5)) {
      assert.ok(!seen.has(port), `port ${port} handed out twice`);
      seen.add(port);
    }
  }
  assert.equal(seen.size, 200);
});
