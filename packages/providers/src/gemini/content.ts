import type { ChatMessage, InputContent, MessagePart, OutputMessage } from '../content/message-types.js';
import { text, truncateValue } from '../content/parts.js';
import { isRecord } from '../json/json-values.js';

/** Gemini contents in the conventions' structured form (content capture only). */

/** Gemini `parts`: text, functionCall, functionResponse, inline or file data. */
function geminiParts(parts: unknown, maxLength: number): MessagePart[] {
  if (!Array.isArray(parts)) return [];
  return parts.map((part): MessagePart => {
    if (!isRecord(part)) return { type: 'generic', generic_type: 'unknown' };
    if (typeof part['text'] === 'string') return text(part['text'], maxLength);
    if (isRecord(part['functionCall'])) {
      const call = part['functionCall'];
      return { type: 'tool_call', name: typeof call['name'] === 'string' ? call['name'] : '', arguments: truncateValue(call['args'], maxLength) };
    }
    if (isRecord(part['functionResponse'])) return { type: 'tool_call_response', response: truncateValue(part['functionResponse']['response'], maxLength) };
    return { type: 'generic', generic_type: Object.keys(part)[0] ?? 'unknown' };
  });
}

export function geminiInput(body: Record<string, unknown>, maxLength: number): InputContent {
  const messages: ChatMessage[] = [];
  const contents = body['contents'];
  for (const content of Array.isArray(contents) ? contents : []) {
    if (!isRecord(content)) continue;
    messages.push({ role: content['role'] === 'model' ? 'assistant' : 'user', parts: geminiParts(content['parts'], maxLength) });
  }
  const system = body['systemInstruction'];
  return { messages, systemInstructions: isRecord(system) ? geminiParts(system['parts'], maxLength) : undefined };
}

export function geminiOutput(json: Record<string, unknown>, maxLength: number): OutputMessage[] {
  const out: OutputMessage[] = [];
  for (const candidate of Array.isArray(json['candidates']) ? json['candidates'] : []) {
    if (!isRecord(candidate)) continue;
    const content = isRecord(candidate['content']) ? candidate['content'] : {};
    out.push({
      role: 'assistant',
      parts: geminiParts(content['parts'], maxLength),
      finish_reason: typeof candidate['finishReason'] === 'string' ? candidate['finishReason'] : 'error',
    });
  }
  return out;
}
