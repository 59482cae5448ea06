import { describe, expect, it } from 'vitest';
import { seedFrom } from './seed.js';

describe('seedFrom', () => {
  it('is deterministic in the text and independent per label', () => {
    const seed = seedFrom('{"model":"gpt-4o"}');
    expect(seedFrom('{"model":"gpt-4o"}').id('id', 29)).toBe(seed.id('id', 29));
    expect(seed.id('id', 29)).toMatch(/^[0-9A-Za-z]{29}$/);
    expect(seed.id('other', 29)).not.toBe(seed.id('id', 29));
    expect(seedFrom('{"model":"gpt-4.1"}').id('id', 29)).not.toBe(seed.id('id', 29));
    expect(seed.int('n')).toBe(seedFrom('{"model":"gpt-4o"}').int('n'));
    expect(seed.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
