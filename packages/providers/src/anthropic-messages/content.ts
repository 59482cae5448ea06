import type { ChatMessage, InputContent, MessagePart, OutputMessage } from '../content/message-types.js';
import { text, truncateValue } from '../content/parts.js';
import { isRecord } from '../json/json-values.js';

/** Anthropic Messages content in the conventions' structured form (content capture only). */

/** Anthropic content blocks (text, tool_use, tool_result, images, documents, thinking). */
function anthropicParts(content: unknown, maxLength: number): MessagePart[] {
  if (typeof content === 'string') return [text(content, maxLength)];
  if (!Array.isArray(content)) return [];
  return content.map((block): MessagePart => {
    if (!isRecord(block)) return { type: 'generic', generic_type: 'unknown' };
    if (block['type'] === 'text' && typeof block['text'] === 'string') return text(block['text'], maxLength);
    if (block['type'] === 'tool_use') {
      return {
        type: 'tool_call',
        ...(typeof block['id'] === 'string' ? { id: block['id'] } : {}),
        name: typeof block['name'] === 'string' ? block['name'] : '',
        arguments: truncateValue(block['input'], maxLength),
      };
    }
    if (block['type'] === 'tool_result') {
      return {
        type: 'tool_call_response',
        ...(typeof block['tool_use_id'] === 'string' ? { id: block['tool_use_id'] } : {}),
        response: truncateValue(block['content'], maxLength),
      };
    }
    return { type: 'generic', generic_type: typeof block['type'] === 'string' ? block['type'] : 'unknown' };
  });
}

export function anthropicInput(body: Record<string, unknown>, maxLength: number): InputContent {
  const messages: ChatMessage[] = [];
  for (const message of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (!isRecord(message)) continue;
    messages.push({ role: typeof message['role'] === 'string' ? message['role'] : 'user', parts: anthropicParts(message['content'], maxLength) });
  }
  const system = body['system'];
  return { messages, systemInstructions: system === undefined ? undefined : anthropicParts(system, maxLength) };
}

export function anthropicOutput(json: Record<string, unknown>, maxLength: number): OutputMessage[] {
  return [
    {
      role: 'assistant',
      parts: anthropicParts(json['content'], maxLength),
      finish_reason: typeof json['stop_reason'] === 'string' ? json['stop_reason'] : 'error',
    },
  ];
}
