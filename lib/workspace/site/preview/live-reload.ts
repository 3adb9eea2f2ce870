/**
 * Live reload for the preview: a small script, injected only into pages the
 * preview server sends (never into `_site/` files), that listens to the
 * server's event stream and reloads the page after a render, or shows why a
 * render failed. The page's CSP is extended to allow exactly this script (by
 * hash) and the event stream (`connect-src 'self'`).
 *
 * @module
 */

import { cspHash, extendPolicyInPage } from "../csp.ts";

/** Path of the server's event stream. */
export const EVENTS_PATH = "/__claimbook/events";

/** The injected script (also what its CSP hash is computed from). */
export const LIVE_RELOAD_SCRIPT = `(() => {
  "use strict";
  const banner = (text, tone) => {
    let element = document.getElementById("claimbook-preview-banner");
    if (!element) {
      element = document.createElement("div");
      element.id = "claimbook-preview-banner";
      element.className = "preview-banner";
      element.setAttribute("role", "status");
      document.body.prepend(element);
    }
    element.dataset.tone = tone;
    element.textContent = text;
  };
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener("rendering", (event) => banner("Re-rendering: " + event.data, "busy"));
  events.addEventListener("failed", (event) => banner("Render failed; showing the previous site. " + event.data, "error"));
  events.addEventListener("reload", () => location.reload());
})();`;

/**
 * A page as the preview serves it: the live-reload script before `</body>`
 * and the page's CSP extended to allow it.
 *
 * @example
 * ```ts
 * withLiveReload(page).includes(EVENTS_PATH); // true
 * ```
 */
export function withLiveReload(html: string): string {
  const allowed = extendPolicyInPage(html, {
    "script-src": [cspHash(LIVE_RELOAD_SCRIPT)],
    "connect-src": ["'self'"],
  });
  const script = `<script>${LIVE_RELOAD_SCRIPT}</script>`;
  const end = allowed.lastIndexOf("</body>");
  return end < 0 ? allowed + script : allowed.slice(0, end) + script + allowed.slice(end);
}
