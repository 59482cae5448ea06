import { openAIChat } from './openai-chat.js';
import type { WireFormat } from './types.js';

/** Every wire format the capture layer recognises, checked in order by method and path. */
export const WIRE_FORMATS: readonly WireFormat[] = [openAIChat];
