/**
 * Message content in the GenAI conventions' structured form (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`; JSON schemas in
 * semantic-conventions-genai `model/gen-ai/gen-ai-*-messages.json`), read from each wire format.
 * Only used when content capture is turned on. Text is truncated to `maxLength` characters per part,
 * keeping the JSON structure; binary parts (images, audio, files) are recorded by kind only, never
 * their data.
 */
import { isRecord } from './json-values.js';
import type { ChatMessage, InputContent, MessagePart, OutputMessage } from './message-types.js';

const TRUNCATED = '…[truncated]';

export function text(value: string, maxLength: number): MessagePart {
  return { type: 'text', content: value.length > maxLength ? `${value.slice(0, maxLength)}${TRUNCATED}` : value };
}

function truncateValue(value: unknown, maxLength: number): unknown {
  if (typeof value === 'string') return value.length > maxLength ? `${value.slice(0, maxLength)}${TRUNCATED}` : value;
  const json = JSON.stringify(value) ?? '';
  return json.length > maxLength ? `${json.slice(0, maxLength)}${TRUNCATED}` : value;
}

/** OpenAI chat `content`: a string, or an array of typed parts. */
function openAIParts(content: unknown, maxLength: number): MessagePart[] {
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

/** Text of streamed output, per choice, capped at `maxLength` characters each. */
export class StreamedText {
  private readonly texts = new Map<number, string>();
  constructor(private readonly maxLength: number) {}

  append(index: number, delta: string): void {
    const current = this.texts.get(index) ?? '';
    if (current.length > this.maxLength) return;
    this.texts.set(index, current + delta);
  }

  /** Output messages of a stream, one per choice, with the finish reasons read from it. */
  messages(finishReasons: string[] | undefined): OutputMessage[] {
    const count = Math.max(this.texts.size, finishReasons?.length ?? 0);
    return Array.from({ length: count }, (_, index) => ({
      role: 'assistant',
      parts: [text(this.texts.get(index) ?? '', this.maxLength)],
      finish_reason: finishReasons?.[index] ?? 'error',
    }));
  }
}
