/**
 * A colour legend drawn inside the chart's SVG. Observable Plot draws its
 * swatch legends as HTML beside the SVG, which a standalone SVG file (and the
 * site's figure) would lose; this draws the same swatches as SVG at the top
 * of the chart and moves the plot down to make room.
 *
 * @module
 */

/** The DOM operations the legend needs (linkedom provides them). */
export interface LegendElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  appendChild(node: LegendElement): void;
  insertBefore(node: LegendElement, before: LegendElement | null): void;
  get childNodes(): ArrayLike<LegendElement>;
  textContent: string | null;
}

/** Creates SVG elements. */
export interface LegendDocument {
  createElementNS(namespace: string, tag: string): LegendElement;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const ROW_HEIGHT = 18;
const SWATCH = 10;
/** Rough width of a character at 11px in a sans-serif font; enough to lay swatches out without measuring. */
const CHAR_WIDTH = 6.2;

/**
 * Adds a swatch legend (one entry per domain value) above the plot.
 *
 * @example
 * ```ts
 * addSwatchLegend(document, svg, ["Census", "IMF DOTS"], ["#4269d0", "#efb118"]);
 * ```
 */
export function addSwatchLegend(
  document: LegendDocument,
  svg: LegendElement,
  domain: unknown[],
  colors: string[],
): void {
  const width = Number(svg.getAttribute("width") ?? 640);
  const height = Number(svg.getAttribute("height") ?? 400);
  const items: { x: number; y: number; label: string; color: string }[] = [];
  let x = 0;
  let row = 0;
  domain.forEach((value, i) => {
    const label = String(value);
    const itemWidth = SWATCH + 6 + label.length * CHAR_WIDTH + 18;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row++;
    }
    items.push({ x, y: row * ROW_HEIGHT, label, color: colors[i % colors.length] });
    x += itemWidth;
  });
  const offset = (row + 1) * ROW_HEIGHT + 6;

  // Move everything Plot drew down by the legend's height.
  const plot = document.createElementNS(SVG_NS, "g");
  plot.setAttribute("transform", `translate(0,${offset})`);
  for (const child of Array.from(svg.childNodes)) plot.appendChild(child);
  svg.appendChild(plot);

  const legend = document.createElementNS(SVG_NS, "g");
  legend.setAttribute("class", "claimbook-legend");
  legend.setAttribute("font-size", "11");
  legend.setAttribute("text-anchor", "start");
  for (const item of items) {
    const swatch = document.createElementNS(SVG_NS, "rect");
    swatch.setAttribute("x", String(item.x + 2));
    swatch.setAttribute("y", String(item.y + 4));
    swatch.setAttribute("width", String(SWATCH));
    swatch.setAttribute("height", String(SWATCH));
    swatch.setAttribute("fill", item.color);
    const text = document.createElementNS(SVG_NS, "text");
    text.setAttribute("x", String(item.x + SWATCH + 8));
    text.setAttribute("y", String(item.y + 13));
    text.textContent = item.label;
    legend.appendChild(swatch);
    legend.appendChild(text);
  }
  svg.insertBefore(legend, plot);
  svg.setAttribute("height", String(height + offset));
  svg.setAttribute("viewBox", `0 0 ${width} ${height + offset}`);
}
