// OpenAI's organization Usage API (`GET /v1/organization/usage/{type}`) and Costs API
// (`GET /v1/organization/costs`): query parameters and response bodies, computed from the calls the
// fake provider served (see ../billing.ts). Shapes as in the API reference and openai-node's
// `admin/organization/usage.ts` types.
import type { CostLine, TokenClass } from '@genai-otel/pricing';
import type { OpenAIBilledCall } from '../billing.js';
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
  sumOf,
  USAGE_PAGE_LIMITS,
  type BucketWidth,
  type QueryProblem,
} from './admin-report.js';

/** The usage endpoints the fake answers (`…/organization/usage/<type>`); only completions and embeddings have data. */
export const OPENAI_USAGE_TYPES = [
  'completions',
  'embeddings',
  'moderations',
  'images',
  'audio_speeches',
  'audio_transcriptions',
  'vector_stores',
  'code_interpreter_sessions',
] as const;
export type OpenAIUsageType = (typeof OPENAI_USAGE_TYPES)[number];

export function isOpenAIUsageType(value: string): value is OpenAIUsageType {
  return (OPENAI_USAGE_TYPES as readonly string[]).includes(value);
}

/** `group_by` values each endpoint accepts. */
const GROUP_BY: Readonly<Record<OpenAIUsageType | 'costs', readonly string[]>> = {
  completions: ['project_id', 'user_id', 'api_key_id', 'model', 'batch', 'service_tier'],
  embeddings: ['project_id', 'user_id', 'api_key_id', 'model'],
  moderations: ['project_id', 'user_id', 'api_key_id', 'model'],
  images: ['project_id', 'user_id', 'api_key_id', 'model', 'size', 'source'],
  audio_speeches: ['project_id', 'user_id', 'api_key_id', 'model'],
  audio_transcriptions: ['project_id', 'user_id', 'api_key_id', 'model'],
  vector_stores: ['project_id'],
  code_interpreter_sessions: ['project_id'],
  costs: ['project_id', 'line_item', 'api_key_id'],
};

/** Parsed query of a usage or costs request. */
export interface OpenAIReportQuery {
  startTime: number;
  endTime: number;
  width: BucketWidth;
  limit: number;
  groupBy: Set<string>;
  cursor: number | undefined;
  projectIds: string[];
  apiKeyIds: string[];
  models: string[];
}

function unixSeconds(query: URLSearchParams, name: string, fallback?: number): number | QueryProblem {
  const raw = query.get(name);
  if (raw === null || raw === '') {
    if (fallback !== undefined) return fallback;
    return { message: `Missing required parameter: '${name}'.`, param: name };
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) return { message: `Invalid value for '${name}': expected Unix seconds, got '${raw}'.`, param: name };
  return value;
}

const isProblem = (value: unknown): value is QueryProblem => typeof value === 'object' && value !== null && 'param' in value;

/**
 * Reads `start_time` (required), `end_time` (default: now), `bucket_width` (default `1d`; costs:
 * only `1d`), `limit`, `group_by`, `page`, and the `project_ids` / `api_key_ids` / `models` filters.
 */
export function parseOpenAIReportQuery(
  query: URLSearchParams,
  endpoint: OpenAIUsageType | 'costs',
  nowSeconds: number,
): { ok: true; query: OpenAIReportQuery } | { ok: false; problem: QueryProblem } {
  const startTime = unixSeconds(query, 'start_time');
  if (isProblem(startTime)) return { ok: false, problem: startTime };
  const endTime = unixSeconds(query, 'end_time', nowSeconds);
  if (isProblem(endTime)) return { ok: false, problem: endTime };
  const rawWidth = query.get('bucket_width') || '1d';
  const widths = endpoint === 'costs' ? ['1d'] : Object.keys(BUCKET_WIDTH_SECONDS);
  if (!isBucketWidth(rawWidth) || !widths.includes(rawWidth)) {
    return { ok: false, problem: { message: `Invalid value for 'bucket_width': must be one of ${widths.join(', ')}.`, param: 'bucket_width' } };
  }
  const limit = parseLimit(query, endpoint === 'costs' ? { default: 7, max: 180 } : USAGE_PAGE_LIMITS[rawWidth]);
  if (isProblem(limit)) return { ok: false, problem: limit };
  const groupBy = parseGroupBy(query, GROUP_BY[endpoint]);
  if (isProblem(groupBy)) return { ok: false, problem: groupBy };
  const page = query.get('page');
  const cursor = page === null || page === '' ? undefined : decodePageCursor(page);
  if (page !== null && page !== '' && cursor === undefined) {
    return { ok: false, problem: { message: `Invalid value for 'page': not a cursor from a previous response.`, param: 'page' } };
  }
  return {
    ok: true,
    query: {
      startTime,
      endTime,
      width: rawWidth,
      limit,
      groupBy,
      cursor,
      projectIds: queryValues(query, 'project_ids'),
      apiKeyIds: queryValues(query, 'api_key_ids'),
      models: queryValues(query, 'models'),
    },
  };
}

function filtered(calls: readonly OpenAIBilledCall[], query: OpenAIReportQuery): OpenAIBilledCall[] {
  return calls.filter(
    (call) =>
      (query.projectIds.length === 0 || query.projectIds.includes(call.projectId)) &&
      (query.apiKeyIds.length === 0 || query.apiKeyIds.includes(call.apiKeyId)) &&
      (query.models.length === 0 || query.models.includes(call.model)),
  );
}

/** `{object: "page", data: [bucket…], has_more, next_page}` for the buckets of `query`, results from `resultsOf`. */
function page(calls: readonly OpenAIBilledCall[], query: OpenAIReportQuery, resultsOf: (bucketCalls: OpenAIBilledCall[]) => unknown[]): unknown {
  const widthSeconds = BUCKET_WIDTH_SECONDS[query.width];
  const { starts, nextStart } = bucketPage(query.startTime, query.endTime, widthSeconds, query.limit, query.cursor);
  const selected = filtered(calls, query);
  return {
    object: 'page',
    data: starts.map((start) => ({
      object: 'bucket',
      start_time: start,
      end_time: start + widthSeconds,
      results: resultsOf(selected.filter((call) => call.at >= start * 1000 && call.at < (start + widthSeconds) * 1000)),
    })),
    has_more: nextStart !== undefined,
    next_page: nextStart === undefined ? null : encodePageCursor(nextStart),
  };
}

/** The grouping fields of a usage result: the grouped ones from the calls, the others `null`. */
function usageGroupKey(call: OpenAIBilledCall, groupBy: Set<string>): string {
  return JSON.stringify([
    groupBy.has('project_id') ? call.projectId : null,
    groupBy.has('api_key_id') ? call.apiKeyId : null,
    groupBy.has('model') ? call.model : null,
    groupBy.has('batch') ? false : null,
    groupBy.has('service_tier') ? call.serviceTier : null,
  ]);
}

function completionsResult(calls: OpenAIBilledCall[], groupBy: Set<string>): unknown {
  const [first] = calls as [OpenAIBilledCall];
  return {
    object: 'organization.usage.completions.result',
    input_tokens: sumOf(calls, (call) => call.inputTokens),
    output_tokens: sumOf(calls, (call) => call.outputTokens),
    input_cached_tokens: sumOf(calls, (call) => call.inputCachedTokens),
    input_audio_tokens: sumOf(calls, (call) => call.inputAudioTokens),
    output_audio_tokens: sumOf(calls, (call) => call.outputAudioTokens),
    num_model_requests: calls.length,
    project_id: groupBy.has('project_id') ? first.projectId : null,
    user_id: null,
    api_key_id: groupBy.has('api_key_id') ? first.apiKeyId : null,
    model: groupBy.has('model') ? first.model : null,
    batch: groupBy.has('batch') ? false : null,
    service_tier: groupBy.has('service_tier') ? first.serviceTier : null,
  };
}

function embeddingsResult(calls: OpenAIBilledCall[], groupBy: Set<string>): unknown {
  const [first] = calls as [OpenAIBilledCall];
  return {
    object: 'organization.usage.embeddings.result',
    input_tokens: sumOf(calls, (call) => call.inputTokens),
    num_model_requests: calls.length,
    project_id: groupBy.has('project_id') ? first.projectId : null,
    user_id: null,
    api_key_id: groupBy.has('api_key_id') ? first.apiKeyId : null,
    model: groupBy.has('model') ? first.model : null,
  };
}

/** Body of `GET …/organization/usage/<type>`: completions and embeddings from the ledger, the other types empty. */
export function openAIUsagePage(type: OpenAIUsageType, calls: readonly OpenAIBilledCall[], query: OpenAIReportQuery): unknown {
  const { groupBy } = query;
  return page(calls, query, (bucketCalls) => {
    if (type !== 'completions' && type !== 'embeddings') return [];
    const ofType = bucketCalls.filter((call) => call.kind === type);
    const build = type === 'completions' ? completionsResult : embeddingsResult;
    return groupRows(ofType, (call) => usageGroupKey(call, groupBy)).map(([, group]) => build(group, groupBy));
  });
}

/**
 * The line item of a cost line: `<model>, <item>` (the form of the Costs API's `line_items`
 * filter, e.g. `gpt-4o-mini-2024-07-18, input_tokens`); every token class folds into input,
 * cached input, cache write or output.
 */
export function openAILineItem(model: string, tokenClass: TokenClass): string {
  const item = tokenClass.startsWith('cached_input')
    ? 'cached_input_tokens'
    : tokenClass.startsWith('cache_write')
      ? 'cache_write_tokens'
      : tokenClass.startsWith('input')
        ? 'input_tokens'
        : 'output_tokens';
  return `${model}, ${item}`;
}

interface CostRow {
  call: OpenAIBilledCall;
  line: CostLine;
  lineItem: string;
}

/** Body of `GET …/organization/costs`: USD per 1d bucket, priced with @genai-otel/pricing. */
export function openAICostsPage(calls: readonly OpenAIBilledCall[], query: OpenAIReportQuery): unknown {
  const { groupBy } = query;
  return page(calls, query, (bucketCalls) => {
    const rows: CostRow[] = bucketCalls.flatMap((call) =>
      call.costLines.map((line) => ({ call, line, lineItem: openAILineItem(call.model, line.tokenClass) })),
    );
    const key = (row: CostRow): string =>
      JSON.stringify([
        groupBy.has('line_item') ? row.lineItem : null,
        groupBy.has('project_id') ? row.call.projectId : null,
        groupBy.has('api_key_id') ? row.call.apiKeyId : null,
      ]);
    return groupRows(rows, key).map(([, group]) => {
      const [first] = group as [CostRow];
      return {
        object: 'organization.costs.result',
        amount: { value: sumOf(group, (row) => row.line.amount), currency: 'usd' },
        line_item: groupBy.has('line_item') ? first.lineItem : null,
        project_id: groupBy.has('project_id') ? first.call.projectId : null,
        api_key_id: groupBy.has('api_key_id') ? first.call.apiKeyId : null,
        quantity: groupBy.has('line_item') ? sumOf(group, (row) => row.line.tokens) : null,
        quantity_unit: groupBy.has('line_item') ? 'tokens' : null,
      };
    });
  });
}
