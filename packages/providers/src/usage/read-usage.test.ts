import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAnthropicUsage } from '../anthropic-messages/usage.js';
import { readGeminiUsage } from '../gemini/usage.js';
import { openAIChat } from '../openai-chat/api.js';
import { readOpenAIChatUsage } from '../openai-chat/usage.js';
import { readResponsesUsage } from '../openai-responses/usage.js';
import { anthropicMessages } from '../anthropic-messages/api.js';
import { readUsage, readUsageIfValid } from './read-usage.js';
import { UsageError } from './usage-error.js';

const READERS = [readOpenAIChatUsage, readAnthropicUsage, readGeminiUsage, readResponsesUsage];

describe('the one usage reader per format', () => {
  it('returns non-negative totals or throws a UsageError, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ prompt_tokens: fc.jsonValue(), completion_tokens: fc.jsonValue(), input_tokens: fc.jsonValue(), output_tokens: fc.jsonValue() }),
          fc.record({ promptTokenCount: fc.jsonValue(), candidatesTokenCount: fc.jsonValue(), promptTokensDetails: fc.jsonValue() }),
        ),
        (usage) => {
          for (const read of READERS) {
            let result: ReturnType<typeof read> | undefined;
            try {
              result = read(usage);
            } catch (error) {
              expect(error).toBeInstanceOf(UsageError);
            }
            if (result) {
              expect(result.inputTokens).toBeGreaterThanOrEqual(0);
              expect(result.outputTokens).toBeGreaterThanOrEqual(0);
            }
            expect(readUsageIfValid(read, usage)).toEqual(result);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps only the subsets the provider reported (a reported 0 stays)', () => {
    expect(readUsage('openai.chat', { prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } })).toEqual({
      inputTokens: 10,
      outputTokens: 2,
      cacheReadInputTokens: 0,
    });
  });

  it('reads DeepSeek cache hits through the OpenAI chat reader, under either format name', () => {
    const usage = { prompt_tokens: 100, completion_tokens: 5, prompt_cache_hit_tokens: 60, prompt_cache_miss_tokens: 40 };
    const expected = { inputTokens: 100, outputTokens: 5, cacheReadInputTokens: 60 };
    expect(readUsage('openai.chat', usage)).toEqual(expected);
    expect(readUsage('deepseek', usage)).toEqual(expected);
    expect(readUsage('deepseek', { prompt_cache_hit_tokens: 60, prompt_cache_miss_tokens: 40 })).toEqual({
      inputTokens: 100,
      outputTokens: 0,
      cacheReadInputTokens: 60,
    });
  });
});

describe('telemetry and pricing read the same counts (the two readers used to disagree)', () => {
  it('OpenAI chat: prompt_tokens_details.cache_write_tokens reaches the response facts', () => {
    const usage = { prompt_tokens: 2000, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 500, cache_write_tokens: 1200 } };
    const facts = openAIChat.parseResponse({ id: 'c', model: 'gpt-5', choices: [{ index: 0, finish_reason: 'stop' }], usage });
    expect(facts.usage).toEqual({ inputTokens: 2000, outputTokens: 10, cacheReadInputTokens: 500, cacheWriteInputTokens: 1200 });
    expect(facts.usage).toEqual(readUsage('openai.chat', usage));
  });

  it('Anthropic: without cache_creation_input_tokens, the writes are the cache_creation split', () => {
    const usage = {
      input_tokens: 50,
      output_tokens: 200,
      cache_read_input_tokens: 9000,
      cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 1000 },
    };
    const facts = anthropicMessages.parseResponse({ type: 'message', id: 'm', model: 'claude-sonnet-4-5', stop_reason: 'end_turn', usage });
    expect(facts.usage).toEqual({
      inputTokens: 50 + 1300 + 9000,
      outputTokens: 200,
      cacheReadInputTokens: 9000,
      cacheWriteInputTokens: 1300,
      cacheWrite5mInputTokens: 300,
      cacheWrite1hInputTokens: 1000,
    });
    expect(facts.usage).toEqual(readUsage('anthropic.messages', usage));
  });
});
