/**
 * Sanitizing with `sanitize-html`: notebook markdown and HTML outputs are
 * untrusted (a notebook can print anything), so they keep only an allowlist
 * of tags, attributes, URL schemes and CSS properties. Our own chart SVG is
 * kept, but still loses scripts and event handlers, and its `<style>`
 * elements are lifted out so the page can allow them by hash.
 *
 * @module
 */

import sanitizeHtml from "sanitize-html";
import { memoByKey } from "./memo.ts";

/** Images embedded as data URLs (no network at view time, allowed by `img-src data:`). */
const DATA_IMAGE = /^data:image\/(png|jpe?g|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]+$/i;

/** Heading ids made by our markdown renderer start with this, so raw HTML headings can be told apart. */
export const HEADING_ID_PREFIX = "s-";

/** Landmarks belong to the page layout; inside a notebook output they would confuse screen readers. */
const LANDMARK_TAGS = ["main", "nav", "header", "footer", "aside", "article", "section"];

/** Colours, alignments and weights, without `url(...)` or expressions. */
const COLOUR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%deg/]+\)|[a-z]{3,20})$/i;
const ALLOWED_STYLES: Record<string, RegExp[]> = {
  "text-align": [/^(left|right|center|justify|start|end)$/],
  "vertical-align": [/^(top|middle|bottom|baseline)$/],
  "color": [COLOUR],
  "background-color": [COLOUR],
  "font-weight": [/^(normal|bold|bolder|lighter|[1-9]00)$/],
  "font-style": [/^(normal|italic|oblique)$/],
  "white-space": [/^(normal|nowrap|pre|pre-wrap|pre-line)$/],
  "text-decoration": [/^(none|underline|line-through)$/],
};

const UNTRUSTED_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => !LANDMARK_TAGS.includes(tag)),
    ...LANDMARK_TAGS,
    "img",
    "details",
    "summary",
    "del",
    "ins",
  ],
  allowedAttributes: {
    "*": ["title", "lang", "dir", "style"],
    a: ["href", "name", "id", "rel"],
    img: ["src", "alt", "width", "height"],
    h1: ["id"],
    h2: ["id"],
    h3: ["id"],
    h4: ["id"],
    h5: ["id"],
    h6: ["id"],
    td: ["colspan", "rowspan", "align"],
    th: ["colspan", "rowspan", "align", "scope"],
    ol: ["start", "type"],
    li: ["value", "id"],
    sup: ["id"],
    time: ["datetime"],
    details: ["open"],
    span: ["aria-hidden"],
  },
  allowedClasses: {
    code: ["language-*", "hljs"],
    pre: ["hljs"],
    span: ["hljs-*", "image-missing"],
    table: ["claimbook-table", "dataframe"],
    p: ["output-heading"],
    div: ["output-landmark"],
  },
  allowedStyles: { "*": ALLOWED_STYLES },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["data"] },
  allowProtocolRelative: false,
  transformTags: {
    img: keepEmbeddedImage,
    a: (tagName, attribs) => {
      const external = /^https?:/i.test(attribs.href ?? "");
      return { tagName, attribs: external ? { ...attribs, rel: "noopener noreferrer" } : attribs };
    },
    ...Object.fromEntries(
      LANDMARK_TAGS.map((tag) => [tag, () => ({ tagName: "div", attribs: { class: "output-landmark" } })]),
    ),
    ...Object.fromEntries(["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => [tag, keepOurHeading])),
  },
};

/** An image from an untrusted source stays only when it is embedded; otherwise its alt text says what is missing. */
function keepEmbeddedImage(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  if (DATA_IMAGE.test(attribs.src ?? "")) return { tagName, attribs };
  const alt = attribs.alt ? `: ${attribs.alt}` : "";
  return { tagName: "span", attribs: { class: "image-missing" }, text: `[image not embedded${alt}]` };
}

/** Headings from our markdown renderer keep their place in the outline; raw HTML headings become bold paragraphs. */
function keepOurHeading(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  if ((attribs.id ?? "").startsWith(HEADING_ID_PREFIX)) return { tagName, attribs };
  return { tagName: "p", attribs: { class: "output-heading" } };
}

/**
 * Sanitizes untrusted HTML (rendered notebook markdown, `text/html` outputs):
 * no scripts, no event handlers, no `javascript:` URLs, no external images,
 * no styles beyond colours and alignment, no landmarks.
 *
 * @example
 * ```ts
 * sanitizeUntrustedHtml('<p onclick="x()">hi<script>alert(1)</script></p>'); // "<p>hi</p>"
 * sanitizeUntrustedHtml('<a href="javascript:alert(1)">x</a>'); // "<a>x</a>"
 * ```
 */
export function sanitizeUntrustedHtml(html: string): string {
  return sanitizedUntrusted(html);
}

const sanitizedUntrusted = memoByKey((html) => sanitizeHtml(html, UNTRUSTED_OPTIONS));

/** SVG elements a chart may use. `a`, `image`, `foreignObject`, `script` and `use` of external files are not among them. */
const SVG_TAGS = [
  "svg",
  "g",
  "path",
  "line",
  "polyline",
  "polygon",
  "rect",
  "circle",
  "ellipse",
  "text",
  "tspan",
  "title",
  "desc",
  "defs",
  "clippath",
  "mask",
  "pattern",
  "marker",
  "symbol",
  "lineargradient",
  "radialgradient",
  "stop",
  "style",
];

/** Presentation and geometry attributes (names as SVG spells them; the HTML parser restores their case). */
const SVG_ATTRIBUTES = [
  "xmlns",
  "xmlns:xlink",
  "viewBox",
  "preserveAspectRatio",
  "width",
  "height",
  "x",
  "y",
  "x1",
  "x2",
  "y1",
  "y2",
  "dx",
  "dy",
  "cx",
  "cy",
  "r",
  "rx",
  "ry",
  "d",
  "points",
  "transform",
  "class",
  "id",
  "role",
  "aria-*",
  "fill",
  "fill-opacity",
  "fill-rule",
  "stroke",
  "stroke-*",
  "opacity",
  "font-*",
  "text-anchor",
  "dominant-baseline",
  "alignment-baseline",
  "letter-spacing",
  "paint-order",
  "pointer-events",
  "shape-rendering",
  "clip-path",
  "clip-rule",
  "mask",
  "marker-start",
  "marker-mid",
  "marker-end",
  "markerWidth",
  "markerHeight",
  "markerUnits",
  "refX",
  "refY",
  "orient",
  "offset",
  "stop-color",
  "stop-opacity",
  "gradientUnits",
  "gradientTransform",
  "patternUnits",
  "patternTransform",
  "clipPathUnits",
  "maskUnits",
  "textLength",
  "lengthAdjust",
  "visibility",
  "display",
  "color",
  "style",
];

function withoutAria(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  return Object.fromEntries(Object.entries(attribs).filter(([name]) => !name.startsWith("aria-") && name !== "role"));
}

/** A chart SVG made safe to inline, with its style sheets lifted out. */
export interface SanitizedSvg {
  /** The SVG markup without `<style>` elements, scripts or event handlers. */
  svg: string;
  /** Text of each `<style>` element that was inside, in order. */
  styles: string[];
}

/**
 * Sanitizes our own chart SVG (Observable Plot output): keeps drawing
 * elements and presentation attributes, drops scripts, event handlers,
 * links and external references, and lifts `<style>` elements out so the
 * page can place them in its head and allow them by hash.
 *
 * @example
 * ```ts
 * const { svg, styles } = sanitizeChartSvg('<svg onload="x()"><style>.a{fill:red}</style><path d="M0 0"/></svg>');
 * svg; // '<svg><path d="M0 0"></path></svg>'
 * styles; // [".a{fill:red}"]
 * ```
 */
export function sanitizeChartSvg(markup: string, label?: string): SanitizedSvg {
  // The label's length first: a label may hold any character, so no separator could tell it from the markup.
  const { svg, styles } = sanitizedChart(`${(label ?? "").length}:${label ?? ""}${markup}`);
  return { svg, styles: [...styles] };
}

const sanitizedChart = memoByKey((key): SanitizedSvg => {
  const colon = key.indexOf(":");
  const labelEnd = colon + 1 + Number(key.slice(0, colon));
  return sanitizeChart(key.slice(labelEnd), key.slice(colon + 1, labelEnd) || undefined);
});

function sanitizeChart(markup: string, label: string | undefined): SanitizedSvg {
  const styles: string[] = [];
  let root = true;
  const svg = sanitizeHtml(markup, {
    allowedTags: SVG_TAGS,
    allowedAttributes: { "*": SVG_ATTRIBUTES },
    allowedStyles: {
      "*": {
        ...ALLOWED_STYLES,
        "mix-blend-mode": [/^[a-z-]+$/],
        "opacity": [/^[\d.]+$/],
        // A chart drawn for narrow screens sets its text size.
        "font-size": [/^\d+(\.\d+)?px$/],
      },
    },
    // Style elements are lifted out below; they never reach the output.
    allowVulnerableTags: true,
    // Whatever a disallowed element held (an HTML island, a script) goes with it.
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "foreignobject", "iframe"],
    parser: { lowerCaseAttributeNames: false },
    transformTags: {
      // The outer SVG is the picture: it is an image to assistive technology, named by the chart's alt text.
      // Inside it, Plot's aria-labels on groups are dropped: a role="img" has no parts, and a <g> may not carry one.
      "*": (tagName, attribs) => {
        if (tagName === "svg" && root) {
          root = false;
          return { tagName, attribs: label ? { ...attribs, role: "img", "aria-label": label } : attribs };
        }
        return { tagName, attribs: withoutAria(attribs) };
      },
    },
    exclusiveFilter: (frame) => {
      if (frame.tag !== "style") return false;
      if (!/<\/style/i.test(frame.text) && !/url\s*\(|@import/i.test(frame.text)) styles.push(frame.text);
      return true;
    },
  });
  return { svg, styles };
}
