/** Public types of `@genai-otel/provider-usage`. */

/** The providers whose admin APIs are polled. */
export type ProviderName = 'openai' | 'anthropic';

/** Which counter a sample adds to. */
export type SampleMetric = 'tokens' | 'requests' | 'cost';

/**
 * One number of one time bucket of a provider report, with the attributes it is exported with
 * (e.g. the input tokens of gpt-4o-mini in project p in the hour starting at 10:00).
 */
export interface Sample {
  metric: SampleMetric;
  attributes: Readonly<Record<string, string>>;
  value: number;
}

/** One time bucket of a report: `[start, end)` in Unix seconds, and its samples. */
export interface ReportBucket {
  start: number;
  end: number;
  samples: Sample[];
}

/** Bucket width of the usage reports (the cost reports are always `1d`). */
export type BucketWidth = '1m' | '1h' | '1d';

export const BUCKET_WIDTH_SECONDS: Readonly<Record<BucketWidth, number>> = { '1m': 60, '1h': 3600, '1d': 86_400 };

/** OpenAI usage endpoints the poller can read (`GET /v1/organization/usage/<endpoint>`). */
export type OpenAIUsageEndpoint = 'completions' | 'embeddings' | 'moderations' | 'images' | 'audio_speeches' | 'audio_transcriptions';

export const OPENAI_USAGE_ENDPOINTS: readonly OpenAIUsageEndpoint[] = [
  'completions',
  'embeddings',
  'moderations',
  'images',
  'audio_speeches',
  'audio_transcriptions',
];

/** `group_by` fields of the OpenAI usage endpoints the poller turns into attributes. */
export type OpenAIGroupBy = 'model' | 'project_id' | 'api_key_id' | 'batch' | 'service_tier';
export const OPENAI_GROUP_BY: readonly OpenAIGroupBy[] = ['model', 'project_id', 'api_key_id', 'batch', 'service_tier'];

/** `group_by[]` fields of the Anthropic Messages usage report the poller turns into attributes. */
export type AnthropicGroupBy = 'model' | 'workspace_id' | 'api_key_id' | 'service_tier';
export const ANTHROPIC_GROUP_BY: readonly AnthropicGroupBy[] = ['model', 'workspace_id', 'api_key_id', 'service_tier'];

/** How to reach one provider's admin API. */
export interface ProviderAccess {
  /** The admin key (OpenAI `sk-admin-…`, Anthropic `sk-ant-admin…`). Sent in a header, never logged. */
  adminKey: string;
  /** API root: OpenAI `https://api.openai.com/v1`, Anthropic `https://api.anthropic.com`. */
  baseURL?: string;
  /** Extra request headers (a gateway's, or the fake provider's `x-fake-fault` in tests). */
  headers?: Record<string, string>;
}

export interface OpenAIAccess extends ProviderAccess {
  /** Usage endpoints to read. @default ['completions', 'embeddings'] */
  endpoints?: readonly OpenAIUsageEndpoint[];
  /** Usage `group_by` (each endpoint gets the fields it supports). @default ['model', 'project_id', 'batch'] */
  groupBy?: readonly OpenAIGroupBy[];
}

export interface AnthropicAccess extends ProviderAccess {
  /** Usage report `group_by[]`. @default ['model', 'workspace_id'] */
  groupBy?: readonly AnthropicGroupBy[];
}
