/**
 * Content capture is opt-in: with `captureMessageContent` (or OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true)
 * the span carries the conventions' structured `gen_ai.input.messages`, `gen_ai.system_instructions` and
 * `gen_ai.output.messages` (JSON strings), text parts truncated at `maxContentLength`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry({ captureMessageContent: true, maxContentLength: 12 });
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({ clock: () => 1_767_225_600_000 });
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(() => telemetry.reset());

const json = (value: unknown) => JSON.parse(String(value)) as unknown;

describe('OpenAI chat', () => {
  it('records input and output messages, truncated', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Tell me about observability in depth' },
      ],
    });
    const [span] = await telemetry.waitForSpans(1);
    expect(json(span!.attributes['gen_ai.input.messages'])).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Tell me abou…[truncated]' }] },
    ]);
    const text = completion.choices[0]!.message.content!;
    expect(json(span!.attributes['gen_ai.output.messages'])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: text.length > 12 ? `${text.slice(0, 12)}…[truncated]` : text }], finish_reason: 'stop' },
    ]);
  });

  it('accumulates streamed text', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    const [span] = await telemetry.waitForSpans(1);
    expect(json(span!.attributes['gen_ai.output.messages'])).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: streamed.length > 12 ? `${streamed.slice(0, 12)}…[truncated]` : streamed }],
        finish_reason: 'stop',
      },
    ]);
  });
});

describe('Anthropic', () => {
  it('records the system prompt as system instructions', async () => {
    const client = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: provider.url, maxRetries: 0 });
    await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] });
    const [span] = await telemetry.waitForSpans(1);
    expect(json(span!.attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(json(span!.attributes['gen_ai.input.messages'])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect((json(span!.attributes['gen_ai.output.messages']) as Array<{ finish_reason: string }>)[0]!.finish_reason).toBe('end_turn');
  });
});
