import { describe, expect, it } from 'vitest';
import { parseUsageOverride } from './usage-override.js';

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
