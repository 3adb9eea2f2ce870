/**
 * SDMX-JSON 2.0 data messages, as the IMF's SDMX 3.0 service sends them
 * (`Accept: application/vnd.sdmx.data+json;version=2.0.0`). The message
 * does not spell its codes out: a series key such as `"0:2:1"` holds, for
 * each series dimension in `structures[n].dimensions.series`, the index of
 * its value; an observation `{"3": ["-7.436", null, 0]}` holds the index of
 * its period in the observation dimension, then the value *as a string*
 * (or null), then the indexes of its attributes. Every code is looked up
 * here, so the caller sees `{ COUNTRY: "USA", … }`, never an index.
 *
 * @module
 */

import { FormatError, parseJsonBody } from "../errors.ts";
import { isObject, keysOf, pick } from "../../../analysis/json.ts";

/** One observation of an SDMX data message, every code spelled out. */
export interface SdmxObservation {
  /** The series' components: its dimensions (COUNTRY, INDICATOR, …) and series attributes (SCALE, …), id → code. */
  series: Record<string, string>;
  /** The period as sent: `2023`, `2023-M09`, `2023-Q1`, `2023-09`. */
  period: string;
  /** OBS_VALUE as sent (text; SDMX-JSON 2.0 sends numbers as strings), or null when the observation has none. */
  value: string | null;
  /** The observation's attributes (DERIVATION_TYPE, OBS_STATUS, …), id → code. */
  attributes: Record<string, string>;
}

interface Component {
  id: string;
  values: unknown[];
}

/**
 * Parses an SDMX-JSON 2.0 data message into observations. A message whose
 * data set has no series (the IMF's answer when the key matches nothing)
 * gives an empty list; the caller decides whether that is an error.
 *
 * @example
 * ```ts
 * const [first] = parseSdmxJsonData(await Deno.readTextFile("data_WHDREO.json"), "https://api.imf.org/…");
 * first.series.COUNTRY; // "GX1213"
 * first.value; // "-7.436"
 * ```
 */
export function parseSdmxJsonData(body: string, source: string): SdmxObservation[] {
  const json = parseJsonBody(body, source);
  const errors = pick(json, "errors");
  if (Array.isArray(errors) && errors.length > 0) {
    throw new FormatError(source, `the SDMX service answered with an error: ${errorText(errors[0])}`);
  }
  const data = pick(json, "data");
  const dataSets = pick(data, "dataSets");
  const structures = pick(data, "structures") ?? (pick(data, "structure") ? [pick(data, "structure")] : undefined);
  if (!Array.isArray(dataSets) || !Array.isArray(structures)) {
    throw new FormatError(
      source,
      `expected an SDMX-JSON data message {"data":{"dataSets":[…],"structures":[…]}} (keys present: ${
        keysOf(json)
      }; under data: ${keysOf(data)})`,
    );
  }
  const observations: SdmxObservation[] = [];
  dataSets.forEach((dataSet, d) => {
    const where = `${source} dataSets[${d}]`;
    if (!isObject(dataSet)) throw new FormatError(where, "expected an object");
    const index = typeof dataSet.structure === "number" ? dataSet.structure : 0;
    const structure = structures[index];
    if (!isObject(structure)) throw new FormatError(where, `refers to structures[${index}], which is missing`);
    const dims = {
      series: components(pick(pick(structure, "dimensions"), "series"), `${where} structure dimensions.series`),
      observation: components(
        pick(pick(structure, "dimensions"), "observation"),
        `${where} structure dimensions.observation`,
      ),
    };
    const attrs = {
      series: components(pick(pick(structure, "attributes"), "series") ?? [], `${where} structure attributes.series`),
      observation: components(
        pick(pick(structure, "attributes"), "observation") ?? [],
        `${where} structure attributes.observation`,
      ),
    };
    if (isObject(dataSet.series)) {
      if (dims.observation.length !== 1) {
        throw new FormatError(
          where,
          `series-wise data needs one observation dimension (dimensionAtObservation=TIME_PERIOD); the structure has ${dims.observation.length}`,
        );
      }
      for (const [key, series] of Object.entries(dataSet.series)) {
        const at = `${where} series "${key}"`;
        if (!isObject(series)) throw new FormatError(at, "expected an object");
        const codes = decodeKey(key, dims.series, at);
        Object.assign(codes, decodeAttributes(series.attributes, attrs.series, at));
        for (const [obsKey, obs] of Object.entries(isObject(series.observations) ? series.observations : {})) {
          const [period] = Object.values(decodeKey(obsKey, dims.observation, `${at} observation "${obsKey}"`));
          observations.push(observation(codes, period, obs, attrs.observation, `${at} observation "${obsKey}"`));
        }
      }
    } else if (isObject(dataSet.observations)) {
      // Flat data (dimensionAtObservation=AllDimensions): every dimension in the observation key.
      const all = [...dims.series, ...dims.observation];
      const time = dims.observation[dims.observation.length - 1]?.id ?? "TIME_PERIOD";
      for (const [obsKey, obs] of Object.entries(dataSet.observations)) {
        const at = `${where} observation "${obsKey}"`;
        const codes = decodeKey(obsKey, all, at);
        const period = codes[time];
        delete codes[time];
        observations.push(observation(codes, period, obs, attrs.observation, at));
      }
    }
  });
  return observations;
}

function observation(
  series: Record<string, string>,
  period: string,
  obs: unknown,
  attributes: Component[],
  where: string,
): SdmxObservation {
  if (!Array.isArray(obs)) {
    throw new FormatError(where, `expected [value, attribute indexes…], got ${JSON.stringify(obs)}`);
  }
  const [raw, ...indexes] = obs;
  if (raw !== null && typeof raw !== "string" && typeof raw !== "number") {
    throw new FormatError(where, `the value should be text like "-7.436" or null, got ${JSON.stringify(raw)}`);
  }
  return {
    series: { ...series },
    period,
    value: raw === null ? null : String(raw),
    attributes: decodeAttributes(indexes, attributes, where),
  };
}

function components(value: unknown, where: string): Component[] {
  if (!Array.isArray(value)) throw new FormatError(where, "expected a list of components");
  return value.map((c, i) => {
    if (!isObject(c) || typeof c.id !== "string" || !Array.isArray(c.values)) {
      throw new FormatError(`${where}[${i}]`, `expected {"id", "values": […]}, got keys ${keysOf(c)}`);
    }
    return { id: c.id, values: c.values };
  });
}

/** `"0:2:1"` → `{ COUNTRY: "USA", … }`. */
function decodeKey(key: string, dimensions: Component[], where: string): Record<string, string> {
  const parts = key.split(":");
  if (parts.length !== dimensions.length) {
    throw new FormatError(
      where,
      `the key has ${parts.length} part(s) but the structure has ${dimensions.length} dimension(s) (${
        dimensions.map((d) => d.id).join(", ")
      })`,
    );
  }
  const codes: Record<string, string> = {};
  parts.forEach((part, i) => {
    const dimension = dimensions[i];
    if (part === "") return; // SDMX-JSON leaves a dimension out of a group key with an empty part
    codes[dimension.id] = codeAt(dimension, part, where);
  });
  return codes;
}

function decodeAttributes(indexes: unknown, attributes: Component[], where: string): Record<string, string> {
  const codes: Record<string, string> = {};
  if (!Array.isArray(indexes)) return codes;
  indexes.forEach((index, i) => {
    if (index === null || index === undefined || i >= attributes.length) return;
    // An attribute without enumerated values carries its text itself (e.g. "NP" in the IMF's GFS data).
    const literal = attributes[i].values.length === 0 || (typeof index === "string" && !/^\d+$/.test(index));
    codes[attributes[i].id] = literal ? String(index) : codeAt(attributes[i], String(index), where);
  });
  return codes;
}

function codeAt(component: Component, index: string, where: string): string {
  const found = /^\d+$/.test(index) ? component.values[Number(index)] : undefined;
  const code = pick(found, "id") ?? pick(found, "value");
  if (typeof code !== "string" && typeof code !== "number") {
    throw new FormatError(
      where,
      `${component.id} index ${JSON.stringify(index)} is not among the structure's ${component.values.length} value(s)`,
    );
  }
  return String(code);
}

function errorText(error: unknown): string {
  const parts = [pick(error, "code"), pick(error, "title") ?? pick(error, "detail")].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.map(String).join(" ") : JSON.stringify(error);
}
