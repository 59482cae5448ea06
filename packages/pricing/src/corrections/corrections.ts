import type {
  Correction,
  FineTunedCorrection,
  TariffCorrection,
  TierFactorCorrection,
  TierPricesCorrection,
  TierUnpricedCorrection,
} from './correction-types.js';
import { DEEPSEEK_TARIFFS } from './deepseek-tariffs.js';

export type { Correction, TariffCorrection, TariffPeriod } from './correction-types.js';

/**
 * genai-otel's corrections: the billing rules and prices the price data (`@pydantic/genai-prices`)
 * lacks or gets wrong, in one reviewed table. Every entry names its source (the provider's own page
 * where it could be found; a quote of it otherwise, said so in `source`) and the day it was checked,
 * so that it can be dropped as soon as upstream has it. `corrections.test.ts` fails when an entry
 * duplicates what the bundled data already says.
 *
 * Prices are USD per 1M tokens in genai-prices keys (`input_mtok`, `cache_read_mtok`, `output_mtok`).
 */

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
  // ── DeepSeek tariffs by date (deepseek-tariffs.ts) ─────────────────────────────────────────────
  ...DEEPSEEK_TARIFFS,
];

export const TIER_CORRECTIONS = CORRECTIONS.filter(
  (c): c is TierFactorCorrection | TierPricesCorrection | TierUnpricedCorrection =>
    c.kind === 'tier-factor' || c.kind === 'tier-prices' || c.kind === 'tier-unpriced',
);
export const FINE_TUNED_CORRECTIONS = CORRECTIONS.filter((c): c is FineTunedCorrection => c.kind === 'fine-tuned');
export const TARIFF_CORRECTIONS = CORRECTIONS.filter((c): c is TariffCorrection => c.kind === 'tariff');
