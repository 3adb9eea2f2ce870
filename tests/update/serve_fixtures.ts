/**
 * Serves the fake publishers of the updater's tests on 127.0.0.1, for trying
 * `deno task update --base-url` by hand. Stops by itself after 10 minutes.
 *
 *   deno run -A tests/update/serve_fixtures.ts [--port 8123] [--revise]
 *
 * The fake IMF answers with IMTS bodies generated from `data/` (the 2022
 * DOTS workbooks) with the series of the recorded IMTS body spliced in
 * (USA's exports to the world, 2023 and 2024, as the IMF served them in
 * December 2025), so that `update --dry-run` shows an IMTS-era change
 * report: the vintage moving from the workbooks to IMTS, and the years
 * added. `--revise` also serves Korea's 2019 exports to and imports from
 * Russia 10% higher than `data/` has them (a made-up revision, to show how
 * revisions read). The Census HS endpoints answer the news item's settling
 * query with the settle fixtures (made-up values), for trying `update
 * --settle --workspace <a copy> --base-url …` by hand.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join } from "node:path";
import { startFixtureServer } from "./fixture_server.ts";
import { loadPublisherData, publisherHandler, recordedImts, settleFixtures } from "./publishers.ts";
import { ROOT } from "./workspace.ts";

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { port: { type: "string" }, revise: { type: "boolean", default: false } },
  });
  const data = {
    ...await loadPublisherData(join(ROOT, "data")),
    imts: await recordedImts(),
    censusHs: await settleFixtures(),
  };
  if (values.revise) {
    data.dots = data.dots.map((r) =>
      r.reporter === "KOR" && r.partner === "RUS" && r.year === 2019 ? { ...r, value: (r.value as number) * 1.1 } : r
    );
  }
  const port = values.port ? Number(values.port) : undefined;
  const server = startFixtureServer(publisherHandler(data), { lifetimeMs: 600_000, maxRequests: 1000, port });
  console.log(
    `fake publishers at ${server.url} (for 10 minutes); try:\n  deno task update --dry-run --base-url ${server.url}`,
  );
}
