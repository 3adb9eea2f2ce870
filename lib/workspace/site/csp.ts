/**
 * The Content-Security-Policy every page carries in a meta tag. Pages work
 * from `file://`, where `'self'` means nothing useful, so the page's own
 * scripts and style sheets are allowed by their SHA-256 hashes, images only
 * as data URLs, and nothing may be fetched.
 *
 * @module
 */

import { createHash } from "node:crypto";

/**
 * The CSP source for an inline script or style element's exact text.
 *
 * @example
 * ```ts
 * cspHash("alert(1)"); // "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
 * ```
 */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** What a page needs allowed. */
export interface PolicySources {
  /** Texts of inline `<script>` elements that run (JSON-LD data blocks do not run and need nothing). */
  scripts: string[];
  /** Texts of inline `<style>` elements. */
  styles: string[];
  /** Extra `connect-src` sources (the preview's event stream); none on the published site. */
  connect?: string[];
}

/**
 * The policy text. Style attributes stay allowed: ANSI colours and chart SVG
 * use them, and they cannot run code.
 *
 * @example
 * ```ts
 * contentSecurityPolicy({ scripts: [], styles: [] }).startsWith("default-src 'none'; script-src 'none'"); // true
 * ```
 */
export function contentSecurityPolicy(sources: PolicySources): string {
  const hashes = (texts: string[]) => [...new Set(texts.map(cspHash))];
  const scripts = hashes(sources.scripts);
  const styles = hashes(sources.styles);
  const directives: [string, string[]][] = [
    ["default-src", ["'none'"]],
    ["script-src", scripts.length > 0 ? scripts : ["'none'"]],
    // Browsers without the -elem/-attr directives fall back to this one.
    ["style-src", ["'unsafe-inline'"]],
    ["style-src-elem", styles.length > 0 ? styles : ["'none'"]],
    ["style-src-attr", ["'unsafe-inline'"]],
    ["img-src", ["data:"]],
    ["connect-src", sources.connect && sources.connect.length > 0 ? sources.connect : ["'none'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'none'"]],
    ["form-action", ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(" ")}`).join("; ");
}

/** The marker that starts our CSP meta tag, so the preview server can find it. */
const META_START = '<meta http-equiv="Content-Security-Policy" content="';

/**
 * The meta tag for a policy.
 *
 * @example
 * ```ts
 * cspMetaTag("default-src 'none'"); // `<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`
 * ```
 */
export function cspMetaTag(policy: string): string {
  // Policies hold quotes of one kind only (') and no double quotes, so the attribute needs no escaping.
  return `${META_START}${policy}">`;
}

/**
 * Adds sources to the policy in a page's CSP meta tag (the preview server
 * uses it to allow its reload script and event stream). Pages without our
 * meta tag are returned unchanged.
 *
 * @example
 * ```ts
 * const page = cspMetaTag("script-src 'none'; connect-src 'none'");
 * extendPolicyInPage(page, { "script-src": ["'sha256-x'"], "connect-src": ["'self'"] });
 * // `<meta http-equiv="Content-Security-Policy" content="script-src 'sha256-x'; connect-src 'self'">`
 * ```
 */
export function extendPolicyInPage(html: string, additions: Record<string, string[]>): string {
  const start = html.indexOf(META_START);
  if (start < 0) return html;
  const from = start + META_START.length;
  const end = html.indexOf('"', from);
  const policy = html.slice(from, end);
  const directives = policy.split(";").map((d) => d.trim()).filter(Boolean).map((d) => d.split(/\s+/));
  for (const [name, values] of Object.entries(additions)) {
    const directive = directives.find((d) => d[0] === name);
    if (!directive) directives.push([name, ...values]);
    else {
      const kept = directive.slice(1).filter((v) => v !== "'none'");
      directive.splice(1, directive.length - 1, ...kept, ...values.filter((v) => !kept.includes(v)));
    }
  }
  return html.slice(0, from) + directives.map((d) => d.join(" ")).join("; ") + html.slice(end);
}
