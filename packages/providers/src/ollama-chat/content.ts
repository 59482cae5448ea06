import type { ChatMessage, InputContent, MessagePart, OutputMessage } from '../content/message-types.js';
import { text, truncateValue } from '../content/parts.js';
import { isRecord } from '../json/json-values.js';

/**
 * Ollama chat messages in the conventions' structured form (content capture only):
 * `{role, content, thinking?, images?, tool_calls?: [{function: {name, arguments}}], tool_name?}`.
 * Images are recorded by kind only.
 */
function messageParts(message: Record<string, unknown>, maxLength: number): MessagePart[] {
  const parts: MessagePart[] = [];
  if (typeof message['content'] === 'string' && message['content'] !== '') {
    parts.push(
      message['role'] === 'tool' ? { type: 'tool_call_response', response: truncateValue(message['content'], maxLength) } : text(message['content'], maxLength),
    );
  }
  for (const call of Array.isArray(message['tool_calls']) ? message['tool_calls'] : []) {
    const fn = isRecord(call) && isRecord(call['function']) ? call['function'] : {};
    const part: MessagePart = {
      type: 'tool_call',
      name: typeof fn['name'] === 'string' ? fn['name'] : '',
      arguments: truncateValue(fn['arguments'], maxLength),
    };
    if (isRecord(call) && typeof call['id'] === 'string') part.id = call['id'];
    parts.push(part);
  }
  if (Array.isArray(message['images'])) for (const _image of message['images']) parts.push({ type: 'generic', generic_type: 'image' });
  return parts;
}

export function ollamaChatInput(body: Record<string, unknown>, maxLength: number): InputContent {
  const messages: ChatMessage[] = [];
  const system: MessagePart[] = [];
  for (const message of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (!isRecord(message)) continue;
    if (message['role'] === 'system') system.push(...messageParts(message, maxLength));
    else messages.push({ role: typeof message['role'] === 'string' ? message['role'] : 'user', parts: messageParts(message, maxLength) });
  }
  return { messages, systemInstructions: system.length > 0 ? system : undefined };
}

/** The reply of a whole (non-stream) body. */
export function ollamaChatOutput(json: Record<string, unknown>, maxLength: number, finishReason: string | undefined): OutputMessage[] {
  const message = isRecord(json['message']) ? json['message'] : {};
  return [{ role: 'assistant', parts: messageParts(message, maxLength), finish_reason: finishReason ?? 'error' }];
}
