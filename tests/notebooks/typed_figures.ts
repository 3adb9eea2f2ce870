/**
 * Finds a claim's stated figure typed into a notebook — in Markdown prose, in
 * the strings and comments of code, or as a number handed to a quantity
 * (`usdBillions(24)`) — where it should come from the claim record
 * (`claim(id).stated`) or the data. Quoting the document is allowed: text
 * inside “curly quotes” whose pieces (split at “…”) are words of one of its
 * claims' quotes is a citation, not a typed figure.
 *
 * @module
 */

import type { ClaimRecord } from "../../lib/analysis/claims/schema.ts";

/** A notebook cell as the test reads it. */
export interface CellText {
  cell_type: string;
  source: string;
}

/** A stated figure found where it should not be. */
export interface TypedFigure {
  /** 1-based cell number. */
  cell: number;
  claim: string;
  /** What was found, e.g. `$22.34 billion` or `usdBillions(24)`. */
  text: string;
  where: "prose" | "code";
}

const MONEY_WORDS: Record<string, string> = {
  "USD billions": "(?:billion|bn|B)\\b",
  "USD millions": "(?:million|mn|M)\\b",
};
const MONEY_SCALE: Record<string, number> = {
  "USD": 1,
  "USD thousands": 1e3,
  "USD millions": 1e6,
  "USD billions": 1e9,
};
const QUANTITY_CALL = /\b(usd|usdMillions|usdBillions|percent|ratio|persons)\(\s*(-?[\d_]*\.?[\d_]+(?:e-?\d+)?)\s*\)/g;
/** A number with a fractional part anywhere in code (`const stated = 22.34`). */
const DECIMAL = /(?<![\w.])(\d[\d_]*\.\d[\d_]*)(?![\w.])/g;

/** Spellings of a number in prose: 22.34, 770,000, 770000, 770 000. */
function spellings(value: number): string[] {
  const abs = Math.abs(value);
  const plain = Number.parseFloat(abs.toPrecision(12)).toString();
  const [int, frac] = plain.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const forms = new Set([
    plain,
    `${grouped}${frac ? `.${frac}` : ""}`,
    `${int.replace(/\B(?=(\d{3})+(?!\d))/g, " ")}${frac ? `.${frac}` : ""}`,
  ]);
  return [...forms];
}

/** Separates the strings and comments of code, so that no match spans two of them. */
const FRAGMENT = "\u0000";

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const numberPattern = (value: number): string =>
  `(?<![\\d.,])(?:${spellings(value).map(escape).join("|")})(?![\\d]|[.,]\\d)`;

/** The prose patterns that spell a claim's stated figure with its unit. */
export function prosePatterns(claim: Pick<ClaimRecord, "stated">): RegExp[] {
  const { value, unit } = claim.stated;
  if (typeof value !== "number") return [];
  if (unit in MONEY_SCALE) {
    const patterns: RegExp[] = [];
    for (const [to, word] of Object.entries(MONEY_WORDS)) {
      const inUnit = value * MONEY_SCALE[unit] / MONEY_SCALE[to];
      if (Math.abs(inUnit) < 0.01) continue;
      const n = numberPattern(inUnit);
      patterns.push(new RegExp(`(?:\\$|US\\$)\\s*${n}(?:\\s*${word})?|${n}\\s*${word}`, "g"));
    }
    return patterns;
  }
  switch (unit) {
    case "percent":
      return [new RegExp(`${numberPattern(value)}\\s*(?:%|percent\\b|per cent\\b)`, "g")];
    case "persons":
      return Math.abs(value) >= 1000 ? [new RegExp(numberPattern(value), "g")] : [];
    case "ratio":
      return Math.abs(value) > 1 ? [new RegExp(`${numberPattern(value)}\\s*(?:times\\b|×|-fold\\b|fold\\b)`, "g")] : [];
    default:
      return []; // years, ranks, counts and yes/no answers are everywhere in prose and code
  }
}

/** Whether a number typed into code is the stated figure, in its unit or another money unit. */
function isStatedNumber(literal: number, claim: Pick<ClaimRecord, "stated">): boolean {
  const { value, unit } = claim.stated;
  if (typeof value !== "number") return false;
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  if (unit in MONEY_SCALE) {
    return Object.values(MONEY_SCALE).some((scale) =>
      same(Math.abs(literal), Math.abs(value * MONEY_SCALE[unit] / scale))
    );
  }
  return ["percent", "ratio", "persons"].includes(unit) && same(Math.abs(literal), Math.abs(value));
}

const normalize = (s: string): string => s.replace(/\\+\$/g, "$").replace(/\s+/g, " ").trim().toLowerCase();

/** Prose with the document's own words in “curly quotes” blanked out. */
function withoutCitations(text: string, quotes: string[]): string {
  const normalized = quotes.map(normalize);
  return text.replace(/“([^”]*)”/g, (whole, inner: string) => {
    const pieces = inner.split(/…|\.\.\./).map(normalize).filter((p) => p.length > 0);
    const cited = pieces.length > 0 && pieces.every((p) => normalized.some((q) => q.includes(p)));
    return cited ? " ".repeat(whole.length) : whole;
  });
}

/**
 * Splits TypeScript source into code and text (strings, template text,
 * comments): enough of a lexer to tell `usdBillions(24)` from `"$24 billion"`.
 */
export function splitCode(source: string): { code: string; text: string } {
  let code = "";
  let text = "";
  const templates: number[] = []; // brace depth at which each open template literal resumes
  let depth = 0;
  let i = 0;
  const regexMayFollow = () => /(^|[(,=:[!&|?{};+\-*%<>~^]|\breturn|\btypeof)\s*$/.test(code);
  const readQuoted = (end: string) => {
    i++;
    while (i < source.length && source[i] !== end) {
      if (source[i] === "\\") text += source[i++];
      text += source[i++];
    }
    i++;
    text += FRAGMENT;
  };
  const readTemplateText = () => {
    while (i < source.length) {
      const c = source[i];
      if (c === "\\") {
        text += c + (source[i + 1] ?? "");
        i += 2;
      } else if (c === "`") {
        i++;
        text += FRAGMENT;
        return;
      } else if (c === "$" && source[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        text += FRAGMENT;
        code += " ";
        return;
      } else {
        text += c;
        i++;
      }
    }
  };
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      text += source.slice(i + 2, end === -1 ? source.length : end) + FRAGMENT;
      i = end === -1 ? source.length : end;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      text += source.slice(i + 2, end === -1 ? source.length : end) + FRAGMENT;
      i = end === -1 ? source.length : end + 2;
    } else if (c === '"' || c === "'") {
      readQuoted(c);
      code += '""';
    } else if (c === "`") {
      i++;
      code += "``";
      readTemplateText();
    } else if (c === "/" && regexMayFollow()) {
      // A regular expression literal: skip it, classes and escapes included.
      let inClass = false;
      i++;
      while (i < source.length && (source[i] !== "/" || inClass)) {
        if (source[i] === "\\") i++;
        else if (source[i] === "[") inClass = true;
        else if (source[i] === "]") inClass = false;
        i++;
      }
      i++;
      code += "/re/";
    } else if (c === "{") {
      depth++;
      code += c;
      i++;
    } else if (c === "}") {
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        i++;
        readTemplateText();
      } else {
        depth--;
        code += c;
        i++;
      }
    } else {
      code += c;
      i++;
    }
  }
  return { code, text };
}

/**
 * Every stated figure of `claims` typed into the cells.
 *
 * @example
 * ```ts
 * typedFigures([{ cell_type: "code", source: "check(id, usdBillions(24))" }], claims);
 * // [{ cell: 1, claim: "news-autos-deficit-24bn", text: "usdBillions(24)", where: "code" }]
 * ```
 */
export function typedFigures(cells: CellText[], claims: ClaimRecord[]): TypedFigure[] {
  const quotes = claims.map((c) => c.quote);
  const found: TypedFigure[] = [];
  cells.forEach((cell, index) => {
    const parts = cell.cell_type === "markdown"
      ? { code: "", text: cell.source }
      : cell.cell_type === "code"
      ? splitCode(cell.source)
      : { code: "", text: "" };
    // Claim ids (`"news-imports-rose-nearly-20bn"`) name claims; they are not figures.
    const ids = new RegExp(claims.map((c) => escape(c.id)).join("|") || "(?!)", "g");
    const prose = withoutCitations(parts.text, quotes).replace(ids, (id) => " ".repeat(id.length));
    for (const claim of claims) {
      for (const pattern of prosePatterns(claim)) {
        for (const m of prose.matchAll(pattern)) {
          found.push({ cell: index + 1, claim: claim.id, text: m[0].trim(), where: "prose" });
        }
      }
      for (const m of parts.code.matchAll(QUANTITY_CALL)) {
        if (isStatedNumber(Number(m[2].replaceAll("_", "")), claim)) {
          found.push({ cell: index + 1, claim: claim.id, text: m[0], where: "code" });
        }
      }
      for (const m of parts.code.matchAll(DECIMAL)) {
        const inCall = [...parts.code.matchAll(QUANTITY_CALL)].some((q) =>
          q.index! <= m.index! && m.index! < q.index! + q[0].length
        );
        if (!inCall && isStatedNumber(Number(m[1].replaceAll("_", "")), claim)) {
          found.push({ cell: index + 1, claim: claim.id, text: m[0], where: "code" });
        }
      }
    }
  });
  return found;
}
