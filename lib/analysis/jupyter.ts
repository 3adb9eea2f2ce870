/**
 * The Jupyter rich-display protocol of the Deno kernel: an object with a
 * `[Symbol.for("Jupyter.display")]()` method returning a MIME bundle is shown
 * through that bundle.
 *
 * @module
 */

/** The symbol the Deno kernel looks for (typed, so classes can implement it). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as typeof JUPYTER_DISPLAY;

/** A MIME bundle: MIME type → data. */
export type MimeBundle = Record<string, unknown>;

/** Something the kernel can display richly. */
export interface Displayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * The MIME bundle an object displays as, or undefined when it has none.
 *
 * @example
 * ```ts
 * mimeBundle(check("news-exports-2016", usd(42_262_186_687), { sources: ["census-goods-by-partner-monthly"] }))?.["text/plain"];
 * ```
 */
export function mimeBundle(value: unknown): MimeBundle | undefined {
  if (typeof value !== "object" || value === null || !(JUPYTER_DISPLAY in value)) return undefined;
  return (value as Displayable)[JUPYTER_DISPLAY]();
}
