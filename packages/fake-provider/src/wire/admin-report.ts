// Time buckets, pagination and query parameters shared by the admin reports (OpenAI Usage and Costs
// APIs, Anthropic usage and cost reports): buckets aligned on UTC minute / hour / day boundaries,
// pages of `limit` buckets, an opaque cursor naming the first bucket of the next page.

/** `bucket_width` values. */
export type BucketWidth = '1m' | '1h' | '1d';

export const BUCKET_WIDTH_SECONDS: Readonly<Record<BucketWidth, number>> = { '1m': 60, '1h': 3600, '1d': 86_400 };

export function isBucketWidth(value: string): value is BucketWidth {
  return Object.hasOwn(BUCKET_WIDTH_SECONDS, value);
}

/** Default and maximum `limit` (buckets per page) per width, as both providers document them for usage. */
export const USAGE_PAGE_LIMITS: Readonly<Record<BucketWidth, { default: number; max: number }>> = {
  '1d': { default: 7, max: 31 },
  '1h': { default: 24, max: 168 },
  '1m': { default: 60, max: 1440 },
};

/** Every value of a list parameter, in either form: `name=a&name=b` or `name[]=a&name[]=b`. */
export function queryValues(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(name), ...query.getAll(`${name}[]`)].filter((value) => value !== '');
}

/** A query parameter that was rejected, for a 400 answer in the API's own shape. */
export interface QueryProblem {
  message: string;
  param: string;
}

/** Parses `limit` (default, 1…max). */
export function parseLimit(query: URLSearchParams, limits: { default: number; max: number }): number | QueryProblem {
  const raw = query.get('limit');
  if (raw === null || raw === '') return limits.default;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) {
    return { message: `Invalid value for 'limit': must be an integer between 1 and ${limits.max}, got '${raw}'.`, param: 'limit' };
  }
  return limit;
}

/** The `group_by` values, checked against what the endpoint supports. */
export function parseGroupBy(query: URLSearchParams, allowed: readonly string[]): Set<string> | QueryProblem {
  const values = queryValues(query, 'group_by');
  const unknown = values.filter((value) => !allowed.includes(value));
  if (unknown.length > 0) {
    return { message: `Invalid value for 'group_by': '${unknown[0]}' is not one of ${allowed.join(', ')}.`, param: 'group_by' };
  }
  return new Set(values);
}

const CURSOR_PREFIX = 'page_';

/** The opaque `next_page` cursor that points at the bucket starting at `startSeconds`. */
export function encodePageCursor(startSeconds: number): string {
  return `${CURSOR_PREFIX}${Buffer.from(String(startSeconds), 'utf8').toString('base64url')}`;
}

/** The bucket start a cursor points at, or `undefined` when it is not one of ours. */
export function decodePageCursor(cursor: string): number | undefined {
  if (!cursor.startsWith(CURSOR_PREFIX)) return undefined;
  const start = Number(Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8'));
  return Number.isInteger(start) && start >= 0 ? start : undefined;
}

/** The buckets of one page: their starts, and the start of the next page's first bucket, if any. */
export interface BucketPage {
  starts: number[];
  widthSeconds: number;
  nextStart: number | undefined;
}

/**
 * The page of buckets `[first, first + width)`, … of the range `[startSeconds, endSeconds)`, the
 * first bucket aligned down on a UTC boundary of the width, beginning at `cursor` (a bucket start)
 * or at the first bucket, at most `limit` of them.
 */
export function bucketPage(startSeconds: number, endSeconds: number, widthSeconds: number, limit: number, cursor: number | undefined): BucketPage {
  const first = Math.floor(startSeconds / widthSeconds) * widthSeconds;
  let start = cursor === undefined ? first : Math.max(first, Math.floor(cursor / widthSeconds) * widthSeconds);
  const starts: number[] = [];
  while (start < endSeconds && starts.length < limit) {
    starts.push(start);
    start += widthSeconds;
  }
  return { starts, widthSeconds, nextStart: start < endSeconds ? start : undefined };
}

/** The rows of a bucket grouped by `keyOf`, each group's rows in ledger order, groups in key order. */
export function groupRows<T>(rows: readonly T[], keyOf: (row: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Σ of `value` over rows. */
export function sumOf<T>(rows: readonly T[], value: (row: T) => number): number {
  let total = 0;
  for (const row of rows) total += value(row);
  return total;
}

/** RFC 3339 in UTC, whole seconds: `2025-08-01T00:00:00Z`. */
export function rfc3339(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}
