// OpenAI's organization Usage API (`GET /v1/organization/usage/<endpoint>`) and Costs API
// (`GET /v1/organization/costs`), read with an admin key. Shapes: the API reference and openai-node's
// `admin/organization/usage.ts` types: `{object: "page", data: [{object: "bucket", start_time,
// end_time, results: […]}], has_more, next_page}`.
import { ProviderApiError } from '../http.js';
import {
  ATTR_API_KEY_ID,
  ATTR_BATCH,
  ATTR_ENDPOINT,
  ATTR_LINE_ITEM,
  ATTR_PROJECT,
  ATTR_PROVIDER_NAME,
  ATTR_RESPONSE_MODEL,
  ATTR_SERVICE_TIER,
  ATTR_TOKEN_TYPE,
  type TokenType,
} from '../names.js';
import {
  BUCKET_WIDTH_SECONDS,
  type BucketWidth,
  type OpenAIAccess,
  type OpenAIGroupBy,
  type OpenAIUsageEndpoint,
  type ReportBucket,
  type Sample,
} from '../types.js';
import { isRecord, numberField, readAllPages, reportUrl, stringAttributes, stringField, type ParsedPage, type ReportSource } from './source.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_ENDPOINTS: readonly OpenAIUsageEndpoint[] = ['completions', 'embeddings'];
export const OPENAI_DEFAULT_GROUP_BY: readonly OpenAIGroupBy[] = ['model', 'project_id', 'batch'];

/** The `group_by` fields each usage endpoint accepts (of those the poller uses). */
const SUPPORTED_GROUP_BY: Readonly<Record<OpenAIUsageEndpoint, readonly OpenAIGroupBy[]>> = {
  completions: ['model', 'project_id', 'api_key_id', 'batch', 'service_tier'],
  embeddings: ['model', 'project_id', 'api_key_id'],
  moderations: ['model', 'project_id', 'api_key_id'],
  images: ['model', 'project_id', 'api_key_id'],
  audio_speeches: ['model', 'project_id', 'api_key_id'],
  audio_transcriptions: ['model', 'project_id', 'api_key_id'],
};

/** Token fields of a usage result → `gen_ai.token.type`. Input fields include cached and cache-write tokens. */
const TOKEN_FIELDS: ReadonlyArray<readonly [string, TokenType]> = [
  ['input_tokens', 'input'],
  ['output_tokens', 'output'],
  ['input_cached_tokens', 'cache_read'],
  ['input_cache_write_tokens', 'cache_write'],
  ['input_audio_tokens', 'input_audio'],
  ['output_audio_tokens', 'output_audio'],
];

/** Most buckets per page the Usage API allows per width (also the page size the poller asks for). */
const MAX_USAGE_LIMIT: Readonly<Record<BucketWidth, number>> = { '1d': 31, '1h': 168, '1m': 1440 };
const MAX_COSTS_LIMIT = 180;

function headersOf(access: OpenAIAccess): Record<string, string> {
  return { ...access.headers, authorization: `Bearer ${access.adminKey}` };
}

function invalid(endpoint: string, what: string): ProviderApiError {
  return new ProviderApiError('openai', endpoint, 'invalid_response', `OpenAI ${endpoint}: unexpected response shape (${what})`);
}

/** A page's buckets with their raw results, and the cursor of the next page. */
function parsePage(body: unknown, endpoint: string, toSamples: (result: Record<string, unknown>) => Sample[]): ParsedPage {
  if (!isRecord(body) || !Array.isArray(body['data'])) throw invalid(endpoint, 'no data array');
  const buckets: ReportBucket[] = body['data'].map((bucket, index) => {
    if (!isRecord(bucket)) throw invalid(endpoint, `data[${index}] is not an object`);
    const start = numberField(bucket, 'start_time');
    const end = numberField(bucket, 'end_time');
    // `results` in the current API; `result` in older references.
    const results = bucket['results'] ?? bucket['result'];
    if (start === undefined || end === undefined || !Array.isArray(results)) throw invalid(endpoint, `data[${index}] lacks start_time, end_time or results`);
    return {
      start,
      end,
      samples: results.flatMap((result) => (isRecord(result) ? toSamples(result) : [])),
    };
  });
  const next = stringField(body, 'next_page');
  return { buckets, nextPage: body['has_more'] === true && next !== undefined ? next : undefined };
}

/** The attributes of a usage or cost result's grouping fields (those not grouped by are `null` and left out). */
function groupAttributes(result: Record<string, unknown>): Record<string, string> {
  const attributes = stringAttributes(result, {
    model: ATTR_RESPONSE_MODEL,
    project_id: ATTR_PROJECT,
    api_key_id: ATTR_API_KEY_ID,
    service_tier: ATTR_SERVICE_TIER,
  });
  if (typeof result['batch'] === 'boolean') attributes[ATTR_BATCH] = String(result['batch']);
  return attributes;
}

/** The samples of one usage result: one per token field present, and `num_model_requests`. */
export function openAIUsageSamples(endpoint: OpenAIUsageEndpoint, result: Record<string, unknown>): Sample[] {
  const base = { [ATTR_PROVIDER_NAME]: 'openai', [ATTR_ENDPOINT]: endpoint, ...groupAttributes(result) };
  const samples: Sample[] = [];
  for (const [field, tokenType] of TOKEN_FIELDS) {
    const value = numberField(result, field);
    if (value !== undefined) samples.push({ metric: 'tokens', attributes: { ...base, [ATTR_TOKEN_TYPE]: tokenType }, value });
  }
  const requests = numberField(result, 'num_model_requests');
  if (requests !== undefined) samples.push({ metric: 'requests', attributes: base, value: requests });
  return samples;
}

/**
 * The model a cost line item names: line items read `<model>, <item>` (e.g. `gpt-4o-mini-2024-07-18,
 * input_tokens`, the form of the Costs API's `line_items` filter); others (`Image models`, tools) name none.
 */
export function modelOfLineItem(lineItem: string): string | undefined {
  const match = /^([^,\s]+), [^,]+$/.exec(lineItem);
  return match?.[1];
}

/** The sample of one cost result (USD). */
export function openAICostSamples(result: Record<string, unknown>, endpoint: string): Sample[] {
  const amount = result['amount'];
  if (!isRecord(amount)) return [];
  const value = amount['value'];
  const currency = stringField(amount, 'currency') ?? 'usd';
  if (typeof value !== 'number' || !Number.isFinite(value)) return [];
  if (currency.toLowerCase() !== 'usd') {
    throw new ProviderApiError('openai', endpoint, 'invalid_response', `OpenAI ${endpoint}: cost in ${currency}; genai_otel.provider.cost is in USD only`);
  }
  const attributes: Record<string, string> = { [ATTR_PROVIDER_NAME]: 'openai' };
  const lineItem = stringField(result, 'line_item');
  if (lineItem !== undefined) {
    attributes[ATTR_LINE_ITEM] = lineItem;
    const model = modelOfLineItem(lineItem);
    if (model !== undefined) attributes[ATTR_RESPONSE_MODEL] = model;
  }
  const project = stringField(result, 'project_id');
  if (project !== undefined) attributes[ATTR_PROJECT] = project;
  return [{ metric: 'cost', attributes, value }];
}

/** `GET <base>/organization/usage/<endpoint>?start_time&bucket_width&limit&group_by[]`, every page. */
export function openAIUsageSource(access: OpenAIAccess, endpoint: OpenAIUsageEndpoint, width: BucketWidth, pageLimit?: number): ReportSource {
  const base = access.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  const wanted = access.groupBy ?? OPENAI_DEFAULT_GROUP_BY;
  const groupBy = SUPPORTED_GROUP_BY[endpoint].filter((field) => wanted.includes(field));
  const limit = Math.min(pageLimit ?? MAX_USAGE_LIMIT[width], MAX_USAGE_LIMIT[width]);
  return {
    id: `openai.${endpoint}`,
    provider: 'openai',
    endpoint,
    widthSeconds: BUCKET_WIDTH_SECONDS[width],
    read(startSeconds, http) {
      const url = (page?: string): URL =>
        reportUrl(base, `/organization/usage/${endpoint}`, { start_time: startSeconds, bucket_width: width, limit, group_by: groupBy, page });
      return readAllPages('openai', url(), url, headersOf(access), http, (body, path) =>
        parsePage(body, path, (result) => openAIUsageSamples(endpoint, result)),
      );
    },
  };
}

/** `GET <base>/organization/costs?start_time&bucket_width=1d&limit&group_by[]=line_item&group_by[]=project_id`, every page. */
export function openAICostsSource(access: OpenAIAccess, pageLimit?: number): ReportSource {
  const base = access.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  const limit = Math.min(pageLimit ?? MAX_COSTS_LIMIT, MAX_COSTS_LIMIT);
  return {
    id: 'openai.costs',
    provider: 'openai',
    endpoint: 'costs',
    widthSeconds: BUCKET_WIDTH_SECONDS['1d'],
    read(startSeconds, http) {
      const url = (page?: string): URL =>
        reportUrl(base, '/organization/costs', { start_time: startSeconds, bucket_width: '1d', limit, group_by: ['line_item', 'project_id'], page });
      return readAllPages('openai', url(), url, headersOf(access), http, (body, path) => parsePage(body, path, (result) => openAICostSamples(result, path)));
    },
  };
}
