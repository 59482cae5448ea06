// Anthropic's Admin API reports, read with an Admin API key: the Messages usage report
// (`GET /v1/organizations/usage_report/messages`) and the cost report (`GET /v1/organizations/cost_report`).
// Shapes (Admin API reference): `{data: [{starting_at, ending_at, results: […]}], has_more, next_page}`,
// RFC 3339 bucket bounds, `group_by[]`; cost `amount` is a decimal string in cents.
import { ProviderApiError } from '../http.js';
import {
  ATTR_API_KEY_ID,
  ATTR_ENDPOINT,
  ATTR_LINE_ITEM,
  ATTR_PROJECT,
  ATTR_PROVIDER_NAME,
  ATTR_RESPONSE_MODEL,
  ATTR_SERVICE_TIER,
  ATTR_TOKEN_TYPE,
  type TokenType,
} from '../names.js';
import { BUCKET_WIDTH_SECONDS, type AnthropicAccess, type AnthropicGroupBy, type BucketWidth, type ReportBucket, type Sample } from '../types.js';
import { isRecord, numberField, readAllPages, reportUrl, stringAttributes, stringField, type ParsedPage, type ReportSource } from './source.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_DEFAULT_GROUP_BY: readonly AnthropicGroupBy[] = ['model', 'workspace_id'];
/** The `anthropic-version` header the Admin API is called with. */
export const ANTHROPIC_VERSION = '2023-06-01';

const MAX_USAGE_LIMIT: Readonly<Record<BucketWidth, number>> = { '1d': 31, '1h': 168, '1m': 1440 };
const MAX_COST_LIMIT = 31;

function headersOf(access: AnthropicAccess): Record<string, string> {
  return { ...access.headers, 'x-api-key': access.adminKey, 'anthropic-version': ANTHROPIC_VERSION };
}

function invalid(endpoint: string, what: string): ProviderApiError {
  return new ProviderApiError('anthropic', endpoint, 'invalid_response', `Anthropic ${endpoint}: unexpected response shape (${what})`);
}

function seconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function parsePage(body: unknown, endpoint: string, toSamples: (result: Record<string, unknown>) => Sample[]): ParsedPage {
  if (!isRecord(body) || !Array.isArray(body['data'])) throw invalid(endpoint, 'no data array');
  const buckets: ReportBucket[] = body['data'].map((bucket, index) => {
    if (!isRecord(bucket)) throw invalid(endpoint, `data[${index}] is not an object`);
    const start = seconds(bucket['starting_at']);
    const end = seconds(bucket['ending_at']);
    const results = bucket['results'];
    if (start === undefined || end === undefined || !Array.isArray(results)) {
      throw invalid(endpoint, `data[${index}] lacks starting_at, ending_at or results`);
    }
    return { start, end, samples: results.flatMap((result) => (isRecord(result) ? toSamples(result) : [])) };
  });
  const next = stringField(body, 'next_page');
  return { buckets, nextPage: body['has_more'] === true && next !== undefined ? next : undefined };
}

function groupAttributes(result: Record<string, unknown>): Record<string, string> {
  return stringAttributes(result, {
    model: ATTR_RESPONSE_MODEL,
    workspace_id: ATTR_PROJECT,
    api_key_id: ATTR_API_KEY_ID,
    service_tier: ATTR_SERVICE_TIER,
  });
}

/**
 * The token samples of one usage result. `input` is every input token, as genai-otel's
 * `gen_ai.usage.input_tokens` counts them: uncached + cache reads + cache writes (5m and 1h).
 * The report counts no requests.
 */
export function anthropicUsageSamples(result: Record<string, unknown>): Sample[] {
  const base = { [ATTR_PROVIDER_NAME]: 'anthropic', [ATTR_ENDPOINT]: 'messages', ...groupAttributes(result) };
  const creation = isRecord(result['cache_creation']) ? result['cache_creation'] : {};
  const uncached = numberField(result, 'uncached_input_tokens') ?? 0;
  const cacheRead = numberField(result, 'cache_read_input_tokens') ?? 0;
  const cacheWrite = (numberField(creation, 'ephemeral_5m_input_tokens') ?? 0) + (numberField(creation, 'ephemeral_1h_input_tokens') ?? 0);
  const output = numberField(result, 'output_tokens') ?? 0;
  const values: ReadonlyArray<readonly [TokenType, number]> = [
    ['input', uncached + cacheRead + cacheWrite],
    ['output', output],
    ['cache_read', cacheRead],
    ['cache_write', cacheWrite],
  ];
  return values.map(([tokenType, value]) => ({ metric: 'tokens', attributes: { ...base, [ATTR_TOKEN_TYPE]: tokenType }, value }));
}

/** The sample of one cost result: `amount` (cents, a decimal string) / 100 USD. */
export function anthropicCostSamples(result: Record<string, unknown>, endpoint: string): Sample[] {
  const amount = result['amount'];
  const cents = typeof amount === 'string' ? Number(amount) : typeof amount === 'number' ? amount : Number.NaN;
  if (!Number.isFinite(cents)) return [];
  const currency = stringField(result, 'currency') ?? 'USD';
  if (currency.toUpperCase() !== 'USD') {
    throw new ProviderApiError(
      'anthropic',
      endpoint,
      'invalid_response',
      `Anthropic ${endpoint}: cost in ${currency}; genai_otel.provider.cost is in USD only`,
    );
  }
  const attributes: Record<string, string> = { [ATTR_PROVIDER_NAME]: 'anthropic' };
  const description = stringField(result, 'description');
  if (description !== undefined) attributes[ATTR_LINE_ITEM] = description;
  const model = stringField(result, 'model');
  if (model !== undefined) attributes[ATTR_RESPONSE_MODEL] = model;
  const workspace = stringField(result, 'workspace_id');
  if (workspace !== undefined) attributes[ATTR_PROJECT] = workspace;
  return [{ metric: 'cost', attributes, value: cents / 100 }];
}

/** RFC 3339 (UTC, whole seconds) of Unix seconds. */
function rfc3339(secondsSinceEpoch: number): string {
  return `${new Date(secondsSinceEpoch * 1000).toISOString().slice(0, 19)}Z`;
}

/** `GET <base>/v1/organizations/usage_report/messages?starting_at&bucket_width&limit&group_by[]`, every page. */
export function anthropicUsageSource(access: AnthropicAccess, width: BucketWidth, pageLimit?: number): ReportSource {
  const base = access.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  const groupBy = [...(access.groupBy ?? ANTHROPIC_DEFAULT_GROUP_BY)];
  const limit = Math.min(pageLimit ?? MAX_USAGE_LIMIT[width], MAX_USAGE_LIMIT[width]);
  return {
    id: 'anthropic.messages',
    provider: 'anthropic',
    endpoint: 'messages',
    widthSeconds: BUCKET_WIDTH_SECONDS[width],
    read(startSeconds, http) {
      const url = (page?: string): URL =>
        reportUrl(base, '/v1/organizations/usage_report/messages', {
          starting_at: rfc3339(startSeconds),
          bucket_width: width,
          limit,
          group_by: groupBy,
          page,
        });
      return readAllPages('anthropic', url(), url, headersOf(access), http, (body, path) => parsePage(body, path, anthropicUsageSamples));
    },
  };
}

/** `GET <base>/v1/organizations/cost_report?starting_at&bucket_width=1d&limit&group_by[]=workspace_id&group_by[]=description`, every page. */
export function anthropicCostSource(access: AnthropicAccess, pageLimit?: number): ReportSource {
  const base = access.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  const limit = Math.min(pageLimit ?? MAX_COST_LIMIT, MAX_COST_LIMIT);
  return {
    id: 'anthropic.cost_report',
    provider: 'anthropic',
    endpoint: 'cost_report',
    widthSeconds: BUCKET_WIDTH_SECONDS['1d'],
    read(startSeconds, http) {
      const url = (page?: string): URL =>
        reportUrl(base, '/v1/organizations/cost_report', {
          starting_at: rfc3339(startSeconds),
          bucket_width: '1d',
          limit,
          group_by: ['workspace_id', 'description'],
          page,
        });
      return readAllPages('anthropic', url(), url, headersOf(access), http, (body, path) =>
        parsePage(body, path, (result) => anthropicCostSamples(result, path)),
      );
    },
  };
}
