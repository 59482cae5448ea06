import type { ChatMessage, InputContent, MessagePart, OutputMessage } from '../content/message-types.js';
import { text, truncateValue } from '../content/parts.js';
import { isRecord } from '../json/json-values.js';

/** OpenAI Chat Completions messages in the conventions' structured form (content capture only). */

/** OpenAI chat `content`: a string, or an array of typed parts. */
export function openAIParts(content: unknown, maxLength: number): MessagePart[] {
  if (typeof content === 'string') return [text(content, maxLength)];
  if (!Array.isArray(content)) return [];
  return content.map((part): MessagePart => {
    if (isRecord(part) && typeof part['text'] === 'string') return text(part['text'], maxLength);
    const kind = isRecord(part) && typeof part['type'] === 'string' ? part['type'] : 'unknown';
    return { type: 'generic', generic_type: kind };
  });
}

function toolCalls(value: unknown, maxLength: number): MessagePart[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((call): MessagePart[] => {
    if (!isRecord(call) || !isRecord(call['function'])) return [];
    const fn = call['function'];
    return [
      {
        type: 'tool_call',
        ...(typeof call['id'] === 'string' ? { id: call['id'] } : {}),
        name: typeof fn['name'] === 'string' ? fn['name'] : '',
        arguments: truncateValue(fn['arguments'], maxLength),
      },
    ];
  });
}

export function openAIChatInput(body: Record<string, unknown>, maxLength: number): InputContent {
  const messages: ChatMessage[] = [];
  for (const message of Array.isArray(body['messages']) ? body['messages'] : []) {
    if (!isRecord(message)) continue;
    const role = typeof message['role'] === 'string' ? message['role'] : 'user';
    if (role === 'tool') {
      messages.push({
        role,
        parts: [
          {
            type: 'tool_call_response',
            ...(typeof message['tool_call_id'] === 'string' ? { id: message['tool_call_id'] } : {}),
            response: truncateValue(message['content'], maxLength),
          },
        ],
      });
      continue;
    }
    messages.push({ role, parts: [...openAIParts(message['content'], maxLength), ...toolCalls(message['tool_calls'], maxLength)] });
  }
  return { messages, systemInstructions: undefined };
}

export function openAIChatOutput(json: Record<string, unknown>, maxLength: number): OutputMessage[] {
  const out: OutputMessage[] = [];
  for (const choice of Array.isArray(json['choices']) ? json['choices'] : []) {
    if (!isRecord(choice) || !isRecord(choice['message'])) continue;
    const message = choice['message'];
    out.push({
      role: 'assistant',
      parts: [...openAIParts(message['content'], maxLength), ...toolCalls(message['tool_calls'], maxLength)],
      finish_reason: typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : 'error',
    });
  }
  return out;
}
