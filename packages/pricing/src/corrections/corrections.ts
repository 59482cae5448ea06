import type { ModelPrice } from '@pydantic/genai-prices';
import type { PricedServiceTier, TokenClass } from '../types.js';

/**
 * genai-otel's corrections: the billing rules and prices the price data (`@pydantic/genai-prices`)
 * lacks or gets wrong, in one reviewed table. Every entry names its source (the provider's own page
 * where it could be found; a quote of it otherwise, said so in `source`) and the day it was checked,
 * so that it can be dropped as soon as upstream has it. `corrections.test.ts` fails when an entry
 * duplicates what the bundled data already says.
 *
 * Prices are USD per 1M tokens in genai-prices keys (`input_mtok`, `cache_read_mtok`, `output_mtok`).
 */

interface Reviewed {
  /** Stable id (used in notes and tests). */
  id: string;
  /** Where the rule or price comes from (URL; "as quoted by …" when only a quote was found). */
  source: string;
  /** Day the source was last read (YYYY-MM-DD). */
  checked: string;
}

/** Provider families whose calls the tier rules cover (the price-table provider ids). */
export type TierFamily = 'openai' | 'anthropic' | 'google';

/** A service tier priced as a factor of the standard prices, on every token class but `exempt`. */
export interface TierFactorCorrection extends Reviewed {
  kind: 'tier-factor';
  family: TierFamily;
  tier: Exclude<PricedServiceTier, 'standard'>;
  /** Canonical model ids (price-data ids) it applies to; undefined: every model of the family. */
  models?: readonly string[];
  /** Canonical model id prefixes it applies to (e.g. `gemini`), when `models` is undefined. */
  modelPrefix?: string;
  multiplier: number;
  /** Token classes billed at the standard price in this tier. */
  exempt?: readonly TokenClass[];
}

/** A service tier with prices of its own per model (OpenAI Priority lists them per model). */
export interface TierPricesCorrection extends Reviewed {
  kind: 'tier-prices';
  family: TierFamily;
  tier: Exclude<PricedServiceTier, 'standard'>;
  /** The model names the row lists, as a pattern over the call's (lower-cased) model name, dated snapshots included. */
  model: RegExp;
  /** The row's label on the page. */
  label: string;
  prices: ModelPrice;
  /** The tier does not serve requests above this many input tokens ("excludes long context"). */
  maxInputTokens?: number;
}

/** A tier the provider bills in a way that is not a per-token price (a capacity commitment). */
export interface TierUnpricedCorrection extends Reviewed {
  kind: 'tier-unpriced';
  family: TierFamily;
  tier: string;
  detail: string;
}

/** Fine-tuned model inference prices per base model (`ft:<base>:<org>[:<suffix>]:<id>`). */
export interface FineTunedCorrection extends Reviewed {
  kind: 'fine-tuned';
  provider: 'openai';
  /** Base model family as OpenAI names it (the base in the id is this, optionally with a -YYYY-MM-DD snapshot date). */
  base: string;
  /** Snapshot the page lists (used as the canonical model id). */
  snapshot: string;
  prices: ModelPrice;
}

/** One period of a model's tariff: [from, until), instants in UTC. */
export type TariffPeriod = { from?: string; until?: string } & (
  | { use: 'data' }
  | { use: 'prices'; prices: ModelPrice }
  | {
      use: 'peak-hours';
      offPeak: ModelPrice;
      peak: ModelPrice;
      /** Peak windows, `HH:MM` UTC, [start, end). */
      peakUtc: readonly (readonly [string, string])[];
      /**
       * Peak only Monday to Friday of this calendar (hours from UTC), minus `holidays` (local dates).
       * After `holidaysKnownUntil` a weekday's peak window cannot be placed (it may be a holiday).
       */
      weekdays?: { utcOffsetHours: number; holidays: readonly string[]; holidaysKnownUntil: string };
    }
  | { use: 'unknown'; why: string }
);

/** A model's tariffs by date, where the data cannot place its prices in time or places them wrong. */
export interface TariffCorrection extends Reviewed {
  kind: 'tariff';
  /** Price-table provider id. */
  provider: string;
  /** Canonical model id. */
  model: string;
  /** Consecutive periods; a timestamp in none of them cannot be priced. */
  periods: readonly TariffPeriod[];
  /** Instants the data should place a change at; when the data has a `start_date` equal to one, it caught up. */
  boundaries: readonly string[];
}

export type Correction = TierFactorCorrection | TierPricesCorrection | TierUnpricedCorrection | FineTunedCorrection | TariffCorrection;

const OPENAI_PRICING = 'https://platform.openai.com/docs/pricing';
const OPENAI_PRIORITY = 'https://openai.com/api-priority-processing/';
const OPENAI_FAST = 'https://openai.com/es-419/api-fast-mode/';
/** OpenAI priority: "excludes long context" — footnote 1: "Requests estimated at >128K prompt tokens". */
const PRIORITY_MAX_INPUT = 128_000;
/** A model name, optionally followed by a dated snapshot suffix. */
const dated = (name: string): RegExp => new RegExp(`^${name.replace(/[.]/g, '\\.')}(-\\d{4}-\\d{2}-\\d{2})?$`);
const priority = (
  id: string,
  label: string,
  model: RegExp,
  input: number,
  cached: number | undefined,
  output: number,
  longContextExcluded: boolean,
  source = OPENAI_PRIORITY,
): TierPricesCorrection => ({
  kind: 'tier-prices',
  id,
  family: 'openai',
  tier: 'priority',
  model,
  label,
  prices: { input_mtok: input, ...(cached === undefined ? {} : { cache_read_mtok: cached }), output_mtok: output },
  ...(longContextExcluded ? { maxInputTokens: PRIORITY_MAX_INPUT } : {}),
  source,
  checked: '2026-12-07',
});

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

export const CORRECTIONS: readonly Correction[] = [
  // ── Service tiers: factors ────────────────────────────────────────────────────────────────────
  {
    kind: 'tier-factor',
    id: 'openai-batch',
    family: 'openai',
    tier: 'batch',
    multiplier: 0.5,
    source: `${OPENAI_PRICING} (Batch API: 50 % of standard; billing-rules.md §2.5)`,
    checked: '2026-11-22',
  },
  {
    kind: 'tier-factor',
    id: 'openai-flex',
    family: 'openai',
    tier: 'flex',
    multiplier: 0.5,
    source: 'https://platform.openai.com/docs/guides/flex-processing (Flex is priced "at Batch API rates"; billing-rules.md §2.5)',
    checked: '2026-11-22',
  },
  {
    kind: 'tier-factor',
    id: 'anthropic-batch',
    family: 'anthropic',
    tier: 'batch',
    multiplier: 0.5,
    source:
      'https://docs.anthropic.com/en/docs/build-with-claude/batch-processing (50 % off input and output; stacks with cache multipliers and long context; billing-rules.md §3.2)',
    checked: '2026-11-22',
  },
  {
    kind: 'tier-factor',
    id: 'gemini-batch',
    family: 'google',
    tier: 'batch',
    modelPrefix: 'gemini',
    multiplier: 0.5,
    // Batch halves input and output; cache hits are billed at the standard cached price.
    exempt: ['cached_input', 'cached_input_audio', 'cached_input_image', 'cached_input_video'],
    source:
      'https://ai.google.dev/gemini-api/docs/batch-mode (50 % of the standard price; cache hits at the standard cached price) and https://ai.google.dev/gemini-api/docs/pricing ("Batch API offers 50% discount on input/output", quoted in genai-prices price_comments)',
    checked: '2026-12-07',
  },
  {
    kind: 'tier-factor',
    id: 'gemini-flex',
    family: 'google',
    tier: 'flex',
    modelPrefix: 'gemini',
    multiplier: 0.5,
    exempt: ['cached_input', 'cached_input_audio', 'cached_input_image', 'cached_input_video'],
    source:
      'https://ai.google.dev/gemini-api/docs/optimization (Flex: 50 % discount) and https://ai.google.dev/gemini-api/docs/pricing ("Batch and Flex tiers offer 50% discount on input/output", quoted in genai-prices price_comments)',
    checked: '2026-12-07',
  },
  {
    kind: 'tier-factor',
    id: 'gemini-priority',
    family: 'google',
    tier: 'priority',
    // The optimization page gives "75% to 100% more than standard" by model: only the models whose
    // price is stated are priced.
    models: ['gemini-3.7-flash', 'gemini-3.8-flash'],
    multiplier: 1.8,
    source:
      'https://ai.google.dev/gemini-api/docs/pricing ("Priority tier is 1.8x", quoted in genai-prices price_comments of gemini-3.7-flash and gemini-3.8-flash); other models: "75% to 100% more than standard" (https://ai.google.dev/gemini-api/docs/optimization) → unknown',
    checked: '2026-12-07',
  },
  // ── Service tiers: no per-token price ─────────────────────────────────────────────────────────
  {
    kind: 'tier-unpriced',
    id: 'openai-scale',
    family: 'openai',
    tier: 'scale',
    detail: 'OpenAI Scale Tier is billed as reserved capacity, not per token',
    source: `${OPENAI_PRICING} (billing-rules.md §2.4)`,
    checked: '2026-11-22',
  },
  {
    kind: 'tier-unpriced',
    id: 'anthropic-priority',
    family: 'anthropic',
    tier: 'priority',
    detail: 'Anthropic Priority Tier is a capacity commitment; no per-token price is documented',
    source: 'https://docs.anthropic.com/en/api/service-tiers (billing-rules.md §5)',
    checked: '2026-11-22',
  },
  {
    kind: 'tier-unpriced',
    id: 'vertex-provisioned',
    family: 'google',
    tier: 'provisioned',
    detail: 'Vertex Provisioned Throughput is prepaid capacity, not billed per token',
    source: 'https://cloud.google.com/vertex-ai/generative-ai/pricing (billing-rules.md §4.1)',
    checked: '2026-11-22',
  },
  // ── OpenAI Priority processing ("Fast mode" since 2026-07-30): prices per model ───────────────
  // USD per 1M tokens: input, cached input, output, from the page's table. "excludes long context":
  // requests estimated at >128K prompt tokens are not served at priority.
  priority('openai-priority-gpt-5.6-sol', 'GPT-5.6 Sol', dated('gpt-5.6-sol'), 10.0, 1.0, 60.0, true, OPENAI_FAST),
  priority('openai-priority-gpt-5.6-terra', 'GPT-5.6 Terra', dated('gpt-5.6-terra'), 4.0, 0.4, 24.0, true, OPENAI_FAST),
  priority('openai-priority-gpt-5.6-luna', 'GPT-5.6 Luna', dated('gpt-5.6-luna'), 0.4, 0.04, 2.4, true, OPENAI_FAST),
  priority('openai-priority-gpt-5.5', 'GPT-5.5', dated('gpt-5.5'), 12.5, 1.25, 75.0, true),
  priority('openai-priority-gpt-5.4-mini', 'GPT-5.4 mini', dated('gpt-5.4-mini'), 1.5, 0.15, 9.0, true),
  priority('openai-priority-gpt-5.4', 'GPT-5.4', dated('gpt-5.4'), 5.0, 0.5, 30.0, true),
  priority('openai-priority-gpt-5.2', 'GPT-5.2', dated('gpt-5.2'), 3.5, 0.35, 28.0, true),
  priority('openai-priority-gpt-5.1', 'GPT-5.1 / GPT-5.1 codex', /^gpt-5\.1(-codex)?(-\d{4}-\d{2}-\d{2})?$/, 2.5, 0.25, 20.0, true),
  priority('openai-priority-gpt-5', 'GPT-5 / GPT-5 codex', /^gpt-5(-codex)?(-\d{4}-\d{2}-\d{2})?$/, 2.5, 0.25, 20.0, true),
  priority('openai-priority-gpt-5-mini', 'GPT-5 mini', dated('gpt-5-mini'), 0.45, 0.045, 3.6, true),
  priority('openai-priority-gpt-4.1', 'GPT-4.1', dated('gpt-4.1'), 3.5, 0.875, 14.0, true),
  priority('openai-priority-gpt-4.1-mini', 'GPT-4.1 mini', dated('gpt-4.1-mini'), 0.7, 0.175, 2.8, true),
  priority('openai-priority-gpt-4.1-nano', 'GPT-4.1 nano', dated('gpt-4.1-nano'), 0.2, 0.05, 0.8, true),
  priority('openai-priority-gpt-4o', 'GPT-4o (gpt-4o-2024-11-20, gpt-4o-2024-08-06)', /^gpt-4o(-2024-11-20|-2024-08-06)?$/, 4.25, 2.125, 17.0, false),
  // No cached price listed for this snapshot (the data has no cached price for it either).
  priority('openai-priority-gpt-4o-2024-05-13', 'gpt-4o-2024-05-13', /^gpt-4o-2024-05-13$/, 8.75, undefined, 26.25, false),
  priority('openai-priority-gpt-4o-mini', 'GPT-4o mini', dated('gpt-4o-mini'), 0.25, 0.125, 1.0, false),
  priority('openai-priority-o3', 'o3', dated('o3'), 3.5, 0.875, 14.0, false),
  priority('openai-priority-o4-mini', 'o4-mini', dated('o4-mini'), 2.0, 0.5, 8.0, false),
  // ── OpenAI fine-tuned models: inference prices per base model ─────────────────────────────────
  {
    kind: 'fine-tuned',
    id: 'openai-ft-gpt-4.1',
    provider: 'openai',
    base: 'gpt-4.1',
    snapshot: 'gpt-4.1-2025-04-14',
    prices: { input_mtok: 3.0, cache_read_mtok: 0.75, output_mtok: 12.0 },
    source:
      'https://platform.openai.com/docs/pricing#fine-tuning (gpt-4.1-2025-04-14: input $3.00, cached input $0.75, output $12.00), as quoted by https://www.oreateai.com/blog/decoding-the-mini-in-ai-understanding-gpt41-mini-pricing/cb239dbdf44f0a35a7887f6d9b24b104',
    checked: '2026-12-07',
  },
  {
    kind: 'fine-tuned',
    id: 'openai-ft-gpt-4.1-mini',
    provider: 'openai',
    base: 'gpt-4.1-mini',
    snapshot: 'gpt-4.1-mini-2025-04-14',
    prices: { input_mtok: 0.8, cache_read_mtok: 0.2, output_mtok: 3.2 },
    source:
      'https://platform.openai.com/docs/pricing#fine-tuning (gpt-4.1-mini-2025-04-14: input $0.80, cached input $0.20, output $3.20), as quoted by https://www.oreateai.com/blog/decoding-the-mini-in-ai-understanding-gpt41-mini-pricing/cb239dbdf44f0a35a7887f6d9b24b104',
    checked: '2026-12-07',
  },
  // ── DeepSeek tariffs by date ──────────────────────────────────────────────────────────────────
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

export const TIER_CORRECTIONS = CORRECTIONS.filter(
  (c): c is TierFactorCorrection | TierPricesCorrection | TierUnpricedCorrection =>
    c.kind === 'tier-factor' || c.kind === 'tier-prices' || c.kind === 'tier-unpriced',
);
export const FINE_TUNED_CORRECTIONS = CORRECTIONS.filter((c): c is FineTunedCorrection => c.kind === 'fine-tuned');
export const TARIFF_CORRECTIONS = CORRECTIONS.filter((c): c is TariffCorrection => c.kind === 'tariff');
