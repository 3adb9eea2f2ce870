/**
 * How a verdict looks: a plain-text card and an HTML card (inline styles, so
 * it reads the same in Jupyter, VS Code and nbconvert's HTML).
 *
 * @module
 */

import { escapeHtml, mathSafe } from "../html.ts";
import { formatPercentChange } from "../units.ts";
import type { VerdictData, VerdictKind } from "./verdict.ts";
import { formatEnUs } from "../number-format.ts";

const MARK: Record<VerdictKind, string> = {
  confirmed: "✔",
  approximate: "≈",
  discrepant: "✘",
  unverifiable: "?",
};

const COLOUR: Record<VerdictKind, string> = {
  confirmed: "#1a7f37",
  approximate: "#9a6700",
  discrepant: "#cf222e",
  unverifiable: "#6e7781",
};

/**
 * The verdict as a plain-text card.
 *
 * @example
 * ```ts
 * renderVerdictText(verdict.data).split("\n")[0]; // "✔ CONFIRMED · news-2017-deficit-doubled · official series"
 * ```
 */
export function renderVerdictText(v: VerdictData): string {
  const lines = [
    `${MARK[v.verdict]} ${v.verdict.toUpperCase()} · ${v.claim} · ${v.grade}`,
    `  “${v.quote}”`,
    `  Subject:  ${v.subject} (${v.period})`,
    `  Stated:   ${v.stated.text}`,
    `  Computed: ${v.computed ? v.computed.text : "—"}${differenceText(v)}`,
    `  Allowed:  ${v.tolerance}`,
    ...bandLines(v),
    `  Why:      ${v.reason}`,
  ];
  if (v.vintage) lines.push(`  Vintage:  ${v.vintage.text}`);
  if (v.note) lines.push(`  Note:     ${v.note}`);
  if (v.settle) lines.push(`  Settle:   ${v.settle}`);
  if (v.sources.length > 0) lines.push(`  Sources:  ${v.sources.map((s) => `${s.title} [${s.grade}]`).join("; ")}`);
  return lines.join("\n");
}

function bandLines(v: VerdictData): string[] {
  if (!v.bands) return [];
  const lines = [`  Confirmed if:   ${v.bands.confirmed}`];
  if (v.bands.approximate) lines.push(`  Approximate if: ${v.bands.approximate}`);
  return lines;
}

function differenceText(v: VerdictData): string {
  if (!v.difference) return "";
  const rel = v.difference.relative === null ? "" : `, ${formatPercentChange(v.difference.relative * 100)}`;
  return `   (difference ${signed(v.difference.absolute, 3)}${rel})`;
}

function signed(value: number, digits: number): string {
  const text = formatEnUs(Math.abs(value), { maximumFractionDigits: digits });
  if (/^0(\.0*)?$/.test(text)) return "0";
  return value < 0 ? `−${text}` : `+${text}`;
}

/**
 * The verdict as an HTML card.
 *
 * @example
 * ```ts
 * renderVerdictHtml(verdict.data).startsWith('<div class="tex2jax_ignore mathjax_ignore">'); // true
 * ```
 */
export function renderVerdictHtml(v: VerdictData): string {
  const colour = COLOUR[v.verdict];
  // Jupyter Notebook right-aligns and centres table cells; a key/value card reads left to right.
  const row = (label: string, value: string) =>
    `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top;font-weight:600;white-space:nowrap">${label}</th>` +
    `<td style="text-align:left;padding:2px 0;vertical-align:top">${value}</td></tr>`;
  const rows = [
    row("Subject", `${escapeHtml(v.subject)} <span style="color:#6e7781">(${escapeHtml(v.period)})</span>`),
    row("Stated", escapeHtml(v.stated.text)),
    row(
      "Computed",
      `${v.computed ? `<strong>${escapeHtml(v.computed.text)}</strong>` : "—"}${escapeHtml(differenceText(v))}`,
    ),
    row("Allowed", escapeHtml(v.tolerance)),
    ...(v.bands ? [row("Confirmed if", escapeHtml(v.bands.confirmed))] : []),
    ...(v.bands?.approximate ? [row("Approximate if", escapeHtml(v.bands.approximate))] : []),
    row("Why", escapeHtml(v.reason)),
  ];
  if (v.vintage) rows.push(row("Vintage", escapeHtml(v.vintage.text)));
  if (v.note) rows.push(row("Note", escapeHtml(v.note)));
  if (v.settle) rows.push(row("Would settle it", escapeHtml(v.settle)));
  if (v.sources.length > 0) {
    rows.push(row("Sources", v.sources.map((s) => `${escapeHtml(s.title)} <em>(${s.grade})</em>`).join("<br>")));
  }
  return mathSafe([
    `<div class="claimbook-verdict verdict-${v.verdict}" style="border-left:6px solid ${colour};padding:8px 12px;margin:6px 0;font-family:system-ui,sans-serif;font-size:14px">`,
    `<div style="font-weight:700;color:${colour}">${
      MARK[v.verdict]
    } ${v.verdict.toUpperCase()} <span style="font-weight:400;color:#6e7781">· ${escapeHtml(v.claim)} · ${
      escapeHtml(v.grade)
    }</span></div>`,
    `<blockquote style="margin:6px 0;font-style:italic">“${escapeHtml(v.quote)}”</blockquote>`,
    `<table style="border-collapse:collapse;margin:0;table-layout:auto">${rows.join("")}</table>`,
    `</div>`,
  ].join(""));
}
