/**
 * Notebook markdown rendered with `markdown-it` (raw HTML allowed, then
 * sanitized), with page-unique heading ids for the table of contents,
 * heading levels shifted under the page title, fenced code highlighted,
 * `attachment:` images embedded, and links to sibling notebooks pointed at
 * their pages.
 *
 * @module
 */

import MarkdownIt, { type Env, type Token } from "markdown-it";
import { highlightCode } from "./highlight.ts";
import { HEADING_ID_PREFIX, sanitizeUntrustedHtml } from "./sanitize.ts";
import { type MimeBundle, sourceText } from "../notebook/format.ts";

/** A heading of a page, for its table of contents. */
export interface Heading {
  /** 1–6 after shifting. */
  level: number;
  text: string;
  id: string;
}

/** What one page's markdown cells share while they are rendered. */
export interface MarkdownContext {
  /** Ids already used on the page (heading ids stay unique across cells). */
  usedIds: Set<string>;
  /** Headings found so far, in order. */
  headings: Heading[];
  /** Levels added to every heading (1 when the notebook uses `#` below its title). */
  headingShift: number;
  /** Maps a link target, e.g. `other.ipynb` → `other.html`; `undefined` leaves it. */
  rewriteHref?: (href: string) => string | undefined;
}

interface RenderEnv extends Env {
  context?: MarkdownContext;
  attachments?: Record<string, MimeBundle>;
}

const md = new MarkdownIt({
  html: true,
  linkify: true,
  highlight: (code, language) => highlightCode(code, language || undefined),
});

// Notebooks write dollar amounts as `\\$` so that Jupyter's MathJax leaves them alone
// (see escapeMarkdownDollars in lib/analysis/html.ts); on the site they are plain `$`.
md.inline.ruler.before("escape", "claimbook_dollar", (state, silent) => {
  if (!state.src.startsWith("\\\\$", state.pos)) return false;
  if (!silent) state.push("text", "", 0).content = "$";
  state.pos += 3;
  return true;
});

md.core.ruler.push("claimbook_headings", (state) => {
  const context = (state.env as RenderEnv | undefined)?.context;
  if (!context) return;
  const tokens = state.tokens;
  tokens.forEach((token, index) => {
    if (token.type !== "heading_open") return;
    const level = Math.min(6, Number(token.tag.slice(1)) + context.headingShift);
    const close = tokens.slice(index).find((t) => t.type === "heading_close");
    token.tag = `h${level}`;
    if (close) close.tag = `h${level}`;
    const text = plainText(tokens[index + 1]);
    const id = uniqueId(text, context.usedIds);
    token.attrSet("id", id);
    context.headings.push({ level, text, id });
  });
});

const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, index, options, env: RenderEnv | undefined, self) => {
  const token = tokens[index];
  const src = String(token.attrGet("src") ?? "");
  if (src.startsWith("attachment:")) {
    const embedded = attachmentUrl(env?.attachments, decodeURIComponent(src.slice("attachment:".length)));
    if (embedded) token.attrSet("src", embedded);
  }
  return defaultImage(tokens, index, options, env, self);
};

const defaultLinkOpen = md.renderer.rules.link_open ??
  ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
md.renderer.rules.link_open = (tokens, index, options, env: RenderEnv | undefined, self) => {
  const token = tokens[index];
  const href = token.attrGet("href");
  const rewritten = href ? env?.context?.rewriteHref?.(String(href)) : undefined;
  if (rewritten) token.attrSet("href", rewritten);
  return defaultLinkOpen(tokens, index, options, env, self);
};

/**
 * A fresh context for the markdown of one page.
 *
 * @example
 * ```ts
 * const context = newMarkdownContext({ headingShift: 1 });
 * renderMarkdown("# Data", context); // '<h2 id="s-data">Data</h2>\n'
 * context.headings; // [{ level: 2, text: "Data", id: "s-data" }]
 * ```
 */
export function newMarkdownContext(options: Partial<MarkdownContext> = {}): MarkdownContext {
  return { usedIds: new Set(), headings: [], headingShift: 0, ...options };
}

/**
 * Renders markdown to sanitized HTML: scripts, event handlers,
 * `javascript:` links and external images do not survive.
 *
 * @example
 * ```ts
 * renderMarkdown("**bold** <script>alert(1)</script>", newMarkdownContext());
 * // "<p><strong>bold</strong> </p>\n"
 * ```
 */
export function renderMarkdown(
  source: string,
  context: MarkdownContext,
  attachments?: Record<string, MimeBundle>,
): string {
  const env: RenderEnv = { context, attachments };
  return sanitizeUntrustedHtml(md.render(source, env));
}

/** A markdown source split into its leading `#` title and the rest. */
export interface TitleSplit {
  /** Text of the first-level heading the source opens with, if any. */
  title?: string;
  /** The source without that heading. */
  rest: string;
}

/**
 * Takes the `# Title` a notebook opens with, so the page shows it once, as
 * its own title.
 *
 * @example
 * ```ts
 * splitTitle("# Checking KEI\n\nIntro."); // { title: "Checking KEI", rest: "\nIntro." }
 * splitTitle("Intro."); // { rest: "Intro." }
 * ```
 */
export function splitTitle(source: string): TitleSplit {
  const tokens = md.parse(source, {});
  const first = tokens[0];
  if (first?.type !== "heading_open" || first.tag !== "h1" || !first.map) return { rest: source };
  const lines = source.split("\n");
  const [start, end] = first.map;
  return { title: plainText(tokens[1]), rest: [...lines.slice(0, start), ...lines.slice(end)].join("\n") };
}

/**
 * Whether a markdown source has a first-level heading (then the page shifts
 * all headings one level down, under its own title).
 *
 * @example
 * ```ts
 * hasTopLevelHeading("## Data\n# Method"); // true
 * ```
 */
export function hasTopLevelHeading(source: string): boolean {
  return md.parse(source, {}).some((t) => t.type === "heading_open" && t.tag === "h1");
}

/**
 * A page-unique id for a text: a slug with a prefix (`s-` for headings by default).
 *
 * @example
 * ```ts
 * const used = new Set<string>();
 * uniqueId("Data & method", used); // "s-data-method"
 * uniqueId("Data & method", used); // "s-data-method-2"
 * uniqueId("Balance", used, "chart-"); // "chart-balance"
 * ```
 */
export function uniqueId(text: string, used: Set<string>, prefix: string = HEADING_ID_PREFIX): string {
  const base = prefix + (text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "section");
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function plainText(inline: Token | undefined): string {
  if (!inline) return "";
  if (!inline.children) return inline.content;
  return inline.children
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("")
    .trim();
}

function attachmentUrl(attachments: Record<string, MimeBundle> | undefined, name: string): string | undefined {
  const bundle = attachments?.[name];
  if (!bundle) return undefined;
  for (const [mime, data] of Object.entries(bundle)) {
    if (mime.startsWith("image/") && mime !== "image/svg+xml") return `data:${mime};base64,${sourceText(data).trim()}`;
  }
  return undefined;
}
