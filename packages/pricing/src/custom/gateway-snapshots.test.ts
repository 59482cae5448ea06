import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { withoutSnapshot } from './compile-price-table.js';
import { AT, expectPriced, expectUsd } from '../../test/expect-priced.js';

// The gateway's own prices (a made-up "acme" gateway), USD per 1M tokens: gpt-4.1-mini $0.50 / $0.10
// cached / $2.00. OpenAI's list price of gpt-4.1-mini for comparison: $0.40 / $0.10 / $1.60
// (@pydantic/genai-prices 0.1.8 = OpenAI pricing page); gpt-4.1 $2.00 / $0.50 / $8.00.
const pricer = createPricer({
  customPrices: {
    version: 'acme-1',
    models: [{ model: 'gpt-4.1-mini', host: 'gateway.acme.internal', prices: { input: 0.5, cached_input: 0.1, output: 2.0 } }],
  },
});
const usage = { prompt_tokens: 1000, completion_tokens: 500, prompt_tokens_details: { cached_tokens: 200 } };

describe('custom entries and dated snapshots', () => {
  it('an entry for gpt-4.1-mini prices the dated model the response reports, reported as provider openai', () => {
    const result = expectPriced(
      pricer.price({ provider: 'openai', model: 'gpt-4.1-mini-2025-04-14', usage, serverAddress: 'gateway.acme.internal', timestamp: AT }),
    );
    // 800 × $0.50 + 200 × $0.10 + 500 × $2.00 per MTok = $0.0004 + $0.00002 + $0.001 (not OpenAI's $0.000340 + … list price)
    expectUsd(result.amount, (800 * 0.5) / 1e6 + (200 * 0.1) / 1e6 + (500 * 2.0) / 1e6);
    expect(result).toMatchObject({ source: 'custom', model: 'gpt-4.1-mini', provider: 'gateway.acme.internal' });
  });

  it('a gateway model the table has no entry for is priced at the list price, and source says so', () => {
    const result = expectPriced(
      pricer.price({ provider: 'openai', model: 'gpt-4.1-2025-04-14', usage, serverAddress: 'gateway.acme.internal', timestamp: AT }),
    );
    // OpenAI's list price: 800 × $2.00 + 200 × $0.50 + 500 × $8.00 per MTok
    expectUsd(result.amount, (800 * 2) / 1e6 + (200 * 0.5) / 1e6 + (500 * 8) / 1e6);
    expect(result).toMatchObject({
      source: 'price-table-fallback',
      provider: 'openai',
      notes: ["gateway.acme.internal has its own prices in the custom table but none for gpt-4.1-2025-04-14: priced at openai's list price"],
    });
    // The same call to OpenAI itself is a plain list price.
    expect(pricer.price({ provider: 'openai', model: 'gpt-4.1-2025-04-14', usage, serverAddress: 'api.openai.com', timestamp: AT })).toMatchObject({
      source: 'price-table',
    });
  });

  it('recognises snapshot suffixes only when they are dates', () => {
    expect(withoutSnapshot('gpt-4.1-mini-2025-04-14')).toBe('gpt-4.1-mini');
    expect(withoutSnapshot('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(withoutSnapshot('claude-sonnet-4-5@20250929')).toBe('claude-sonnet-4-5');
    expect(withoutSnapshot('gpt-4-0613')).toBe('gpt-4');
    expect(withoutSnapshot('qwen3-2507')).toBeUndefined();
    expect(withoutSnapshot('gpt-4.1-mini-2025-02-30')).toBeUndefined();
    expect(withoutSnapshot('llama-3.3-70b')).toBeUndefined();
  });

  it('an exact entry wins over the undated one', () => {
    const both = createPricer({
      customPrices: {
        models: [
          { model: 'm-1', provider: 'acme', prices: { input: 1, output: 1 } },
          { model: 'm-1-2026-01-01', provider: 'acme', prices: { input: 2, output: 2 } },
        ],
      },
    });
    const dated = expectPriced(
      both.price({ provider: 'acme', model: 'm-1-2026-01-01', usage: { prompt_tokens: 1e6, completion_tokens: 0 }, usageFormat: 'openai.chat' }),
    );
    expectUsd(dated.amount, 2);
    const other = expectPriced(
      both.price({ provider: 'acme', model: 'm-1-2026-02-01', usage: { prompt_tokens: 1e6, completion_tokens: 0 }, usageFormat: 'openai.chat' }),
    );
    expectUsd(other.amount, 1);
  });
});
