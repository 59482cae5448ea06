import { describe, expect, it } from 'vitest';
import { cacheableTokens, promptCacheMinimumTokens } from './prompt-cache-rules.js';

describe('promptCacheMinimumTokens', () => {
  it.each([
    ['openai', 'gpt-4.1', 1024],
    ['azure.ai.openai', 'gpt-4o', 1024],
    ['anthropic', 'claude-sonnet-4-5-20250929', 1024],
    ['anthropic', 'claude-sonnet-4-6', 2048],
    ['anthropic', 'claude-opus-4-1-20250805', 1024],
    ['anthropic', 'claude-opus-4-20250514', 1024],
    ['anthropic', 'claude-sonnet-4@20250514', 1024],
    ['anthropic', 'claude-opus-4-5', 4096],
    ['anthropic', 'claude-opus-4-6', 4096],
    ['anthropic', 'claude-haiku-4-5-20251001', 4096],
    ['anthropic', 'claude-3-7-sonnet-20250219', 1024],
    ['anthropic', 'claude-3-5-haiku-20241022', 2048],
    ['anthropic', 'claude-3-haiku-20240307', 2048],
    ['anthropic', 'claude-next-unknown', 4096],
    ['gcp.gemini', 'gemini-2.5-flash', 2048],
    ['gcp.vertex_ai', 'gemini-2.5-pro', 2048],
    ['gcp.gemini', 'gemini-3-pro-preview', 4096],
    ['deepseek', 'deepseek-v4-flash', undefined],
    ['openai_compatible', 'llama-3', undefined],
  ] as const)('%s %s → %s', (provider, model, expected) => {
    expect(promptCacheMinimumTokens(provider, model)).toBe(expected);
  });

  it('OpenAI caches in 128-token steps from 1,024', () => {
    expect(cacheableTokens('openai', 1023, 1024)).toBe(0);
    expect(cacheableTokens('openai', 1024, 1024)).toBe(1024);
    expect(cacheableTokens('openai', 1151, 1024)).toBe(1024);
    expect(cacheableTokens('openai', 3000, 1024)).toBe(2944); // 1,024 + ⌊1,976 / 128⌋ × 128 = 1,024 + 15 × 128
    expect(cacheableTokens('anthropic', 3000, 2048)).toBe(3000);
  });
});
