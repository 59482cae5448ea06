import { describe, expect, it } from 'vitest';
import { inferUsageFormat } from './infer-usage-format.js';
import { readUsage } from './read-usage.js';
import { UsageError } from './usage-error.js';

describe('inferUsageFormat', () => {
  it('recognises each provider shape', () => {
    expect(inferUsageFormat('openai', { prompt_tokens: 1, completion_tokens: 1 })).toBe('openai.chat');
    expect(inferUsageFormat('openai', { input_tokens: 1, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 } })).toBe('openai.responses');
    expect(inferUsageFormat('openai', { input_tokens: 1, output_tokens: 1, cache_read_input_tokens: 0 })).toBe('anthropic.messages');
    expect(inferUsageFormat('anthropic', { input_tokens: 1, output_tokens: 1 })).toBe('anthropic.messages');
    expect(inferUsageFormat('gcp.vertex_ai', { promptTokenCount: 1 })).toBe('gemini');
    expect(inferUsageFormat('gcp.gemini', { usageMetadata: { promptTokenCount: 1 } })).toBe('gemini');
    expect(inferUsageFormat('openai', { prompt_tokens: 1, prompt_cache_hit_tokens: 0 })).toBe('deepseek');
    expect(inferUsageFormat('deepseek', { prompt_tokens: 1, completion_tokens: 1 })).toBe('deepseek');
    expect(inferUsageFormat('openai', { id: 'chatcmpl-1', usage: { prompt_tokens: 1 } })).toBe('openai.chat');
    expect(inferUsageFormat('openai', { tokens: 3 })).toBeUndefined();
    expect(inferUsageFormat('openai', null)).toBeUndefined();
  });

  it('normalizeUsage throws UsageError for a wrong shape or an unknown format', () => {
    expect(() => readUsage('gemini', { prompt_tokens: 1 })).toThrow(UsageError);
    // @ts-expect-error -- an unknown format, as untyped callers could pass
    expect(() => readUsage('cobol', {})).toThrow("unknown usage format 'cobol'");
    expect(readUsage('openai.chat', { usage: { prompt_tokens: 5, completion_tokens: 2 } })).toMatchObject({ inputTokens: 5, outputTokens: 2 });
  });
});
