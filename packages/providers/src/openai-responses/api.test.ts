// openai.responses against its fixtures (./__fixtures__/, the fake provider's golden output; reference/:
// recorded from api.openai.com): a whole response through parseResponse, every stream through the
// stream parser as capture feeds it, and a realistic request. Expected values are read off the fixtures.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures.js';
import { replayStream, requestFor } from '../../test/helpers/replay-stream.js';
import { openAIResponses } from './api.js';

const STREAM_REQUEST = requestFor(openAIResponses, { model: 'gpt-4.1', stream: true, input: 'Hi' });

describe('parseRequest', () => {
  it('reads every generation parameter of a realistic request', () => {
    const body = {
      model: 'o4-mini',
      instructions: 'You are terse.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Three primes?' }] }],
      previous_response_id: 'resp_68af3c1e8f1c8190a1d4e2f0b7c6d5e4',
      temperature: 1,
      top_p: 0.95,
      max_output_tokens: 512,
      reasoning: { effort: 'high', summary: 'auto' },
      text: { format: { type: 'json_schema', name: 'primes', schema: { type: 'object' } }, verbosity: 'low' },
      service_tier: 'priority',
      stream: true,
    };
    expect(requestFor(openAIResponses, body)).toStrictEqual({
      operation: 'chat',
      model: 'o4-mini',
      stream: true,
      parameters: {
        temperature: 1,
        topP: 0.95,
        maxTokens: 512,
        serviceTier: 'priority',
        previousResponseId: 'resp_68af3c1e8f1c8190a1d4e2f0b7c6d5e4',
        reasoningLevel: 'high',
        outputType: 'json',
      },
      rewrittenBody: undefined,
      usageInjected: false,
    });
  });
});

describe('parseResponse', () => {
  it('openai-responses.json: the status gives the finish reason', () => {
    const json = JSON.parse(readFixture('openai-responses', 'openai-responses.json'));
    expect(openAIResponses.parseResponse(json)).toStrictEqual({
      id: 'resp_7fa9b26ef7df9db182022dbfacfe64dc6fb22f4b13885462b0',
      model: 'gpt-4.1-2025-04-14',
      finishReasons: ['stop'],
      usage: { inputTokens: 16, outputTokens: 8, cacheReadInputTokens: 0, reasoningOutputTokens: 0 },
      rawUsage: json.usage,
      serviceTier: 'default',
      malformed: false,
    });
  });
});

describe('stream parser', () => {
  it.each([Number.POSITIVE_INFINITY, 7])('openai-responses-stream.sse, %s-byte chunks', (chunkSize) => {
    const { result, outputEvents } = replayStream(openAIResponses, STREAM_REQUEST, ['openai-responses', 'openai-responses-stream.sse'], chunkSize);
    expect(result).toStrictEqual({
      id: 'resp_7fa9b26ef7df9db182022dbfacfe64dc6fb22f4b13885462b0',
      model: 'gpt-4.1-2025-04-14',
      finishReasons: ['stop'],
      usage: { inputTokens: 16, outputTokens: 8, cacheReadInputTokens: 0, reasoningOutputTokens: 0 },
      rawUsage: {
        input_tokens: 16,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 8,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 24,
      },
      serviceTier: 'default',
      malformed: false,
      complete: true,
    });
    // One output event per response.output_text.delta.
    expect(outputEvents).toBe(8);
  });

  it('openai-responses-reasoning-stream.sse: response.completed says the tier that served it ("auto" before)', () => {
    const { result, outputEvents } = replayStream(openAIResponses, STREAM_REQUEST, ['openai-responses', 'openai-responses-reasoning-stream.sse']);
    expect(result).toStrictEqual({
      id: 'resp_259925b1ab9f68cdaec43f78fd07cc5014f82f0794ff9115b6',
      model: 'o4-mini-2025-04-16',
      finishReasons: ['stop'],
      usage: { inputTokens: 16, outputTokens: 11, cacheReadInputTokens: 0, reasoningOutputTokens: 5 },
      rawUsage: {
        input_tokens: 16,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 11,
        output_tokens_details: { reasoning_tokens: 5 },
        total_tokens: 27,
      },
      serviceTier: 'default',
      malformed: false,
      complete: true,
    });
    expect(outputEvents).toBe(6);
  });

  it('reference/openai-responses-stream.sse (recorded; no blank line after the last event)', () => {
    const { result, outputEvents } = replayStream(openAIResponses, STREAM_REQUEST, ['openai-responses', 'reference/openai-responses-stream.sse']);
    expect(result).toStrictEqual({
      id: 'resp_00000000000000000000000000000000000000000000000000',
      model: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop'],
      // Placeholder numbers (all 3), each read from its own field.
      usage: { inputTokens: 3, outputTokens: 3, cacheReadInputTokens: 3, reasoningOutputTokens: 3 },
      rawUsage: {
        input_tokens: 3,
        input_tokens_details: { cached_tokens: 3 },
        output_tokens: 3,
        output_tokens_details: { reasoning_tokens: 3 },
        total_tokens: 3,
      },
      serviceTier: 'default',
      malformed: false,
      complete: true,
    });
    expect(outputEvents).toBe(1);
  });
});
