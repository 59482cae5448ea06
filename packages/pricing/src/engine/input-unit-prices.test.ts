// breakdown.inputUnitPrices: the unit price of every input-side class as it applies to the call, used by the class or
// not (for avoidable-spend arithmetic: a cache read priced as uncached input, a miss priced as a cache read).
import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';

const pricer = createPricer();

function unitPrices(input: Parameters<typeof pricer.price>[0]) {
  const result = pricer.price(input);
  if (result.status !== 'priced') throw new Error(`not priced: ${JSON.stringify(result)}`);
  return result.breakdown;
}

describe('inputUnitPrices', () => {
  it('has the cached-input price of a call that read nothing from the cache (gpt-4.1: 2.00 in, 0.50 cached)', () => {
    const breakdown = unitPrices({ provider: 'openai', model: 'gpt-4.1', usage: { prompt_tokens: 3000, completion_tokens: 50 }, usageFormat: 'openai.chat' });
    expect(breakdown.lines.map((line) => line.tokenClass)).toEqual(['input', 'output']);
    expect(breakdown.inputUnitPrices).toMatchObject({ input: 2, cached_input: 0.5 });
  });

  it('has the input price of an Anthropic call and the TTL write prices (claude-sonnet-4-6: 3.00 in, 0.30 read, 3.75 5m, 6.00 1h)', () => {
    const breakdown = unitPrices({
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      usage: { input_tokens: 0, output_tokens: 60, cache_read_input_tokens: 3000, cache_creation_input_tokens: 0 },
      usageFormat: 'anthropic.messages',
    });
    expect(breakdown.lines.map((line) => line.tokenClass)).toEqual(['cached_input', 'output']);
    expect(breakdown.inputUnitPrices).toMatchObject({ input: 3, cached_input: 0.3, cache_write_5m: 3.75, cache_write_1h: 6 });
    expect(breakdown.inputUnitPrices?.output).toBeUndefined();
  });

  it('applies the service tier as the lines do (Gemini batch halves input, cache hits stay at the standard price)', () => {
    const breakdown = unitPrices({
      provider: 'gcp.gemini',
      model: 'gemini-2.5-flash',
      usage: { promptTokenCount: 1000, candidatesTokenCount: 200, cachedContentTokenCount: 400 },
      usageFormat: 'gemini',
      batch: true,
    });
    // gemini-2.5-flash: 0.30 in, 0.03 cached; batch: 0.30 × 0.5 = 0.15, cached exempt.
    expect(breakdown.inputUnitPrices).toMatchObject({ input: 0.15, cached_input: 0.03 });
    expect(breakdown.lines.find((line) => line.tokenClass === 'input')?.pricePerMTok).toBe(0.15);
  });

  it('is absent when nothing was priced from the table (a flex request answered 429: not billed)', () => {
    const result = pricer.price({
      provider: 'openai',
      model: 'gpt-4.1',
      usage: undefined,
      outcome: 'http_error',
      httpStatus: 429,
      requestedServiceTier: 'flex',
    });
    expect(result).toMatchObject({ status: 'priced', amount: 0, zeroCostReason: 'error_not_billed' });
    expect(result.status === 'priced' ? result.breakdown.inputUnitPrices : 'unknown').toBeUndefined();
  });
});
