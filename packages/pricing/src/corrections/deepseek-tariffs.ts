import type { TariffCorrection } from './correction-types.js';

/** DeepSeek's tariffs by date (time-of-day windows, holidays, model routing): entries of the corrections table. */

/** DeepSeek V4 peak windows, UTC (09:00–12:00 and 14:00–18:00 Beijing time). */
const DEEPSEEK_PEAK_UTC = [
  ['01:00', '04:00'],
  ['06:00', '10:00'],
] as const;
/**
 * Chinese public holidays of 2026 that fall on weekdays (local dates): off-peak all day like
 * weekends. The Chinese pricing page says peak hours are Monday–Friday "excluding statutory
 * holidays" (https://api-docs.deepseek.com/zh-cn/quick_start/pricing, as quoted with the State
 * Council calendar 国办发明电〔2025〕7号 by J-Chien/dsh-meter docs/examples/prices.deepseek.yaml).
 */
const CN_HOLIDAYS_2026 = dateRanges([
  ['2026-01-01', '2026-01-03'],
  ['2026-02-15', '2026-02-23'],
  ['2026-04-04', '2026-04-06'],
  ['2026-05-01', '2026-05-05'],
  ['2026-06-19', '2026-06-21'],
  ['2026-09-25', '2026-09-27'],
  ['2026-10-01', '2026-10-07'],
]);
/** Every date of the inclusive [first, last] ranges, as YYYY-MM-DD. */
function dateRanges(ranges: readonly (readonly [string, string])[]): string[] {
  const dates: string[] = [];
  for (const [first, last] of ranges) {
    for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`); day += 86_400_000) {
      dates.push(new Date(day).toISOString().slice(0, 10));
    }
  }
  return dates;
}
/** After 2026 (Beijing time) weekday peak windows are unknown until the next holiday calendar is reviewed in. */
const DEEPSEEK_WEEKDAYS = { utcOffsetHours: 8, holidays: CN_HOLIDAYS_2026, holidaysKnownUntil: '2026-12-31T16:00:00Z' };

export const DEEPSEEK_TARIFFS: readonly TariffCorrection[] = [
  // The data's deepseek-chat / deepseek-reasoner prices are the V3/R1 tariff with the 2025 off-peak
  // window (16:30–00:30 UTC) and no dates: it held from the first off-peak night to the V3.1 change.
  ...(['deepseek-chat', 'deepseek-reasoner'] as const).map(
    (model): TariffCorrection => ({
      kind: 'tariff',
      id: `deepseek-tariff-${model}`,
      provider: 'deepseek',
      model,
      boundaries: ['2025-02-26T16:30:00Z', '2025-09-05T16:00:00Z', '2025-09-29T00:00:00Z', '2026-04-24T00:00:00Z'],
      periods: [
        {
          until: '2025-02-26T16:30:00Z',
          use: 'unknown',
          why: "before DeepSeek's off-peak discount began (2025-02-27 00:30 Beijing time) the data has no tariff (e.g. the V3 promotion that ended 2025-02-08 16:00 UTC)",
        },
        { from: '2025-02-26T16:30:00Z', until: '2025-09-05T16:00:00Z', use: 'data' },
        {
          // DeepSeek-V3.1: the night discount ends at 16:00 UTC on 2025-09-05; one price all day.
          from: '2025-09-05T16:00:00Z',
          until: '2025-09-29T00:00:00Z',
          use: 'prices',
          prices: { input_mtok: 0.56, cache_read_mtok: 0.07, output_mtok: 1.68 },
        },
        {
          from: '2025-09-29T00:00:00Z',
          until: '2025-09-30T00:00:00Z',
          use: 'unknown',
          why: 'DeepSeek cut its prices with DeepSeek-V3.2-Exp on 2025-09-29 "effective immediately"; the instant is not documented',
        },
        {
          // DeepSeek-V3.2-Exp, then V3.2: $0.028 cache hit, $0.28 cache miss, $0.42 output.
          from: '2025-09-30T00:00:00Z',
          until: '2026-04-24T00:00:00Z',
          use: 'prices',
          prices: { input_mtok: 0.28, cache_read_mtok: 0.028, output_mtok: 0.42 },
        },
        {
          from: '2026-04-24T00:00:00Z',
          use: 'unknown',
          why: 'from the DeepSeek-V4 preview (2026-04-24) the deepseek-chat / deepseek-reasoner aliases were served by V4 models, repriced several times, and retired on 2026-07-24: no tariff can be placed',
        },
      ],
      source:
        'https://api-docs.deepseek.com/news/news250821 (V3.1: night discount removed from 16:00 UTC 2025-09-05; $0.07 hit / $0.56 miss / $1.68 output, confirmed by RooCodeInc/Roo-Code#9962); https://api-docs.deepseek.com/news/news250929 (V3.2-Exp, 50 %+ cut: $0.028 / $0.28 / $0.42, quoted in promptfoo/promptfoo#5787 and BerriAI/litellm#18884); off-peak start 2025-02-26: https://faxianai.com/news/7934.html (third-party report of the announcement); V4 aliases: BerriAI/litellm#29345, NousResearch/hermes-agent#33176',
      checked: '2026-12-07',
    }),
  ),
  {
    kind: 'tariff',
    id: 'deepseek-tariff-deepseek-v4-flash',
    provider: 'deepseek',
    model: 'deepseek-v4-flash',
    boundaries: ['2026-04-27T00:00:00Z', '2026-08-16T16:00:00Z', '2026-08-22T16:00:00Z', '2026-09-09T16:00:00Z', '2026-09-10T16:00:00Z'],
    periods: [
      {
        until: '2026-04-27T00:00:00Z',
        use: 'unknown',
        why: 'DeepSeek-V4 launched 2026-04-24 and cut cache-hit prices to a tenth on 2026-04-26 at an undocumented instant',
      },
      // The data's flat rate; its peak windows carry no date and do not apply before 2026-08-16.
      { from: '2026-04-27T00:00:00Z', until: '2026-08-16T16:00:00Z', use: 'prices', prices: { input_mtok: 0.14, cache_read_mtok: 0.0028, output_mtok: 0.28 } },
      {
        // Peak/off-peak from 16:00 UTC 2026-08-16 (00:00 2026-08-17 Beijing time), every day at first.
        from: '2026-08-16T16:00:00Z',
        until: '2026-08-22T16:00:00Z',
        use: 'peak-hours',
        offPeak: { input_mtok: 0.22, cache_read_mtok: 0.007, output_mtok: 0.66 },
        peak: { input_mtok: 0.44, cache_read_mtok: 0.014, output_mtok: 1.32 },
        peakUtc: DEEPSEEK_PEAK_UTC,
      },
      {
        // From 2026-08-23 (Beijing time) weekends — and public holidays — are off-peak all day.
        from: '2026-08-22T16:00:00Z',
        until: '2026-09-09T16:00:00Z',
        use: 'peak-hours',
        offPeak: { input_mtok: 0.22, cache_read_mtok: 0.007, output_mtok: 0.66 },
        peak: { input_mtok: 0.44, cache_read_mtok: 0.014, output_mtok: 1.32 },
        peakUtc: DEEPSEEK_PEAK_UTC,
        weekdays: DEEPSEEK_WEEKDAYS,
      },
      {
        from: '2026-09-09T16:00:00Z',
        until: '2026-09-10T16:00:00Z',
        use: 'unknown',
        why: 'DeepSeek-V4.1-Flash replaced V4-Flash and repriced it on 2026-09-10 (Beijing time) at an undocumented instant',
      },
      {
        // deepseek-v4-flash is retired and served by DeepSeek-V4.1-Flash, "billed at the Flash price".
        from: '2026-09-10T16:00:00Z',
        use: 'peak-hours',
        offPeak: { input_mtok: 0.15, cache_read_mtok: 0.003, output_mtok: 0.6 },
        peak: { input_mtok: 0.3, cache_read_mtok: 0.006, output_mtok: 1.2 },
        peakUtc: DEEPSEEK_PEAK_UTC,
        weekdays: DEEPSEEK_WEEKDAYS,
      },
    ],
    source:
      'https://api-docs.deepseek.com/quick_start/pricing and https://api-docs.deepseek.com/news/news260813 (peak/off-peak from 16:00 UTC 2026-08-16: pydantic/genai-prices#571, docs.apiyi.com/en/live/2026-08/deepseek-price-peak-tier); weekends off-peak after 2026-08-22T16:00Z (fkiene/llmtrim#270, genai-prices price_comments); V4.1-Flash prices quoted from the pricing page in 2389-research/dippin-lang#316; launch and 2026-04-26 cache cut: anomalyco/opencode#29008',
    checked: '2026-12-07',
  },
  {
    kind: 'tariff',
    id: 'deepseek-tariff-deepseek-v4-pro',
    provider: 'deepseek',
    model: 'deepseek-v4-pro',
    boundaries: ['2026-04-27T00:00:00Z', '2026-08-16T16:00:00Z', '2026-08-22T16:00:00Z', '2026-09-14T04:00:00Z'],
    periods: [
      {
        until: '2026-04-27T00:00:00Z',
        use: 'unknown',
        why: 'DeepSeek-V4-Pro launched 2026-04-24 at $1.74 / $3.48 and went to 75 % off on 2026-04-26 at an undocumented instant',
      },
      {
        from: '2026-04-27T00:00:00Z',
        until: '2026-08-16T16:00:00Z',
        use: 'prices',
        prices: { input_mtok: 0.435, cache_read_mtok: 0.003625, output_mtok: 0.87 },
      },
      {
        from: '2026-08-16T16:00:00Z',
        until: '2026-08-22T16:00:00Z',
        use: 'peak-hours',
        offPeak: { input_mtok: 0.66, cache_read_mtok: 0.022, output_mtok: 1.98 },
        peak: { input_mtok: 1.32, cache_read_mtok: 0.044, output_mtok: 3.96 },
        peakUtc: DEEPSEEK_PEAK_UTC,
      },
      {
        from: '2026-08-22T16:00:00Z',
        until: '2026-09-14T04:00:00Z',
        use: 'peak-hours',
        offPeak: { input_mtok: 0.66, cache_read_mtok: 0.022, output_mtok: 1.98 },
        peak: { input_mtok: 1.32, cache_read_mtok: 0.044, output_mtok: 3.96 },
        peakUtc: DEEPSEEK_PEAK_UTC,
        weekdays: DEEPSEEK_WEEKDAYS,
      },
      {
        from: '2026-09-14T04:00:00Z',
        use: 'unknown',
        why: 'from 2026-09-14 12:00 Beijing time deepseek-v4-pro requests were announced to be served by V4.1-Flash at the Flash price, while the pricing page later lists DeepSeek-V4-Pro-0813 at the Pro price: sources disagree',
      },
    ],
    source:
      'https://api-docs.deepseek.com/quick_start/pricing and https://api-docs.deepseek.com/news/news260813 (pydantic/genai-prices#571, #391); routing to Flash from 2026-09-14: VladoIvankovic/Codeep v3.3.0 release notes; V4-Pro-0813 at Pro prices: benderandrew069/deepseek-api-pricing-2026 (checked 2026-10-27)',
    checked: '2026-12-07',
  },
];
