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
 * its own price is billed at its closest priced parent **of the same modality** — the rule
 * genai-prices applies when it splits usage into leaf units (`calcPrice`: a usage unit's tokens stay
 * in its nearest priced ancestor), minus its step from a modality to text: audio tokens of a model
 * whose table has text prices only are not billed at the text price (an audio call came out 97 % too
 * low that way); the call is `missing_price`, naming the class. E.g. Anthropic models have no
 * `cache_write_5m_mtok`, so 5-minute writes use `cache_write_mtok` (1.25× input); OpenAI models have
 * no `cache_write_mtok`, so OpenAI cache writes are billed at the input price; cached audio without
 * its own price is billed at the audio input price. Image and video input tokens are billed at the
 * text input price only where the provider documents it ({@link MODALITY_AT_TEXT_PRICE}).
 */
export const TOKEN_CLASS_PRICE_KEYS: Readonly<Record<TokenClass, readonly PriceKey[]>> = {
  input: ['input_mtok'],
  input_audio: ['input_audio_mtok'],
  input_image: ['input_image_mtok'],
  input_video: ['input_video_mtok'],
  cached_input: ['cache_read_mtok', 'input_mtok'],
  cached_input_audio: ['cache_audio_read_mtok', 'input_audio_mtok'],
  cached_input_image: ['cache_image_read_mtok', 'input_image_mtok'],
  cached_input_video: ['cache_video_read_mtok', 'input_video_mtok'],
  cache_write: ['cache_write_mtok', 'input_mtok'],
  cache_write_5m: ['cache_write_5m_mtok', 'cache_write_mtok', 'input_mtok'],
  cache_write_1h: ['cache_write_1h_mtok', 'cache_write_mtok', 'input_mtok'],
  output: ['output_mtok'],
  reasoning: ['output_reasoning_mtok', 'output_mtok'],
  output_audio: ['output_audio_mtok'],
  output_image: ['output_image_mtok'],
};

/**
 * Input modalities a provider bills at its text prices when the price data has no price of their own.
 * - Google (Gemini API and Vertex AI): the pricing page lists one input price for "text / image /
 *   video" and a separate one for audio (https://ai.google.dev/gemini-api/docs/pricing, checked
 *   2026-12-07; genai-prices prices only `input_audio_mtok` apart).
 * - OpenAI (and Azure OpenAI, which bills OpenAI models alike): "image inputs are metered and charged
 *   in tokens, just as text inputs are" (https://platform.openai.com/docs/guides/images-vision,
 *   "Calculating costs", checked 2026-12-07); models with their own image price (gpt-realtime,
 *   gpt-image-1, billing-rules.md §2.5) have `input_image_mtok` in the data. No video input.
 * Audio is never in this list, and nothing is for output.
 */
export const MODALITY_AT_TEXT_PRICE: Readonly<Partial<Record<string, ReadonlySet<TokenClass>>>> = {
  google: new Set<TokenClass>(['input_image', 'input_video', 'cached_input_image', 'cached_input_video']),
  openai: new Set<TokenClass>(['input_image', 'cached_input_image']),
  azure: new Set<TokenClass>(['input_image', 'cached_input_image']),
};

/** The text keys a modality class falls back to where {@link MODALITY_AT_TEXT_PRICE} allows it. */
export const TEXT_FALLBACK_KEYS: Readonly<Partial<Record<TokenClass, readonly PriceKey[]>>> = {
  input_image: ['input_mtok'],
  input_video: ['input_mtok'],
  cached_input_image: ['cache_read_mtok', 'input_mtok'],
  cached_input_video: ['cache_read_mtok', 'input_mtok'],
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
