import { describe, expect, it } from 'vitest';
import { parseOpenAIChatRequest } from './openai-chat-request.js';

const messages = [{ role: 'user', content: 'Hi' }];

describe('parseOpenAIChatRequest', () => {
  it('reads model, stream flags, n and the completion limit', () => {
    const body = {
      model: 'o4-mini+fault=gzip',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      n: 2,
      max_tokens: 9,
      max_completion_tokens: 7,
      service_tier: 'flex',
    };
    expect(parseOpenAIChatRequest(JSON.stringify(body))).toEqual({
      ok: true,
      request: {
        model: 'o4-mini',
        modelFaultSpec: 'gzip',
        messages,
        stream: true,
        includeUsage: true,
        includeObfuscation: true,
        n: 2,
        maxCompletionTokens: 7,
        serviceTier: 'flex',
        seedText: JSON.stringify({ model: 'o4-mini', messages, n: 2, max_tokens: 9, max_completion_tokens: 7, service_tier: 'flex' }),
      },
    });
  });

  it('includes obfuscation unless stream_options.include_obfuscation is false', () => {
    const includes = (streamOptions: unknown): boolean | undefined => {
      const result = parseOpenAIChatRequest(JSON.stringify({ model: 'gpt-4o', messages, stream: true, stream_options: streamOptions }));
      return result.ok ? result.request.includeObfuscation : undefined;
    };
    expect([includes(undefined), includes({ include_usage: true }), includes({ include_obfuscation: true }), includes({ include_obfuscation: false })]).toEqual(
      [true, true, true, false],
    );
  });

  it('derives the same seed text with and without stream, stream_options or a fault suffix', () => {
    const seedText = (body: Record<string, unknown>): string | undefined => {
      const result = parseOpenAIChatRequest(JSON.stringify(body));
      return result.ok ? result.request.seedText : undefined;
    };
    const plain = seedText({ model: 'gpt-4o', messages });
    expect(seedText({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } })).toBe(plain);
    expect(seedText({ model: 'gpt-4o+fault=slow', messages, stream: false })).toBe(plain);
    expect(seedText({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] })).not.toBe(plain);
  });

  it('include_usage only counts on streams; stream_options: null is fine without a stream', () => {
    const result = parseOpenAIChatRequest(JSON.stringify({ model: 'gpt-4o', messages, stream_options: null }));
    expect(result).toMatchObject({ ok: true, request: { stream: false, includeUsage: false } });
  });

  it.each([
    ['[1]', 'We could not parse', null, null],
    [JSON.stringify({ model: 42, messages }), 'you must provide a model parameter', null, null],
    [JSON.stringify({ model: 'gpt-4o', messages: 'Hi' }), "Invalid type for 'messages'", 'messages', 'invalid_type'],
    [JSON.stringify({ model: 'gpt-4o', messages: [] }), "[] is too short - 'messages'", 'messages', 'empty_array'],
    [JSON.stringify({ model: 'gpt-4o', messages: ['Hi'] }), "Invalid type for 'messages'", 'messages', 'invalid_type'],
    [JSON.stringify({ model: 'gpt-4o', messages, stream: 'yes' }), "Invalid type for 'stream'", 'stream', 'invalid_type'],
    [JSON.stringify({ model: 'gpt-4o', messages, n: 0 }), "Invalid 'n'", 'n', 'invalid_value'],
    [JSON.stringify({ model: 'gpt-4o', messages, n: 129 }), "Invalid 'n'", 'n', 'invalid_value'],
    [JSON.stringify({ model: 'gpt-4o', messages, max_tokens: 1.5 }), "Invalid 'max_tokens'", 'max_tokens', 'invalid_value'],
    [JSON.stringify({ model: 'gpt-4o', messages, max_completion_tokens: -1 }), "Invalid 'max_completion_tokens'", 'max_completion_tokens', 'invalid_value'],
  ])('rejects %s', (body, message, param, code) => {
    const result = parseOpenAIChatRequest(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(message);
    expect(result.error).toMatchObject({ param, code });
  });

  it('summarises what it could read from an invalid request, for the ledger', () => {
    const result = parseOpenAIChatRequest(JSON.stringify({ model: 'gpt-4o+fault=hang', stream: true, stream_options: { include_usage: true } }));
    expect(result).toMatchObject({ ok: false, summary: { model: 'gpt-4o', stream: true, includeUsage: true } });
  });
});
