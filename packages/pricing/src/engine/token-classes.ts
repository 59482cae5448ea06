import type { TokenClass } from '../types.js';

/**
 * Price keys of the `@pydantic/genai-prices` data (`prices/units.yml`), all in USD per 1M tokens
 * except `web_searches_kcount` and `requests_kcount` (USD per 1,000).
 */
export type PriceKey =
  | 'input_mtok'
  | 'input_audio_mtok'
  | 'input_image_mtok'
  | 'input_video_mtok'
  | 'cache_read_mtok'
  | 'cache_audio_read_mtok'
  | 'cache_image_read_mtok'
  | 'cache_video_read_mtok'
  | 'cache_write_mtok'
  | 'cache_write_5m_mtok'
  | 'cache_write_1h_mtok'
  | 'output_mtok'
  | 'output_reasoning_mtok'
  | 'output_audio_mtok'
  | 'output_image_mtok'
  | 'web_searches_kcount'
  | 'requests_kcount';

/**
 * Every token class with the price keys that can price it, most specific first. A class without
 * its own price is billed at its closest priced parent — the same rule genai-prices applies when it
 * splits usage into leaf units (`calcPrice`: a usage unit's tokens stay in its nearest priced
 * ancestor). E.g. Anthropic models have no `cache_write_5m_mtok`, so 5-minute writes use
 * `cache_write_mtok` (1.25× input); OpenAI models have no `cache_write_mtok`, so OpenAI cache writes
 * are billed at the input price.
 */
export const TOKEN_CLASS_PRICE_KEYS: Readonly<Record<TokenClass, readonly PriceKey[]>> = {
  input: ['input_mtok'],
  input_audio: ['input_audio_mtok', 'input_mtok'],
  input_image: ['input_image_mtok', 'input_mtok'],
  input_video: ['input_video_mtok', 'input_mtok'],
  cached_input: ['cache_read_mtok', 'input_mtok'],
  cached_input_audio: ['cache_audio_read_mtok', 'cache_read_mtok', 'input_audio_mtok', 'input_mtok'],
  cached_input_image: ['cache_image_read_mtok', 'cache_read_mtok', 'input_image_mtok', 'input_mtok'],
  cached_input_video: ['cache_video_read_mtok', 'cache_read_mtok', 'input_video_mtok', 'input_mtok'],
  cache_write: ['cache_write_mtok', 'input_mtok'],
  cache_write_5m: ['cache_write_5m_mtok', 'cache_write_mtok', 'input_mtok'],
  cache_write_1h: ['cache_write_1h_mtok', 'cache_write_mtok', 'input_mtok'],
  output: ['output_mtok'],
  reasoning: ['output_reasoning_mtok', 'output_mtok'],
  output_audio: ['output_audio_mtok', 'output_mtok'],
  output_image: ['output_image_mtok', 'output_mtok'],
};

/** Order of the breakdown lines: input side, then output side. */
export const TOKEN_CLASS_ORDER: readonly TokenClass[] = [
  'input',
  'input_audio',
  'input_image',
  'input_video',
  'cached_input',
  'cached_input_audio',
  'cached_input_image',
  'cached_input_video',
  'cache_write',
  'cache_write_5m',
  'cache_write_1h',
  'output',
  'reasoning',
  'output_audio',
  'output_image',
];

/** Label used by `formatCostBreakdown`. */
export const TOKEN_CLASS_LABELS: Readonly<Record<TokenClass, string>> = {
  input: 'input',
  input_audio: 'input audio',
  input_image: 'input image',
  input_video: 'input video',
  cached_input: 'cached input',
  cached_input_audio: 'cached input audio',
  cached_input_image: 'cached input image',
  cached_input_video: 'cached input video',
  cache_write: 'cache write',
  cache_write_5m: 'cache write 5m',
  cache_write_1h: 'cache write 1h',
  output: 'output',
  reasoning: 'reasoning',
  output_audio: 'output audio',
  output_image: 'output image',
};

/** Custom-table price names (the token classes, plus `web_search`) → genai-prices price keys. */
export const CUSTOM_PRICE_KEYS: Readonly<Record<TokenClass | 'web_search', PriceKey>> = {
  input: 'input_mtok',
  input_audio: 'input_audio_mtok',
  input_image: 'input_image_mtok',
  input_video: 'input_video_mtok',
  cached_input: 'cache_read_mtok',
  cached_input_audio: 'cache_audio_read_mtok',
  cached_input_image: 'cache_image_read_mtok',
  cached_input_video: 'cache_video_read_mtok',
  cache_write: 'cache_write_mtok',
  cache_write_5m: 'cache_write_5m_mtok',
  cache_write_1h: 'cache_write_1h_mtok',
  output: 'output_mtok',
  reasoning: 'output_reasoning_mtok',
  output_audio: 'output_audio_mtok',
  output_image: 'output_image_mtok',
  web_search: 'web_searches_kcount',
};
