/**
 * SDMX-ML 3.0 structure-specific data messages, as the IMF's SDMX 3.0
 * service sends them by default: `<message:DataSet>` holding `<Series>`
 * elements whose attributes are the series' dimensions and attributes
 * (`COUNTRY="USA" INDICATOR="XG_FOB_USD" … SCALE="6"`), each holding `<Obs>`
 * elements (`TIME_PERIOD="2023" OBS_VALUE="2019551635133"`). Values are
 * kept as the text sent; what they mean (and whether `SCALE` is to be
 * believed) is the caller's business.
 *
 * @module
 */

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { assertDataBody, FormatError } from "../errors.ts";
import { isObject, keysOf } from "../../../analysis/json.ts";
import type { SdmxObservation } from "./imf-sdmx-json.ts";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => name === "DataSet" || name === "Series" || name === "Obs" || name === "ErrorMessage",
});

/** Attributes of `<Obs>` that are not observation attributes. */
const OBS_VALUE = "OBS_VALUE";
const TIME_PERIOD = "TIME_PERIOD";

/**
 * Parses an SDMX-ML 3.0 `StructureSpecificData` message into observations
 * (series-wise, with `TIME_PERIOD` at the observation level). A data set
 * without series gives an empty list.
 *
 * @example
 * ```ts
 * const rows = parseSdmxMlData(xml, "https://api.imf.org/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001.A");
 * rows[0].series.COUNTERPART_COUNTRY; // "G001"
 * rows[0].value; // "2019551635133"
 * ```
 */
export function parseSdmxMlData(body: string, source: string): SdmxObservation[] {
  assertDataBody(body, source);
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new FormatError(source, `not well-formed XML, possibly truncated (line ${line}, column ${col}: ${msg})`);
  }
  const document = parser.parse(body) as Record<string, unknown>;
  const error = document.Error;
  if (isObject(error)) throw new FormatError(source, `the SDMX service answered with an error: ${errorText(error)}`);
  const message = document.StructureSpecificData;
  if (!isObject(message)) {
    const root = Object.keys(document).filter((k) => k !== "?xml").join(", ") || "(none)";
    throw new FormatError(
      source,
      `expected an SDMX-ML StructureSpecificData message, got root element ${root}` +
        (root === "GenericData" ? " (ask for structure-specific data)" : ""),
    );
  }
  const observations: SdmxObservation[] = [];
  const dataSets = Array.isArray(message.DataSet) ? message.DataSet : [];
  dataSets.forEach((dataSet, d) => {
    if (!isObject(dataSet)) return; // <DataSet/> with nothing in it
    const series = Array.isArray(dataSet.Series) ? dataSet.Series : [];
    series.forEach((s, i) => {
      const where = `${source} DataSet[${d}] Series[${i}]`;
      if (!isObject(s)) throw new FormatError(where, "expected an element with attributes");
      const components = attributesOf(s);
      const label = [components.COUNTRY, components.INDICATOR, components.COUNTERPART_COUNTRY, components.FREQUENCY]
        .filter(Boolean).join(".");
      const list = Array.isArray(s.Obs) ? s.Obs : [];
      list.forEach((obs, j) => {
        const at = `${where}${label ? ` (${label})` : ""} Obs[${j}]`;
        if (!isObject(obs)) throw new FormatError(at, "expected an element with attributes");
        const { [OBS_VALUE]: value, [TIME_PERIOD]: period, ...attributes } = attributesOf(obs);
        if (period === undefined) {
          throw new FormatError(at, `no ${TIME_PERIOD} (attributes present: ${keysOf(obs)})`);
        }
        observations.push({ series: components, period, value: value ?? null, attributes });
      });
    });
  });
  return observations;
}

/** An element's attributes (text values only; child elements are left out). */
function attributesOf(element: Record<string, unknown>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(element)) {
    if (typeof value === "string" && name !== "#text") attributes[name] = value;
  }
  return attributes;
}

function errorText(error: Record<string, unknown>): string {
  const [first] = Array.isArray(error.ErrorMessage) ? error.ErrorMessage : [];
  if (!isObject(first)) return JSON.stringify(error);
  const text = isObject(first.Text) ? first.Text["#text"] : first.Text;
  return `${first.code ?? ""} ${typeof text === "string" ? text : JSON.stringify(text ?? "")}`.trim();
}
