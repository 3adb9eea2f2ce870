/**
 * What the updater needs to know about a resource it can refresh: the
 * descriptor it writes, the requests that fetch it, how responses become
 * rows, and how its rows split into series and periods for the change
 * report.
 *
 * @module
 */

import type { SourceDescriptor } from "../../analysis/catalog/datapackage.ts";
import type { Row } from "../data/csv-out.ts";
import type { CuratedResource } from "../data/resources/types.ts";

/** One request to a publisher's endpoint. */
export interface EndpointRequest {
  /** The publisher's URL (before `--base-url`), credentials included. */
  url: string;
  /** What this request is for, read back by `rows()` (e.g. `exports 2018`). */
  tag: string;
  /** Extra request headers: an `accept` type, or a key sent as a header (never printed nor recorded). */
  headers?: Record<string, string>;
}

/** A request's answer, as `rows()` receives it. */
export interface EndpointResponse {
  request: EndpointRequest;
  /** The URL fetched (after `--base-url`), credentials masked: use it in error messages. */
  url: string;
  /** HTTP status: 200–299 (204 "no content" arrives with an empty body). */
  status: number;
  body: string;
}

/** What a resource's plan may read. */
export interface PlanContext {
  /** ISO date of the run (`YYYY-MM-DD`), which sets the latest year asked for. */
  today: string;
  /** Environment variables the resource declared in `env`. */
  env(name: string): string | undefined;
  /** Set when `--base-url` redirects every endpoint (credentials may then be placeholders). */
  baseUrl?: string;
}

/** The requests to make, or why the resource is skipped this time. */
export type RequestPlan = { requests: EndpointRequest[] } | { skip: string };

/** How a publisher limits its clients. */
export interface PublisherLimits {
  /** Least milliseconds between two requests to the same host (e.g. 700 for BEA's 100 a minute). */
  minIntervalMs?: number;
  /** Set when a 429 blocks for long (BEA: an hour): the run stops asking that host and says this. */
  blockedHint?: string;
}

/** A resource the updater can refresh from a publisher's API. */
export interface UpdatableResource {
  /** Descriptor written to `datapackage.json` (schema as `data:import` writes it, for byte-compatible CSV). */
  /** The descriptor written, less its vintage (the update sets it: retrieved today). */
  descriptor: Omit<CuratedResource["descriptor"], "vintage">;
  /** Module that maps the responses to rows, recorded as `producedBy.importer`. */
  module: string;
  /** Fields naming one series (with `period`, the primary key). */
  series: string[];
  /** Fields naming the period within a series. */
  period: string[];
  /** Extra fields shown beside the series key in reports (e.g. the partner's name). */
  labels?: string[];
  /** Hosts of the publisher's endpoints (for `--allow-net`). */
  hosts: readonly string[];
  /** Environment variables read (for `--allow-env`), e.g. API keys. */
  env: readonly string[];
  /** One line for `--help`: endpoint and credentials. */
  summary: string;
  /** What the figures are, for the vintage label ("… as retrieved"); default: the publisher's name. */
  vintageLabel?: string;
  /** Fetched only when named (`--only`), not by a plain `update` (e.g. a large table few notebooks need). */
  optIn?: boolean;
  /** The publisher's limits: the least time between two requests, and a 429 that blocks rather than slows. */
  limits?: PublisherLimits;
  plan(context: PlanContext): RequestPlan;
  /** Turns the responses (in request order) into rows; throws `FormatError` naming the URL on any surprise. */
  rows(responses: EndpointResponse[]): Row[];
  /** The descriptor's sources, with the retrieval date set. */
  sources(context: PlanContext): SourceDescriptor[];
}
