import assert from "node:assert/strict";
import { ansiToHtml, collapseCarriageReturns, describeSize, truncateText } from "../../lib/workspace/site/ansi.ts";

Deno.test("ANSI colours become classes the themes colour; text is escaped", () => {
  assert.equal(ansiToHtml("\x1b[33m2016\x1b[39m <b>&"), '<span class="ansi-yellow-fg">2016</span> &lt;b&gt;&amp;');
  assert.equal(
    ansiToHtml("\x1b[1;31mbold red\x1b[0m"),
    '<span style="font-weight:bold" class="ansi-red-fg">bold red</span>',
  );
  assert.equal(ansiToHtml("plain"), "plain");
});

Deno.test("the Deno kernel's coloured results render without escape codes", () => {
  const html = ansiToHtml('{ year: \x1b[33m2016\x1b[39m, label: \x1b[32m"x"\x1b[39m }');
  assert.equal(html.includes("\x1b"), false);
  assert.doesNotMatch(html, /\[3\dm/);
  assert.match(html, /<span class="ansi-green-fg">&quot;x&quot;<\/span>/);
});

Deno.test("only http(s) terminal hyperlinks become links", () => {
  const link = (url: string) => ansiToHtml(`\x1b]8;;${url}\x1b\\text\x1b]8;;\x1b\\`);
  assert.match(link("https://example.org"), /<a href="https:\/\/example.org">text<\/a>/);
  assert.doesNotMatch(link("javascript:alert(1)"), /<a|javascript/);
});

Deno.test("progress lines rewritten with \\r show their last state", () => {
  assert.equal(collapseCarriageReturns("10%\r50%\r100%\ndone\r\n"), "100%\ndone\n");
});

Deno.test("large text is cut with a count of what was left out", () => {
  const text = "line\n".repeat(100);
  const cut = truncateText(text, 52);
  assert.ok(cut.text.length <= 52);
  assert.equal(cut.text.length + cut.omitted, text.length);
  assert.deepEqual(truncateText("short", 10), { text: "short", omitted: 0 });
  assert.equal(describeSize(1_500_000), "1.5 MB");
  assert.equal(describeSize(250_000), "250 KB");
});
