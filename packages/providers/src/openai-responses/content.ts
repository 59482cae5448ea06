import type { ChatMessage, InputContent, MessagePart, OutputMessage } from '../content/message-types.js';
import { text, truncateValue } from '../content/parts.js';
import { isRecord } from '../json/json-values.js';
import { openAIParts } from '../openai-chat/content.js';

/** OpenAI Responses input and output items in the conventions' structured form (content capture only). */

export function responsesInput(body: Record<string, unknown>, maxLength: number): InputContent {
  const input = body['input'];
  const messages: ChatMessage[] = [];
  if (typeof input === 'string') messages.push({ role: 'user', parts: [text(input, maxLength)] });
  for (const item of Array.isArray(input) ? input : []) {
    if (!isRecord(item)) continue;
    const content = item['content'];
    messages.push({ role: typeof item['role'] === 'string' ? item['role'] : 'user', parts: openAIParts(content, maxLength) });
  }
  const instructions = body['instructions'];
  return { messages, systemInstructions: typeof instructions === 'string' ? [text(instructions, maxLength)] : undefined };
}

export function responsesOutput(json: Record<string, unknown>, finishReason: string, maxLength: number): OutputMessage[] {
  const parts: MessagePart[] = [];
  for (const item of Array.isArray(json['output']) ? json['output'] : []) {
    if (!isRecord(item)) continue;
    if (item['type'] === 'message') parts.push(...openAIParts(item['content'], maxLength));
    else if (item['type'] === 'function_call') {
      parts.push({
        type: 'tool_call',
        ...(typeof item['call_id'] === 'string' ? { id: item['call_id'] } : {}),
        name: typeof item['name'] === 'string' ? item['name'] : '',
        arguments: truncateValue(item['arguments'], maxLength),
      });
    }
  }
  return [{ role: 'assistant', parts, finish_reason: finishReason }];
}
