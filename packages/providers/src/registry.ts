import { anthropicMessages } from './anthropic-messages/api.js';
import { gemini } from './gemini/api.js';
import { ollamaChat } from './ollama-chat/api.js';
import { openAIChat } from './openai-chat/api.js';
import { openAIEmbeddings } from './openai-embeddings/api.js';
import { openAIResponses } from './openai-responses/api.js';
import type { ProviderApi } from './types.js';

/** Every provider API the capture layer recognises, checked in order by method and path: one line per API. */
export const PROVIDER_APIS: readonly ProviderApi[] = [openAIChat, anthropicMessages, gemini, openAIResponses, openAIEmbeddings, ollamaChat];
