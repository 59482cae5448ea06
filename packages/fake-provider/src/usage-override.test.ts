import { describe, expect, it } from 'vitest';
import { USAGE_OVERRIDE_KEYS, parseUsageOverride, parseUsageOverrideFor } from './usage-override.js';

describe('parseUsageOverride', () => {
  it('reads any subset of prompt, completion, cached, reasoning', () => {
    expect(parseUsageOverride('')).toEqual({ ok: true, override: {} });
    expect(parseUsageOverride('prompt=1200,completion=40,cached=1024,reasoning=16')).toEqual({
      ok: true,
      override: { prompt: 1200, completion: 40, cached: 1024, reasoning: 16 },
    });
    expect(parseUsageOverride(' completion = 200 ,')).toEqual({ ok: true, override: { completion: 200 } });
  });

  it.each([
    ['input=3', "Unknown x-fake-usage key 'input' (accepted: prompt, completion, cached, reasoning)."],
    ['prompt=1.5', "x-fake-usage 'prompt' must be a non-negative integer, got '1.5'."],
    ['cached', "x-fake-usage 'cached' must be a non-negative integer, got ''."],
  ])('rejects %j', (header, message) => {
    expect(parseUsageOverride(header)).toEqual({ ok: false, message });
  });
});

describe('parseUsageOverrideFor', () => {
  it('reads the keys of the API it is given', () => {
    expect(parseUsageOverrideFor('input=10,cache_read=900,cache_write_5m=5,cache_write_1h=7,output=3', USAGE_OVERRIDE_KEYS['anthropic.messages'])).toEqual({
      ok: true,
      override: { input: 10, cache_read: 900, cache_write_5m: 5, cache_write_1h: 7, output: 3 },
    });
    expect(parseUsageOverrideFor('prompt=5,candidates=2,thoughts=9,cached=1', USAGE_OVERRIDE_KEYS.gemini)).toEqual({
      ok: true,
      override: { prompt: 5, candidates: 2, thoughts: 9, cached: 1 },
    });
    expect(parseUsageOverrideFor('completion=1', USAGE_OVERRIDE_KEYS['openai.embeddings'])).toEqual({
      ok: false,
      message: "Unknown x-fake-usage key 'completion' (accepted: prompt).",
    });
  });
});
