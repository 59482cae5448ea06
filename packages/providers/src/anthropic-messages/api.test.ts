// anthropic.messages against its fixtures (./__fixtures__/, the fake provider's golden output): a
// whole message through parseResponse, every stream through the stream parser as capture feeds it
// (usage merged field by field from message_start and message_delta), and a realistic request.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures.js';
import { replayStream, requestFor } from '../../test/helpers/replay-stream.js';
import { anthropicMessages } from './api.js';

const STREAM_REQUEST = requestFor(anthropicMessages, { model: 'claude-haiku-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hi' }] });

describe('parseRequest', () => {
  it('reads every generation parameter of a realistic request', () => {
    const body = {
      model: 'claude-sonnet-4-6',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Three primes?' }] }],
      temperature: 0.7,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
      stream: true,
    };
    expect(requestFor(anthropicMessages, body)).toStrictEqual({
      operation: 'chat',
      model: 'claude-sonnet-4-6',
      stream: true,
      parameters: { maxTokens: 1024, temperature: 0.7, topP: 0.9, topK: 40, stopSequences: ['\n\nHuman:'] },
      rewrittenBody: undefined,
      usageInjected: false,
    });
  });
});

/** Every usage of these fixtures: nothing cached, both TTL splits reported as 0, the standard tier. */
const NO_CACHE = { cacheReadInputTokens: 0, cacheWriteInputTokens: 0, cacheWrite5mInputTokens: 0, cacheWrite1hInputTokens: 0, serviceTier: 'standard' };

describe('parseResponse', () => {
  it('anthropic-messages.json: input_tokens + cache reads + cache writes is the input', () => {
    const json = JSON.parse(readFixture('anthropic-messages', 'anthropic-messages.json'));
    expect(anthropicMessages.parseResponse(json)).toStrictEqual({
      id: 'msg_018AuoovG74rJeZqefD7W8H2',
      model: 'claude-haiku-4-5-20251001',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 16, outputTokens: 9, ...NO_CACHE },
      rawUsage: json.usage,
      malformed: false,
    });
  });
});

describe('stream parser', () => {
  it.each([Number.POSITIVE_INFINITY, 7])('anthropic-messages-stream.sse, %s-byte chunks', (chunkSize) => {
    const { result, outputEvents } = replayStream(anthropicMessages, STREAM_REQUEST, ['anthropic-messages', 'anthropic-messages-stream.sse'], chunkSize);
    expect(result).toStrictEqual({
      id: 'msg_018AuoovG74rJeZqefD7W8H2',
      model: 'claude-haiku-4-5-20251001',
      finishReasons: ['end_turn'],
      // message_delta's cumulative output_tokens (9) replaces message_start's 1.
      usage: { inputTokens: 16, outputTokens: 9, ...NO_CACHE },
      rawUsage: {
        input_tokens: 16,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 9,
        service_tier: 'standard',
        inference_geo: 'not_available',
      },
      malformed: false,
      complete: true,
    });
    // message_start and the 9 content_block_delta events.
    expect(outputEvents).toBe(10);
  });

  it('anthropic-messages-thinking-stream.sse: output_tokens_details.thinking_tokens is the reasoning subset', () => {
    const { result, outputEvents } = replayStream(anthropicMessages, STREAM_REQUEST, ['anthropic-messages', 'anthropic-messages-thinking-stream.sse']);
    expect(result).toStrictEqual({
      id: 'msg_01jYfdSRZI09xsSqFvQ96B7g',
      model: 'claude-sonnet-4-6',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 16, outputTokens: 15, reasoningOutputTokens: 7, ...NO_CACHE },
      rawUsage: {
        input_tokens: 16,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 15,
        service_tier: 'standard',
        inference_geo: 'not_available',
        output_tokens_details: { thinking_tokens: 7 },
      },
      malformed: false,
      complete: true,
    });
    // message_start and the 16 content_block_delta events (thinking, signature, text).
    expect(outputEvents).toBe(17);
  });
});
