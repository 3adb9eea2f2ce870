/**
 * The outputs of a code cell, each shown through the richest form the site
 * trusts: verdict and chart payloads with our own templates, HTML sanitized,
 * images embedded, text with its ANSI colours, errors with their traceback.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import stripAnsi from "strip-ansi";
import { CHART_MIME } from "../../analysis/charts/payload.ts";
import { escapeHtml } from "../../analysis/html.ts";
import { VERDICT_MIME } from "../../analysis/claims/verdict.ts";
import { ansiToHtml, describeSize, TEXT_OUTPUT_LIMIT, truncateText } from "./ansi.ts";
import { asChartData, chartCsv, chartFigure } from "./chart-figure.ts";
import { highlightCode } from "./highlight.ts";
import { newMarkdownContext, renderMarkdown } from "./markdown.ts";
import { type MimeBundle, type OutputAsRead, sourceText } from "../notebook/format.ts";
import { pageId, type PageState } from "./page-state.ts";
import { sanitizeUntrustedHtml } from "./sanitize.ts";
import { asVerdictData, verdictCard } from "./verdict-card.ts";

/** Largest embedded image (base64 characters); bigger images are named, not embedded. */
export const IMAGE_LIMIT = 5_000_000;

const RASTER_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/**
 * Renders the outputs of one cell. `where` names the cell in errors.
 *
 * @example
 * ```ts
 * renderOutputs([{ output_type: "stream", name: "stdout", text: "hi\n" }], state, "notebooks/x.ipynb, cell 2");
 * // '<pre class="output stream stdout">hi\n</pre>'
 * ```
 */
export function renderOutputs(outputs: OutputAsRead[], state: PageState, where: string): string {
  const parts: string[] = [];
  // Jupyter front ends show consecutive writes to one stream as one block.
  let pending: { name: string; text: string } | undefined;
  const flush = () => {
    if (pending) parts.push(streamBlock(pending.name, pending.text));
    pending = undefined;
  };
  for (const output of outputs) {
    if (output.output_type === "stream") {
      const name = output.name === "stderr" ? "stderr" : "stdout";
      const text = sourceText(output.text);
      if (pending?.name === name) pending.text += text;
      else {
        flush();
        pending = { name, text };
      }
      continue;
    }
    flush();
    if (output.output_type === "error") parts.push(errorBlock(output));
    else if (output.output_type === "display_data" || output.output_type === "execute_result") {
      parts.push(richOutput(output.data ?? {}, state, where));
    } else {
      parts.push(`<p class="output note">An output of type “${escapeHtml(output.output_type)}” is not shown.</p>`);
    }
  }
  flush();
  return parts.join("");
}

function streamBlock(name: string, text: string): string {
  if (text === "") return "";
  return `<pre class="output stream ${name}">${textWithNote(text)}</pre>`;
}

function textWithNote(text: string): string {
  const { text: kept, omitted } = truncateText(text, TEXT_OUTPUT_LIMIT);
  const note = omitted > 0
    ? `\n<span class="truncated">… ${
      describeSize(omitted)
    } more not shown here; open the notebook for the whole output.</span>`
    : "";
  return ansiToHtml(kept) + note;
}

function errorBlock(output: OutputAsRead): string {
  const heading = `<p class="error-title"><strong>${escapeHtml(output.ename ?? "Error")}</strong>${
    output.evalue ? `: ${escapeHtml(firstLine(output.evalue))}` : ""
  }</p>`;
  const traceback = (output.traceback ?? []).join("\n");
  const body = traceback.trim() ? `<pre class="traceback">${textWithNote(traceback)}</pre>` : "";
  return `<div class="output error">${heading}${body}</div>`;
}

function firstLine(text: string): string {
  // ANSI codes in evalue are dropped rather than shown as garbage in the title line.
  return stripAnsi(text).split("\n")[0];
}

function richOutput(data: MimeBundle, state: PageState, where: string): string {
  if (VERDICT_MIME in data) {
    const verdict = asVerdictData(data[VERDICT_MIME], where);
    const id = pageId(state, "verdict", verdict.claim);
    return verdictCard(verdict, {
      id,
      jsonLd: state.reviewFor(verdict, id),
      ...(state.sourceLinks ? { sourceLinks: state.sourceLinks } : {}),
      history: state.historyOf?.(verdict.claim) ?? [],
    });
  }
  if (CHART_MIME in data) return chartOutput(data, state, where);
  if ("text/html" in data) {
    const { text, omitted } = truncateText(sourceText(data["text/html"]), TEXT_OUTPUT_LIMIT);
    const note = omitted > 0
      ? `<p class="truncated">… ${
        describeSize(omitted)
      } more HTML not shown here; open the notebook for the whole output.</p>`
      : "";
    const safe = sanitizeUntrustedHtml(text);
    // A table may be wider than a phone and scroll sideways: keyboard users reach it with Tab.
    const scrolls = /<table[\s>]/i.test(safe)
      ? ` tabindex="0" role="region" aria-label="Table output (scrolls sideways)"`
      : "";
    return `<div class="output html"${scrolls}>${safe}${note}</div>`;
  }
  if ("image/svg+xml" in data) {
    // An SVG we did not draw is shown as an image: scripts inside an <img> never run.
    const svg = sourceText(data["image/svg+xml"]);
    const encoded = Buffer.from(svg, "utf8").toString("base64");
    return imageBlock("image/svg+xml", encoded, altText(data));
  }
  const raster = RASTER_TYPES.find((type) => type in data);
  if (raster) return imageBlock(raster, sourceText(data[raster]).replace(/\s+/g, ""), altText(data));
  if ("text/markdown" in data) {
    // Headings printed by code stay out of the page outline, but ids stay unique.
    const context = newMarkdownContext({ usedIds: state.markdown.usedIds, headingShift: 6 });
    return `<div class="output markdown">${renderMarkdown(sourceText(data["text/markdown"]), context)}</div>`;
  }
  if ("application/json" in data) {
    const json = JSON.stringify(data["application/json"], null, 2) ?? "";
    return `<pre class="output json"><code class="hljs">${highlightCode(truncateText(json).text, "json")}</code></pre>`;
  }
  if ("text/plain" in data) return `<pre class="output text">${textWithNote(sourceText(data["text/plain"]))}</pre>`;
  if ("text/latex" in data) return `<pre class="output text">${escapeHtml(sourceText(data["text/latex"]))}</pre>`;
  const types = Object.keys(data).join(", ") || "none";
  return `<p class="output note">An output with no type the site can show (${escapeHtml(types)}).</p>`;
}

function chartOutput(data: MimeBundle, state: PageState, where: string): string {
  const chart = asChartData(data[CHART_MIME], where);
  const id = pageId(state, "chart", chart.name);
  const csvPath = `data/${state.stem}/${id.replace(/^chart-/, "")}.csv`;
  state.files.set(csvPath, chartCsv(chart));
  const svg = "image/svg+xml" in data ? sourceText(data["image/svg+xml"]) : undefined;
  const figure = chartFigure(chart, svg, { id, csvHref: csvPath });
  state.styles.push(...figure.styles);
  return figure.html;
}

function imageBlock(type: string, base64: string, alt: string): string {
  if (base64.length > IMAGE_LIMIT) {
    return `<p class="output note">An image (${type}, ${
      describeSize(base64.length)
    }) too large to embed in the page.</p>`;
  }
  if (!/^[A-Za-z0-9+/=]*$/.test(base64)) {
    return `<p class="output note">An image (${type}) that is not valid base64.</p>`;
  }
  return `<p class="output image"><img src="data:${type};base64,${base64}" alt="${escapeHtml(alt)}"></p>`;
}

function altText(data: MimeBundle): string {
  const text = stripAnsi(sourceText(data["text/plain"])).trim();
  // The kernel's repr of an image object is not a description; say what it is instead.
  return text && text.length < 300 && !/^<.*>$/.test(text) ? text : "Image output of the cell";
}
