import assert from "node:assert/strict";
import * as aq from "arquero";
import { fromDanfo, toDanfo } from "../../lib/analysis/frame.ts";

Deno.test("toDanfo / fromDanfo round-trip keeps columns, order and values", async () => {
  const table = aq.table({
    year: [2017, 2018, 2019],
    partner: ["RUS", "RUS", "RUS"],
    value: [19_000, 24_800, 22_321.3],
  });
  const df = await toDanfo(table);
  assert.deepEqual(df.shape, [3, 3]);
  assert.deepEqual(df.columns, ["year", "partner", "value"]);
  assert.equal(df["value"].sum(), 19_000 + 24_800 + 22_321.3);
  const back = await fromDanfo(df);
  assert.deepEqual(back.columnNames(), table.columnNames());
  assert.deepEqual(back.objects(), table.objects());
});
