import { describe, expect, it } from 'vitest';
import { inferUsageFormat, UsageError } from '@genai-otel/providers';
import { createPricer } from '../create-pricer.js';
import { normalizeUsage } from './normalize-usage.js';

// The metrics of an Ollama chat's final object (docs/api.md "Chat request (Structured outputs)").
const METRICS = {
  total_duration: 2254970291,
  load_duration: 574751416,
  prompt_eval_count: 34,
  prompt_eval_duration: 1502000000,
  eval_count: 12,
  eval_duration: 175000000,
};
const AT = new Date('2026-06-01T00:00:00Z');

describe('ollama.chat usage', () => {
  it('input = prompt_eval_count, output = eval_count, nothing else', () => {
    expect(normalizeUsage('ollama.chat', METRICS)).toMatchObject({ inputTokens: 34, outputTokens: 12, cacheReadInputTokens: 0, reasoningOutputTokens: 0 });
    expect(normalizeUsage('ollama.chat', { eval_count: 3 })).toMatchObject({ inputTokens: 0, outputTokens: 3 });
    expect(() => normalizeUsage('ollama.chat', { total_duration: 1 })).toThrow(UsageError);
    expect(inferUsageFormat('ollama', METRICS)).toBe('ollama.chat');
  });

  it('self-hosted: unknown without a price; a custom price prices it', () => {
    const input = { provider: 'ollama', model: 'llama3.2', usage: METRICS, usageFormat: 'ollama.chat' as const, timestamp: AT };
    expect(createPricer().price(input)).toMatchObject({ status: 'unknown', reason: 'unknown_provider' });
    const custom = createPricer({
      customPrices: { version: 'gpu-hour', models: [{ model: 'llama3.2', provider: 'ollama', prices: { input: 0.1, output: 0.4 } }] },
    });
    expect(custom.price(input)).toMatchObject({ status: 'priced', amount: (34 * 0.1 + 12 * 0.4) / 1e6, currency: 'USD' });
  });
});
