export { startFakeProvider } from './server.js';
export { FAULT_HEADER, MODEL_FAULT_MARKER } from './faults.js';
export { USAGE_OVERRIDE_HEADER, USAGE_OVERRIDE_KEYS } from './usage-override.js';
export { RETRY_COUNT_HEADER } from './attempts.js';
export type {
  AnthropicMessagesUsage,
  FakeProvider,
  FakeProviderOptions,
  FaultKind,
  FaultSchedule,
  FaultSpec,
  GeminiModalityTokenCount,
  GeminiUsageMetadata,
  OllamaChatMetrics,
  OpenAIChatUsage,
  OpenAIEmbeddingsUsage,
  OpenAIResponsesUsage,
  ServedAnthropicMessagesCall,
  ServedApi,
  ServedCall,
  ServedCallBase,
  ServedCallOf,
  ServedGeminiCall,
  ServedOllamaChatCall,
  ServedOpenAIChatCall,
  ServedOpenAIEmbeddingsCall,
  ServedOpenAIResponsesCall,
} from './types.js';
