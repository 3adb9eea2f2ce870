/**
 * The preview's HTTP server: serves `_site/` on 127.0.0.1 with the
 * live-reload script injected into HTML, and an event stream (server-sent
 * events) through which it tells open pages to reload. Files are read on
 * every request, so a site swapped in by a render is served at once.
 *
 * @module
 */

import { extname, join, normalize, sep } from "node:path";
import { escapeHtml } from "../../../analysis/html.ts";
import { EVENTS_PATH, withLiveReload } from "./live-reload.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ipynb": "application/x-ipynb+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** What the server tells open pages. */
export type PreviewEvent = "reload" | "rendering" | "failed";

/** Where and what to serve. */
export interface PreviewServerOptions {
  /** The site folder (read on every request). */
  siteDir: string;
  /** Port (default 8000; 0 picks a free one). */
  port?: number;
  /** Interface (default 127.0.0.1: the preview is for this machine only). */
  hostname?: string;
}

/** A running preview server. */
export interface PreviewServer {
  /** e.g. `http://127.0.0.1:8000/`. */
  url: string;
  port: number;
  /** Pages currently listening for events. */
  readonly listeners: number;
  /** Sends an event to every open page. */
  notify(event: PreviewEvent, data?: string): void;
  close(): Promise<void>;
}

/**
 * Starts the server.
 *
 * @example
 * ```ts
 * const server = startPreviewServer({ siteDir: "/work/main/_site", port: 0 });
 * server.notify("reload");
 * await server.close();
 * ```
 */
export function startPreviewServer(options: PreviewServerOptions): PreviewServer {
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      streams.delete(controller);
    }
  };
  // Keeps connections open through proxies and lets the server notice closed pages.
  const heartbeat = setInterval(() => streams.forEach((s) => send(s, ": ping\n\n")), 15_000);
  const aborter = new AbortController();
  const server = Deno.serve({
    hostname: options.hostname ?? "127.0.0.1",
    port: options.port ?? 8000,
    signal: aborter.signal,
    onListen: () => {},
  }, (request) => {
    const url = new URL(request.url);
    if (url.pathname === EVENTS_PATH) {
      let own: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          own = controller;
          streams.add(controller);
          send(controller, "retry: 1000\n\n");
        },
        // Called when the page goes away (closed, reloaded, navigated).
        cancel() {
          streams.delete(own);
        },
      });
      return new Response(body, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-store", "connection": "keep-alive" },
      });
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("method not allowed", { status: 405 });
    }
    return serveFile(options.siteDir, url.pathname);
  });
  const port = server.addr.port;
  return {
    url: `http://${options.hostname ?? "127.0.0.1"}:${port}/`,
    port,
    get listeners() {
      return streams.size;
    },
    notify(event, data = "") {
      const lines = data.split("\n").map((line) => `data: ${line}`).join("\n");
      for (const stream of [...streams]) send(stream, `event: ${event}\n${lines}\n\n`);
    },
    async close() {
      clearInterval(heartbeat);
      for (const stream of streams) {
        try {
          stream.close();
        } catch {
          // Already closed by the page.
        }
      }
      streams.clear();
      aborter.abort();
      await server.finished;
    },
  };
}

async function serveFile(siteDir: string, pathname: string): Promise<Response> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return notFound(pathname);
  }
  const root = normalize(siteDir);
  let path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root + sep)) return notFound(pathname);
  try {
    if ((await Deno.stat(path)).isDirectory) path = join(path, "index.html");
    const type = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
    const headers = { "content-type": type, "cache-control": "no-store" };
    if (extname(path) === ".html") return new Response(withLiveReload(await Deno.readTextFile(path)), { headers });
    return new Response(await Deno.readFile(path), { headers });
  } catch {
    return notFound(pathname);
  }
}

function notFound(pathname: string): Response {
  // Carries the reload script: the page appears by itself once a render produces it.
  const html = withLiveReload(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found — claimbook preview</title></head>` +
      `<body><main><h1>Not found</h1><p>${escapeHtml(pathname)} is not in the site (yet). ` +
      `This page reloads when a render finishes. <a href="/">Overview</a></p></main></body></html>`,
  );
  return new Response(html, { status: 404, headers: { "content-type": "text/html; charset=utf-8" } });
}
