import { getJson, ProviderApiError, type HttpContext } from '../http.js';
import type { ProviderName, ReportBucket } from '../types.js';

/** One report the poller reads: an OpenAI usage endpoint, OpenAI costs, Anthropic usage, Anthropic cost. */
export interface ReportSource {
  /** Unique key, also the state file's key: `openai.completions`, `openai.costs`, `anthropic.messages`, `anthropic.cost_report`. */
  readonly id: string;
  readonly provider: ProviderName;
  /** `genai_otel.provider.endpoint` of the poll metrics: `completions`, `costs`, `messages`, `cost_report`, … */
  readonly endpoint: string;
  /** Width of its time buckets, seconds. */
  readonly widthSeconds: number;
  /** Reads every bucket from `startSeconds` (a bucket boundary) to now, following `next_page` to the end. */
  read(startSeconds: number, http: HttpContext): Promise<ReportBucket[]>;
}

/** One page of a report, in provider-independent form. */
export interface ParsedPage {
  buckets: ReportBucket[];
  nextPage: string | undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-negative finite number field, else `undefined`. */
export function numberField(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A non-empty string field, else `undefined` (`null` = not grouped by it). */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The string fields of `record` that are present, under the attribute names `mapping` gives them. */
export function stringAttributes(record: Record<string, unknown>, mapping: Readonly<Record<string, string>>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [field, attribute] of Object.entries(mapping)) {
    const value = stringField(record, field);
    if (value !== undefined) attributes[attribute] = value;
  }
  return attributes;
}

/** `base` + `path` (base without a trailing slash) with the query parameters; list values repeat as `name[]`. */
export function reportUrl(base: string, path: string, params: Record<string, string | number | readonly string[] | undefined>): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) url.searchParams.append(`${name}[]`, item);
    else url.searchParams.set(name, String(value));
  }
  return url;
}

/** At most this many pages per read: a cursor that never ends is a provider bug, not a reason to loop forever. */
const MAX_PAGES = 1000;

/**
 * Reads page after page: `first` is the URL of the first page, `withPage(cursor)` the URL of the
 * next one, `parse` turns a body into buckets (throwing `ProviderApiError` on a bad shape).
 */
export async function readAllPages(
  provider: ProviderName,
  first: URL,
  withPage: (cursor: string) => URL,
  headers: Record<string, string>,
  http: HttpContext,
  parse: (body: unknown, endpoint: string) => ParsedPage,
): Promise<ReportBucket[]> {
  const buckets: ReportBucket[] = [];
  const seen = new Set<string>();
  let url = first;
  for (let pages = 1; ; pages += 1) {
    const page = parse(await getJson(url, headers, http), `GET ${url.pathname}`);
    buckets.push(...page.buckets);
    if (page.nextPage === undefined) return buckets;
    if (seen.has(page.nextPage) || pages >= MAX_PAGES) {
      throw new ProviderApiError(provider, `GET ${url.pathname}`, 'invalid_response', `GET ${url.pathname}: pagination does not end (next_page repeats)`);
    }
    seen.add(page.nextPage);
    url = withPage(page.nextPage);
  }
}
