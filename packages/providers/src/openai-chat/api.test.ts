// openai.chat against its fixtures (./__fixtures__/, the fake provider's golden output): a whole
// completion through parseResponse, every stream through the stream parser as capture feeds it, and a
// request carrying every parameter the reader knows. Expected values are read off the fixture text.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures.js';
import { replayStream, requestFor } from '../../test/helpers/replay-stream.js';
import { openAIChat } from './api.js';

const STREAM_REQUEST = requestFor(openAIChat, { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hi' }] });

describe('parseRequest', () => {
  it('reads every generation parameter of a realistic request', () => {
    const body = {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'Three primes?' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 256,
      frequency_penalty: 0.5,
      presence_penalty: 0.25,
      seed: 42,
      stop: ['\n\n', 'END'],
      n: 2,
      response_format: { type: 'json_schema', json_schema: { name: 'primes', schema: { type: 'object' } } },
      reasoning_effort: 'low',
      service_tier: 'flex',
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(requestFor(openAIChat, body)).toStrictEqual({
      operation: 'chat',
      model: 'gpt-4o-mini',
      stream: true,
      parameters: {
        temperature: 0.2,
        topP: 0.9,
        maxTokens: 256,
        frequencyPenalty: 0.5,
        presencePenalty: 0.25,
        seed: 42,
        stopSequences: ['\n\n', 'END'],
        choiceCount: 2,
        outputType: 'json',
        reasoningLevel: 'low',
        serviceTier: 'flex',
      },
      rewrittenBody: undefined,
      usageInjected: false,
    });
  });

  it('reads the legacy max_tokens, a single stop string and an explicit text format', () => {
    const body = { model: 'gpt-4o-mini', messages: [], max_tokens: 100, stop: 'END', n: 1, response_format: { type: 'text' } };
    expect(requestFor(openAIChat, body).parameters).toStrictEqual({ maxTokens: 100, stopSequences: ['END'], outputType: 'text' });
  });
});

describe('parseResponse', () => {
  it('openai-chat-completion.json', () => {
    const json = JSON.parse(readFixture('openai-chat', 'openai-chat-completion.json'));
    expect(openAIChat.parseResponse(json)).toStrictEqual({
      id: 'chatcmpl-I31E0TFe4pnzqBnuDj1f3Vdrjdbix',
      model: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop'],
      usage: { inputTokens: 16, outputTokens: 11, cacheReadInputTokens: 0, inputAudioTokens: 0, reasoningOutputTokens: 0, outputAudioTokens: 0 },
      rawUsage: json.usage,
      serviceTier: 'default',
      systemFingerprint: 'fp_27bebe765c',
      malformed: false,
    });
  });
});

describe('stream parser', () => {
  const CHUNK_SIZES = [Number.POSITIVE_INFINITY, 7];
  const fakeStream = {
    id: 'chatcmpl-I31E0TFe4pnzqBnuDj1f3Vdrjdbix',
    model: 'gpt-4o-mini-2024-07-18',
    finishReasons: ['stop'],
    serviceTier: 'default',
    systemFingerprint: 'fp_27bebe765c',
    malformed: false,
    complete: true,
  };

  it.each(CHUNK_SIZES)('openai-chat-stream.sse (no usage without include_usage), %s-byte chunks', (chunkSize) => {
    const { result, outputEvents } = replayStream(openAIChat, STREAM_REQUEST, ['openai-chat', 'openai-chat-stream.sse'], chunkSize);
    expect(result).toStrictEqual({ ...fakeStream, usage: undefined, rawUsage: undefined });
    // The role chunk, 11 content chunks, the finish chunk; [DONE] is no output.
    expect(outputEvents).toBe(13);
  });

  it.each(CHUNK_SIZES)('openai-chat-stream-include-usage.sse, %s-byte chunks', (chunkSize) => {
    const { result, outputEvents } = replayStream(openAIChat, STREAM_REQUEST, ['openai-chat', 'openai-chat-stream-include-usage.sse'], chunkSize);
    expect(result).toStrictEqual({
      ...fakeStream,
      usage: { inputTokens: 16, outputTokens: 11, cacheReadInputTokens: 0, inputAudioTokens: 0, reasoningOutputTokens: 0, outputAudioTokens: 0 },
      rawUsage: {
        prompt_tokens: 16,
        completion_tokens: 11,
        total_tokens: 27,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
    });
    // The usage chunk (empty choices) is no output either.
    expect(outputEvents).toBe(13);
  });

  it('reference/openai-chat-stream.sse (recorded from api.openai.com; `:` comment lines)', () => {
    const { result, outputEvents } = replayStream(openAIChat, STREAM_REQUEST, ['openai-chat', 'reference/openai-chat-stream.sse']);
    expect(result).toStrictEqual({
      id: 'chatcmpl-XXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      model: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop'],
      usage: undefined,
      rawUsage: undefined,
      serviceTier: 'default',
      systemFingerprint: 'fp_0000000000',
      malformed: false,
      complete: true,
    });
    expect(outputEvents).toBe(3);
  });

  it('reference/openai-chat-stream-include-usage.sse: "system_fingerprint":null is no fingerprint', () => {
    const { result, outputEvents } = replayStream(openAIChat, STREAM_REQUEST, ['openai-chat', 'reference/openai-chat-stream-include-usage.sse']);
    expect(result).toStrictEqual({
      id: 'chatcmpl-XXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      model: 'gpt-5.1-2025-11-13',
      finishReasons: ['stop'],
      // The recording's numbers are placeholders (all 3): each subset is read from its own field.
      usage: { inputTokens: 3, outputTokens: 3, cacheReadInputTokens: 3, inputAudioTokens: 3, reasoningOutputTokens: 3, outputAudioTokens: 3 },
      rawUsage: {
        prompt_tokens: 3,
        completion_tokens: 3,
        total_tokens: 3,
        prompt_tokens_details: { cached_tokens: 3, audio_tokens: 3 },
        completion_tokens_details: { reasoning_tokens: 3, audio_tokens: 3, accepted_prediction_tokens: 3, rejected_prediction_tokens: 3 },
      },
      serviceTier: 'default',
      malformed: false,
      complete: true,
    });
    expect(outputEvents).toBe(3);
  });
});
