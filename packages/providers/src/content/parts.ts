/**
 * Message content in the GenAI conventions' structured form (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`; JSON schemas in
 * semantic-conventions-genai `model/gen-ai/gen-ai-*-messages.json`), read from each wire format.
 * Only used when content capture is turned on. Text is truncated to `maxLength` characters per part,
 * keeping the JSON structure; binary parts (images, audio, files) are recorded by kind only, never
 * their data.
 */
import type { MessagePart, OutputMessage } from './message-types.js';

const TRUNCATED = '…[truncated]';

export function text(value: string, maxLength: number): MessagePart {
  return { type: 'text', content: value.length > maxLength ? `${value.slice(0, maxLength)}${TRUNCATED}` : value };
}

export function truncateValue(value: unknown, maxLength: number): unknown {
  if (typeof value === 'string') return value.length > maxLength ? `${value.slice(0, maxLength)}${TRUNCATED}` : value;
  const json = JSON.stringify(value) ?? '';
  return json.length > maxLength ? `${json.slice(0, maxLength)}${TRUNCATED}` : value;
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
