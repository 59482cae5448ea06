export type {
  EventAction,
  PromptCacheBlocks,
  ParseOptions,
  ProviderApi,
  RequestFacts,
  RequestParameters,
  ResponseFacts,
  StreamParser,
  TokenUsage,
  UsageFormat,
} from './types.js';
export type { ChatMessage, InputContent, MessagePart, OutputMessage } from './content/message-types.js';
export { PROVIDER_APIS } from './registry.js';
export { anthropicMessages } from './anthropic-messages/api.js';
export { gemini } from './gemini/api.js';
export { openAIChat } from './openai-chat/api.js';
export { openAIEmbeddings } from './openai-embeddings/api.js';
export { openAIResponses } from './openai-responses/api.js';
export { inferUsageFormat } from './usage/infer-usage-format.js';
export { readUsage, readUsageIfValid } from './usage/read-usage.js';
export { UsageError } from './usage/usage-error.js';
export { ollamaChat } from './ollama-chat/api.js';
export { BUILT_IN_PROVIDER_HOSTS, detectProvider } from './hosts.js';
export { hasRateLimitHeaders, hasRetryAfter, readRateLimits, retryAfterMs, type RateLimits } from './rate-limit-headers.js';
export { SSE_FRAMING, SseEvent } from './framing/sse.js';
export { NDJSON_FRAMING } from './framing/ndjson.js';
export type { StreamEvent, StreamFraming, StreamSplitter } from './framing/types.js';
export { openAIChatSlowPathHits } from './openai-chat/stream.js';
export { canonicalRequest } from './canonical-request.js';
export { cacheableTokens, promptCacheMinimumTokens } from './prompt-cache-rules.js';
export { abortSource, networkFailure, type AbortSource } from './fetch-failures.js';
