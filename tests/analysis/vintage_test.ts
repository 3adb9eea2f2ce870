import assert from "node:assert/strict";
import { bands, describeBands, judge } from "../../lib/analysis/claims/tolerance.ts";
import { dateInWords, isLaterThan, vintageNote, type VintageRef } from "../../lib/analysis/claims/vintage.ts";
import { parseDescriptor } from "../../lib/analysis/catalog/datapackage.ts";
import type { Tolerance } from "../../lib/analysis/claims/schema.ts";
import { TRADE_FIELDS, writeFixturePackage } from "../helpers/fixture_data.ts";

Deno.test("bands: the confirmed and approximate bands of each tolerance kind, by hand", () => {
  const m = (value: number) => ({ value, unit: "USD millions" as const });
  // $355 million printed to the million: 354.5–355.5; approximate within 5% (17.75 either side).
  assert.deepEqual(bands(m(355), { kind: "rounded", step: 1 }), {
    confirmed: { min: 354.5, max: 355.5 },
    approximate: { min: 337.25, max: 372.75 },
  });
  // "nearly $20 billion", 10%: 18–20 confirmed; 16–22 approximate.
  assert.deepEqual(bands(m(20), { kind: "nearly", relative: 0.1 }), {
    confirmed: { min: 18, max: 20 },
    approximate: { min: 16, max: 22 },
  });
  assert.deepEqual(bands({ value: 2, unit: "ratio" }, { kind: "more-than" }), {
    confirmed: { min: 2, minExclusive: true },
    approximate: { min: 1.9 },
  });
  assert.deepEqual(bands({ value: 9, unit: "rank" }, { kind: "exact" }), {
    confirmed: { min: 9, max: 9 },
    approximate: null,
  });
  assert.equal(bands({ value: true, unit: "boolean" }, { kind: "exact" }), null);
});

Deno.test("bands: judge agrees with the bands at and around every edge", () => {
  const cases: [number, Tolerance][] = [
    [355, { kind: "rounded", step: 1 }],
    [20, { kind: "nearly", relative: 0.1 }],
    [90, { kind: "about", absolute: 5 }],
    [2, { kind: "more-than" }],
    [3.5, { kind: "less-than" }],
    [9, { kind: "exact" }],
    [6, { kind: "range", min: 4, max: 8 }],
  ];
  for (const [value, tolerance] of cases) {
    const stated = { value, unit: "ratio" as const };
    const b = bands(stated, tolerance)!;
    const edges = [b.confirmed.min, b.confirmed.max, b.approximate?.min, b.approximate?.max]
      .filter((x): x is number => x !== undefined);
    for (const edge of edges) {
      for (const probe of [edge - 1e-6, edge, edge + 1e-6]) {
        const inside = (band: typeof b.confirmed) =>
          (band.min === undefined || (band.minExclusive ? probe > band.min : probe >= band.min)) &&
          (band.max === undefined || (band.maxExclusive ? probe < band.max : probe <= band.max));
        const expected = inside(b.confirmed)
          ? "confirmed"
          : b.approximate && inside(b.approximate)
          ? "approximate"
          : "discrepant";
        assert.equal(judge(stated, probe, tolerance), expected, `${tolerance.kind} ${value} at ${probe}`);
      }
    }
  }
});

Deno.test("describeBands: both bands in words", () => {
  assert.deepEqual(describeBands({ value: 355, unit: "USD millions" }, { kind: "rounded", step: 1 }), {
    confirmed: "$354.5 million to $355.5 million",
    approximate: "$337.25 million to $372.75 million, outside the confirmed band",
  });
  assert.deepEqual(describeBands({ value: 3.5, unit: "USD billions" }, { kind: "less-than" }), {
    confirmed: "less than $3.5 billion",
    approximate: "$3.5 billion up to $3.675 billion",
  });
  assert.deepEqual(describeBands({ value: 9, unit: "rank" }, { kind: "exact" }), {
    confirmed: "exactly 9th",
    approximate: null,
  });
});

Deno.test("vintage: dates in words and comparisons only as precise as both dates", () => {
  assert.equal(dateInWords("2025-03"), "March 2025");
  assert.equal(dateInWords("2022-02-02"), "2 February 2022");
  assert.equal(dateInWords("2018"), "2018");
  assert.equal(isLaterThan("2025-03", "2018-09"), true);
  assert.equal(isLaterThan("2018-09", "2018-09"), false);
  assert.equal(isLaterThan("2018-10", "2018"), false);
  assert.equal(isLaterThan("2017", "2018-09"), false);
});

const BEA: VintageRef = { resource: "bea", date: "2025-03", basis: "release", label: "BEA's annual revision" };
const PRESS: VintageRef = { resource: "press", date: "2018-09", basis: "as-printed", label: "figures as printed" };

Deno.test("vintage: a release later than the document says the first-published figures are not at hand", () => {
  const note = vintageNote([BEA], "2018-09", "discrepant")!;
  assert.equal(
    note.text,
    "Judged on BEA's annual revision (March 2025), later than the document (September 2018): the figures as published when it was written are not at hand here, and revisions since then may move them.",
  );
  assert.equal(vintageNote([BEA], "2026-01", "confirmed")!.text, "Judged on BEA's annual revision (March 2025).");
  assert.equal(vintageNote([PRESS], "2017-10", "confirmed")!.text, "Judged on figures as printed.");
  assert.equal(vintageNote([], "2018-09", "confirmed"), undefined);
});

Deno.test("vintage: another vintage is judged and the note says whether the revision changes the verdict", () => {
  const computed = { value: 6.4, unit: "USD billions" as const, text: "$6.4 billion" };
  const same = vintageNote([BEA], "2018-09", "confirmed", [
    { vintages: [PRESS], computed, verdict: "confirmed", sources: [] },
  ])!;
  assert.match(same.text, /later than the document \(September 2018\); an earlier vintage is shown below\./);
  assert.match(
    same.text,
    /On figures as printed the figure is \$6\.4 billion \(confirmed\): the revision does not change/,
  );
  const moved = vintageNote([BEA], "2018-09", "discrepant", [
    { vintages: [PRESS], computed, verdict: "confirmed", sources: [] },
  ])!;
  assert.match(moved.text, /on that vintage the verdict would be confirmed, not discrepant\./);
  assert.equal(moved.others?.length, 1);
});

Deno.test("check: verdicts record the vintage judged, the bands, and other vintages", async () => {
  const dir = await writeFixturePackage([
    {
      name: "revised-table",
      csv: "partner,year,exports,imports\nKOR,2018,7130,1\n",
      fields: TRADE_FIELDS,
      primaryKey: ["partner", "year"],
      vintage: { date: "2025-03", basis: "release", label: "the publisher's March 2025 revision" },
    },
    {
      name: "first-print",
      csv: "partner,year,exports,imports\nKOR,2018,6400,1\n",
      fields: TRADE_FIELDS,
      primaryKey: ["partner", "year"],
      grade: "secondary",
      vintage: { date: "2018-09", basis: "as-printed", label: "the figure as printed in September 2018" },
    },
  ], {
    documents: [{
      id: "fixture-doc",
      title: "Fixture",
      publisher: "Fixture blog",
      authors: [],
      date: "2018-09",
      url: null,
      license: "test",
      summary: "A fixture document.",
    }],
    claims: [{
      id: "fixture-surplus",
      document: "fixture-doc",
      quote: "a surplus of $6.4 billion",
      subject: "A surplus",
      period: "H1 2018",
      stated: { value: 6.4, unit: "USD billions" },
      wording: "$6.4 billion",
      tolerance: { kind: "rounded", step: 0.1 },
    }],
  });
  try {
    // In a process of its own: claims are looked up through CLAIMBOOK_DATA_DIR, which is the whole process's.
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-check", new URL("./vintage_child.ts", import.meta.url).pathname],
      env: { CLAIMBOOK_DATA_DIR: dir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const { withVintages: v, plain, html } = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(v.verdict, "discrepant"); // 7.13 vs 6.4: 11% off
    assert.deepEqual(v.sources[0].vintage, {
      date: "2025-03",
      basis: "release",
      label: "the publisher's March 2025 revision",
    });
    assert.deepEqual(v.bands, {
      confirmed: "$6.35 billion to $6.45 billion",
      approximate: "$6.08 billion to $6.72 billion, outside the confirmed band",
    });
    assert.equal(v.vintage?.judged[0].resource, "revised-table");
    assert.equal(v.vintage?.others?.[0].verdict, "confirmed");
    assert.equal(v.vintage?.others?.[0].computed.text, "$6.4 billion");
    assert.match(
      v.vintage!.text,
      /^Judged on the publisher's March 2025 revision \(March 2025\), later than the document/,
    );
    assert.match(v.vintage!.text, /verdict would be confirmed, not discrepant/);
    assert.match(plain, /Confirmed if: {3}\$6\.35 billion to \$6\.45 billion/);
    assert.match(plain, /Vintage: {2}Judged on the publisher's March 2025 revision/);
    assert.match(html, /<th[^>]*>Approximate if<\/th>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("datapackage: every resource must say its vintage, with a usable date and basis", () => {
  const resource = (vintage: unknown) =>
    JSON.stringify({
      name: "p",
      resources: [{
        name: "x",
        path: "x.csv",
        grade: "official",
        sources: [{ title: "T" }],
        schema: { fields: [] },
        ...(vintage === undefined ? {} : { vintage }),
      }],
    });
  assert.throws(() => parseDescriptor(resource(undefined), "dp.json"), /resource "x"\.vintage: expected/);
  assert.throws(
    () => parseDescriptor(resource({ date: "March 2025", basis: "release", label: "x" }), "dp.json"),
    /vintage\.date: expected an ISO date/,
  );
  assert.throws(
    () => parseDescriptor(resource({ date: "2025-03", basis: "revised", label: "x" }), "dp.json"),
    /vintage\.basis: expected one of release, retrieved, as-printed/,
  );
  assert.equal(
    parseDescriptor(resource({ date: "2025-03", basis: "release", label: "x" }), "dp.json").resources[0].vintage.date,
    "2025-03",
  );
});
