import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { expectPriced, expectUsd } from '../../test/expect-priced.js';

// DeepSeek tariffs (src/corrections/corrections.ts, each with its source), USD per 1M tokens,
// cache miss / cache hit / output:
//   deepseek-chat, 2025-02-26 16:30 UTC – 2025-09-05 16:00 UTC: the data's V3 tariff, $0.27 / $0.07 / $1.10
//     from 00:30 to 16:30 UTC, $0.135 / $0.035 / $0.55 off-peak (api-docs.deepseek.com, genai-prices 0.1.8);
//   from 2025-09-05 16:00 UTC (V3.1, night discount removed): $0.56 / $0.07 / $1.68 all day;
//   2025-09-29 (V3.2-Exp cut, instant undocumented): unknown; from 2025-09-30: $0.28 / $0.028 / $0.42;
//   from 2026-04-24 (V4 aliases): unknown.
//   deepseek-v4-flash: $0.14 / $0.0028 / $0.28 flat until 2026-08-16 16:00 UTC; then off-peak $0.22 / $0.007 /
//   $0.66, peak (01:00–04:00 and 06:00–10:00 UTC) $0.44 / $0.014 / $1.32; from 2026-08-22 16:00 UTC weekends and
//   Chinese public holidays (Beijing dates) are off-peak; 2026-09-10 (V4.1-Flash) unknown; from 2026-09-10 16:00
//   UTC off-peak $0.15 / $0.003 / $0.60, peak $0.30 / $0.006 / $1.20.
const pricer = createPricer();
const usage = { prompt_tokens: 1000, prompt_cache_hit_tokens: 300, prompt_cache_miss_tokens: 700, completion_tokens: 100 };
const at = (model: string, iso: string) => pricer.price({ provider: 'deepseek', model, usage, timestamp: new Date(iso) });
/** 700 cache misses, 300 hits, 100 output tokens at the given prices per MTok. */
const cost = (miss: number, hit: number, output: number) => (700 * miss) / 1e6 + (300 * hit) / 1e6 + (100 * output) / 1e6;

describe('DeepSeek tariffs by timestamp', () => {
  it('deepseek-chat before the first tariff the data can place is unknown', () => {
    expect(at('deepseek-chat', '2025-02-20T12:00:00Z')).toMatchObject({ status: 'unknown', reason: 'unknown_tariff' });
    expectUsd(expectPriced(at('deepseek-chat', '2025-02-26T16:30:00Z')).amount, cost(0.135, 0.035, 0.55));
  });

  it('deepseek-chat on each side of the end of the night discount (2025-09-05 16:00 UTC)', () => {
    // 15:59 UTC: standard hours of the old tariff.
    expectUsd(expectPriced(at('deepseek-chat', '2025-09-05T15:59:00Z')).amount, cost(0.27, 0.07, 1.1));
    // 16:00 UTC: the V3.1 price, although the old tariff's standard hours ran to 16:30.
    expectUsd(expectPriced(at('deepseek-chat', '2025-09-05T16:00:00Z')).amount, cost(0.56, 0.07, 1.68));
    // 20:00 UTC: the data would give the off-peak $0.135; the discount is gone.
    const night = expectPriced(at('deepseek-chat', '2025-09-05T20:00:00Z'));
    expectUsd(night.amount, cost(0.56, 0.07, 1.68));
    expect(night.notes).toEqual(['tariff deepseek-tariff-deepseek-chat (2025-09-05T16:00:00Z – 2025-09-29T00:00:00Z)']);
    // deepseek-reasoner had the same V3.1 price: $0.56 / $0.07 / $1.68 (was $0.55 / $0.14 / $2.19 at standard hours).
    expectUsd(expectPriced(at('deepseek-reasoner', '2025-09-05T15:00:00Z')).amount, cost(0.55, 0.14, 2.19));
    expectUsd(expectPriced(at('deepseek-reasoner', '2025-09-06T15:00:00Z')).amount, cost(0.56, 0.07, 1.68));
  });

  it('deepseek-chat around the V3.2-Exp price cut (2025-09-29, instant undocumented)', () => {
    expectUsd(expectPriced(at('deepseek-chat', '2025-09-28T23:59:00Z')).amount, cost(0.56, 0.07, 1.68));
    expect(at('deepseek-chat', '2025-09-29T12:00:00Z')).toMatchObject({ status: 'unknown', reason: 'unknown_tariff' });
    expectUsd(expectPriced(at('deepseek-chat', '2025-09-30T00:00:00Z')).amount, cost(0.28, 0.028, 0.42));
  });

  it('deepseek-chat after the V4 aliases (2026-04-24) is unknown', () => {
    expectUsd(expectPriced(at('deepseek-chat', '2026-04-23T23:59:00Z')).amount, cost(0.28, 0.028, 0.42));
    const after = at('deepseek-chat', '2026-11-20T12:00:00Z');
    expect(after).toMatchObject({ status: 'unknown', reason: 'unknown_tariff' });
  });

  it('deepseek-v4-flash on each side of the peak/off-peak start at 16:00 UTC 2026-08-16 (the data says 2026-08-17 00:00 UTC)', () => {
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-08-16T15:59:00Z')).amount, cost(0.14, 0.0028, 0.28));
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-08-16T16:00:00Z')).amount, cost(0.22, 0.007, 0.66));
    // Monday 03:00 UTC (11:00 Beijing): peak.
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-08-17T03:00:00Z')).amount, cost(0.44, 0.014, 1.32));
    // Before the change the data's undated peak windows do not apply: 02:00 UTC on 2026-08-10 is the flat rate.
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-08-10T02:00:00Z')).amount, cost(0.14, 0.0028, 0.28));
  });

  it('deepseek-v4-flash weekends and holidays are off-peak from 2026-08-22 16:00 UTC', () => {
    // Saturday 2026-08-22 03:00 UTC, before the weekend rule: peak.
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-08-22T03:00:00Z')).amount, cost(0.44, 0.014, 1.32));
    // Saturday 2026-08-29 03:00 UTC: off-peak (the data says peak).
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-08-29T03:00:00Z')).amount, cost(0.22, 0.007, 0.66));
  });

  it('deepseek-v4-flash around V4.1-Flash (2026-09-10) and after the reviewed holiday calendar', () => {
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-09-09T03:00:00Z')).amount, cost(0.44, 0.014, 1.32));
    expect(at('deepseek-v4-flash', '2026-09-10T03:00:00Z')).toMatchObject({ status: 'unknown', reason: 'unknown_tariff' });
    // Friday 2026-09-11 03:00 UTC: V4.1-Flash peak.
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-09-11T03:00:00Z')).amount, cost(0.3, 0.006, 1.2));
    // Thursday 2026-10-01 03:00 UTC: National Day, off-peak.
    expectUsd(expectPriced(at('deepseek-v4-flash', '2026-10-01T03:00:00Z')).amount, cost(0.15, 0.003, 0.6));
    // After the reviewed 2026 holiday calendar: a weekday peak window may be a holiday → unknown; off-peak hours
    // and weekends are known. Tuesday 2027-01-05 03:00 UTC, then 12:00 UTC the same day, then Saturday 2027-01-09.
    expect(at('deepseek-v4-flash', '2027-01-05T03:00:00Z')).toMatchObject({ status: 'unknown', reason: 'unknown_tariff' });
    expectUsd(expectPriced(at('deepseek-v4-flash', '2027-01-05T12:00:00Z')).amount, cost(0.15, 0.003, 0.6));
    expectUsd(expectPriced(at('deepseek-v4-flash', '2027-01-09T03:00:00Z')).amount, cost(0.15, 0.003, 0.6));
  });

  it('deepseek-v4-pro after 2026-09-14 04:00 UTC is unknown (sources disagree)', () => {
    // Friday 2026-09-11 20:00 UTC: off-peak $0.66 / $0.022 / $1.98.
    expectUsd(expectPriced(at('deepseek-v4-pro', '2026-09-11T20:00:00Z')).amount, cost(0.66, 0.022, 1.98));
    expect(at('deepseek-v4-pro', '2026-09-14T04:00:00Z')).toMatchObject({ status: 'unknown', reason: 'unknown_tariff' });
  });
});
