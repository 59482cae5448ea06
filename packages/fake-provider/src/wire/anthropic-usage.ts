// Anthropic's Admin API reports: the Messages usage report (`GET /v1/organizations/usage_report/messages`)
// and the cost report (`GET /v1/organizations/cost_report`): query parameters and response bodies,
// computed from the Messages calls the fake provider served (see ../billing.ts). Shapes as in the
// Admin API reference: RFC 3339 bucket bounds, `group_by[]`, an opaque `next_page`, cost `amount` a
// decimal string in cents.
import type { TokenClass } from '@genai-otel/pricing';
import type { AnthropicBilledCall } from '../billing.js';
import {
  BUCKET_WIDTH_SECONDS,
  bucketPage,
  decodePageCursor,
  encodePageCursor,
  groupRows,
  isBucketWidth,
  parseGroupBy,
  parseLimit,
  queryValues,
  rfc3339,
  sumOf,
  USAGE_PAGE_LIMITS,
  type BucketWidth,
  type QueryProblem,
} from './admin-report.js';

export type AnthropicReport = 'usage' | 'cost';

const GROUP_BY: Readonly<Record<AnthropicReport, readonly string[]>> = {
  usage: ['api_key_id', 'workspace_id', 'model', 'service_tier', 'context_window', 'inference_geo', 'speed', 'account_id', 'service_account_id'],
  cost: ['workspace_id', 'description'],
};

/** Parsed query of a usage or cost report request. */
export interface AnthropicReportQuery {
  startSeconds: number;
  endSeconds: number;
  width: BucketWidth;
  limit: number;
  groupBy: Set<string>;
  cursor: number | undefined;
  models: string[];
  apiKeyIds: string[];
  workspaceIds: string[];
}

const isProblem = (value: unknown): value is QueryProblem => typeof value === 'object' && value !== null && 'param' in value;

function rfc3339Seconds(query: URLSearchParams, name: string, fallback?: number): number | QueryProblem {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    if (fallback !== undefined) return fallback;
    return { message: `${name}: Field required`, param: name };
  }
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) return { message: `${name}: Input should be a valid RFC 3339 datetime, got '${raw}'`, param: name };
  return Math.floor(ms / 1000);
}

/**
 * Reads `starting_at` (required), `ending_at` (default: now), `bucket_width` (default `1d`; cost:
 * only `1d`), `limit`, `group_by[]`, `page`, and the `models[]` / `api_key_ids[]` / `workspace_ids[]`
 * filters (usage report).
 */
export function parseAnthropicReportQuery(
  query: URLSearchParams,
  report: AnthropicReport,
  nowSeconds: number,
): { ok: true; query: AnthropicReportQuery } | { ok: false; problem: QueryProblem } {
  const startSeconds = rfc3339Seconds(query, 'starting_at');
  if (isProblem(startSeconds)) return { ok: false, problem: startSeconds };
  const endSeconds = rfc3339Seconds(query, 'ending_at', nowSeconds);
  if (isProblem(endSeconds)) return { ok: false, problem: endSeconds };
  const rawWidth = query.get('bucket_width') || '1d';
  const widths = report === 'cost' ? ['1d'] : Object.keys(BUCKET_WIDTH_SECONDS);
  if (!isBucketWidth(rawWidth) || !widths.includes(rawWidth)) {
    return { ok: false, problem: { message: `bucket_width: Input should be ${widths.map((w) => `'${w}'`).join(' or ')}`, param: 'bucket_width' } };
  }
  const limit = parseLimit(query, report === 'cost' ? { default: 7, max: 31 } : USAGE_PAGE_LIMITS[rawWidth]);
  if (isProblem(limit)) return { ok: false, problem: limit };
  const groupBy = parseGroupBy(query, GROUP_BY[report]);
  if (isProblem(groupBy)) return { ok: false, problem: groupBy };
  const page = query.get('page');
  const cursor = page === null || page === '' ? undefined : decodePageCursor(page);
  if (page !== null && page !== '' && cursor === undefined) {
    return { ok: false, problem: { message: 'page: invalid page token', param: 'page' } };
  }
  return {
    ok: true,
    query: {
      startSeconds,
      endSeconds,
      width: rawWidth,
      limit,
      groupBy,
      cursor,
      models: queryValues(query, 'models'),
      apiKeyIds: queryValues(query, 'api_key_ids'),
      workspaceIds: queryValues(query, 'workspace_ids'),
    },
  };
}

function page(calls: readonly AnthropicBilledCall[], query: AnthropicReportQuery, resultsOf: (bucketCalls: AnthropicBilledCall[]) => unknown[]): unknown {
  const widthSeconds = BUCKET_WIDTH_SECONDS[query.width];
  const { starts, nextStart } = bucketPage(query.startSeconds, query.endSeconds, widthSeconds, query.limit, query.cursor);
  const selected = calls.filter(
    (call) =>
      (query.models.length === 0 || query.models.includes(call.model)) &&
      (query.apiKeyIds.length === 0 || query.apiKeyIds.includes(call.apiKeyId)) &&
      (query.workspaceIds.length === 0 || (call.workspaceId !== null && query.workspaceIds.includes(call.workspaceId))),
  );
  return {
    data: starts.map((start) => ({
      starting_at: rfc3339(start),
      ending_at: rfc3339(start + widthSeconds),
      results: resultsOf(selected.filter((call) => call.at >= start * 1000 && call.at < (start + widthSeconds) * 1000)),
    })),
    has_more: nextStart !== undefined,
    next_page: nextStart === undefined ? null : encodePageCursor(nextStart),
  };
}

/** `0-200k`, or `200k-1M` when the call's whole input (cache included) is above 200k tokens. */
function contextWindow(call: AnthropicBilledCall): string {
  const input = call.uncachedInputTokens + call.cacheReadInputTokens + call.cacheCreation5mInputTokens + call.cacheCreation1hInputTokens;
  return input > 200_000 ? '200k-1M' : '0-200k';
}

/** Body of the Messages usage report. */
export function anthropicUsageReport(calls: readonly AnthropicBilledCall[], query: AnthropicReportQuery): unknown {
  const { groupBy } = query;
  const grouped = (name: string, value: string | null): string | null => (groupBy.has(name) ? value : null);
  return page(calls, query, (bucketCalls) =>
    groupRows(bucketCalls, (call) =>
      JSON.stringify([
        grouped('api_key_id', call.apiKeyId),
        grouped('workspace_id', call.workspaceId),
        grouped('model', call.model),
        grouped('service_tier', call.serviceTier),
        grouped('context_window', contextWindow(call)),
      ]),
    ).map(([, group]) => {
      const [first] = group as [AnthropicBilledCall];
      return {
        api_key_id: grouped('api_key_id', first.apiKeyId),
        cache_creation: {
          ephemeral_1h_input_tokens: sumOf(group, (call) => call.cacheCreation1hInputTokens),
          ephemeral_5m_input_tokens: sumOf(group, (call) => call.cacheCreation5mInputTokens),
        },
        cache_read_input_tokens: sumOf(group, (call) => call.cacheReadInputTokens),
        context_window: grouped('context_window', contextWindow(first)),
        model: grouped('model', first.model),
        output_tokens: sumOf(group, (call) => call.outputTokens),
        server_tool_use: { web_search_requests: sumOf(group, (call) => call.webSearchRequests) },
        service_tier: grouped('service_tier', first.serviceTier),
        uncached_input_tokens: sumOf(group, (call) => call.uncachedInputTokens),
        workspace_id: grouped('workspace_id', first.workspaceId),
      };
    }),
  );
}

/** The cost report's `token_type` of a token class, and the wording of its `description`. */
function tokenType(tokenClass: TokenClass): { tokenType: string; label: string } {
  if (tokenClass.startsWith('cached_input')) return { tokenType: 'cache_read_input_tokens', label: 'Cache Read Input Tokens' };
  if (tokenClass === 'cache_write_1h') return { tokenType: 'cache_creation.ephemeral_1h_input_tokens', label: 'Cache Write Input Tokens (1h)' };
  if (tokenClass.startsWith('cache_write')) return { tokenType: 'cache_creation.ephemeral_5m_input_tokens', label: 'Cache Write Input Tokens (5m)' };
  if (tokenClass.startsWith('input')) return { tokenType: 'uncached_input_tokens', label: 'Input Tokens' };
  return { tokenType: 'output_tokens', label: 'Output Tokens' };
}

/** USD as the report's `amount`: a decimal string in cents (`"123.45"` is $1.2345). */
export function centsString(usd: number): string {
  return (usd * 100).toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

/** Body of the cost report: one row per workspace (and per model / token type with `group_by[]=description`). */
export function anthropicCostReport(calls: readonly AnthropicBilledCall[], query: AnthropicReportQuery): unknown {
  const { groupBy } = query;
  const byDescription = groupBy.has('description');
  return page(calls, query, (bucketCalls) => {
    const rows = bucketCalls.flatMap((call) => call.costLines.map((line) => ({ call, line, ...tokenType(line.tokenClass) })));
    return groupRows(rows, (row) =>
      JSON.stringify([
        groupBy.has('workspace_id') ? row.call.workspaceId : null,
        byDescription ? [row.call.model, row.tokenType, row.call.serviceTier, contextWindow(row.call)] : null,
      ]),
    ).map(([, group]) => {
      const [first] = group as [(typeof rows)[number]];
      return {
        currency: 'USD',
        amount: centsString(sumOf(group, (row) => row.line.amount)),
        workspace_id: groupBy.has('workspace_id') ? first.call.workspaceId : null,
        description: byDescription ? `${first.call.model} Usage - ${first.label}` : null,
        cost_type: byDescription ? 'tokens' : null,
        context_window: byDescription ? contextWindow(first.call) : null,
        model: byDescription ? first.call.model : null,
        service_tier: byDescription ? first.call.serviceTier : null,
        token_type: byDescription ? first.tokenType : null,
      };
    });
  });
}
