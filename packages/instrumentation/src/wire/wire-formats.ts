import { anthropicMessages } from './anthropic-messages.js';
import { gemini } from './gemini.js';
import { openAIChat } from './openai-chat.js';
import { openAIEmbeddings } from './openai-embeddings.js';
import { openAIResponses } from './openai-responses.js';
import type { WireFormat } from './types.js';

/** Every wire format the capture layer recognises, checked in order by method and path. */
export const WIRE_FORMATS: readonly WireFormat[] = [openAIChat, anthropicMessages, gemini, openAIResponses, openAIEmbeddings];
