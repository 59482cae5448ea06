import type { CustomServiceTiers, PricedServiceTier } from '../types.js';
import type { ProviderFamily } from '../table/table-provider.js';

/**
 * Service-tier and Batch pricing: the multipliers genai-prices does not model for direct providers
 * (its data has no flex/priority/batch prices for OpenAI, Anthropic or Google; billing-rules.md §7.3).
 * Every multiplier in this file carries its source. A tier without a documented multiplier is
 * reported as unknown, never as standard.
 */

/** A tier name after normalisation; anything unrecognised is kept (lower-cased) and prices as unknown. */
export type ServiceTier = PricedServiceTier | 'scale' | 'provisioned' | (string & {});

/**
 * The tier that served the call. Batch wins (a Batch API call is billed at Batch rates whatever
 * else is reported). Otherwise the tier reported inside the usage object — Anthropic
 * `usage.service_tier`, Vertex `usageMetadata.trafficType` — wins over the caller's `serviceTier`,
 * because it is what the provider says it served; pricing by the requested tier is the bug in
 * BerriAI/litellm#31837 (billing-rules.md §2.4).
 */
export function resolveServiceTier(batch: boolean | undefined, requested: string | undefined, reported: string | undefined): ServiceTier {
  if (batch === true) return 'batch';
  const fromUsage = reported === undefined ? undefined : normalizeTier(reported);
  if (fromUsage !== undefined) return fromUsage;
  return (requested === undefined ? undefined : normalizeTier(requested)) ?? 'standard';
}

/**
 * Provider spellings → one tier name.
 * - OpenAI `service_tier`: `auto | default | flex | scale | priority | fast`; `fast` and `priority`
 *   are both answered as `priority` (openai-node responses.ts L379–400, billing-rules.md §2.4). A
 *   request value of `auto` is priced as `default` (without Scale Tier credits `auto` runs at default).
 * - Anthropic `usage.service_tier`: `standard | priority | batch` (§3.1).
 * - Gemini `serviceTier`: `standard | flex | priority`; Vertex `trafficType`: `ON_DEMAND`,
 *   `ON_DEMAND_FLEX`, `ON_DEMAND_PRIORITY`, `PROVISIONED_THROUGHPUT` (§4.1).
 */
function normalizeTier(value: string): ServiceTier | undefined {
  const tier = value.trim().toLowerCase();
  switch (tier) {
    case '':
      return undefined;
    case 'default':
    case 'standard':
    case 'auto':
    case 'on_demand':
      return 'standard';
    case 'flex':
    case 'on_demand_flex':
      return 'flex';
    case 'priority':
    case 'fast':
    case 'on_demand_priority':
      return 'priority';
    case 'batch':
      return 'batch';
    case 'scale':
      return 'scale';
    case 'provisioned_throughput':
      return 'provisioned';
    default:
      return tier;
  }
}

export type TierMultiplier = { ok: true; tier: PricedServiceTier; multiplier: number } | { ok: false; detail: string };

/**
 * OpenAI Priority processing multipliers by canonical model (OpenAI pricing page as of late 2025,
 * billing-rules.md §2.5): gpt-5 $1.25 → $2.50 in, $10 → $20 out (2×); gpt-4o $2.50 → $4.25,
 * $10 → $17 (1.7×); gpt-4.1 $2.00 → $3.50, $8 → $14 (1.75×). The cached-input price moves by the
 * same factor in all three. Other models: not documented here → unknown.
 */
const OPENAI_PRIORITY: Readonly<Record<string, number>> = { 'gpt-5': 2, 'gpt-4o': 1.7, 'gpt-4.1': 1.75 };

/** Multiplier for a model priced from the bundled table. */
export function tableTierMultiplier(family: ProviderFamily, canonicalModel: string, tier: ServiceTier): TierMultiplier {
  if (tier === 'standard') return { ok: true, tier: 'standard', multiplier: 1 };
  switch (family) {
    case 'openai':
      // Batch and Flex are 50 % of Standard; Flex is priced "at Batch API rates" (OpenAI pricing
      // page and flex-processing guide, billing-rules.md §2.5).
      if (tier === 'batch' || tier === 'flex') return { ok: true, tier: tier === 'batch' ? 'batch' : 'flex', multiplier: 0.5 };
      if (tier === 'priority') {
        const multiplier = OPENAI_PRIORITY[canonicalModel];
        return multiplier === undefined
          ? { ok: false, detail: `OpenAI priority price of ${canonicalModel} is not known (known: ${Object.keys(OPENAI_PRIORITY).join(', ')})` }
          : { ok: true, tier: 'priority', multiplier };
      }
      if (tier === 'scale') return { ok: false, detail: 'OpenAI Scale Tier is billed as reserved capacity, not per token' };
      break;
    case 'anthropic':
      // Batch API: 50 % off input and output; stacks with cache multipliers and long-context
      // pricing (Anthropic pricing docs, billing-rules.md §3.2).
      if (tier === 'batch') return { ok: true, tier: 'batch', multiplier: 0.5 };
      if (tier === 'priority') {
        return { ok: false, detail: 'Anthropic Priority Tier is a capacity commitment; no per-token multiplier is documented' };
      }
      break;
    case 'google':
      // Gemini: Batch and Flex 50 %, Priority 1.8× (genai-prices price_comments for Gemini 3.x:
      // "Batch and Flex tiers offer 50% discount, Priority tier is 1.8x"; LiteLLM PR #23560;
      // billing-rules.md §4.1 and §5). Applied to Gemini models only — Claude on Vertex is not covered.
      if (!canonicalModel.startsWith('gemini')) break;
      if (tier === 'batch' || tier === 'flex') return { ok: true, tier: tier === 'batch' ? 'batch' : 'flex', multiplier: 0.5 };
      if (tier === 'priority') return { ok: true, tier: 'priority', multiplier: 1.8 };
      if (tier === 'provisioned') return { ok: false, detail: 'Vertex Provisioned Throughput is prepaid capacity, not billed per token' };
      break;
    default:
      break;
  }
  return { ok: false, detail: `no documented ${tier} price for ${canonicalModel} (${family === 'other' ? 'this provider' : family})` };
}

/** Multiplier for a custom entry: only the tiers its `service_tiers` declares. */
export function customTierMultiplier(tiers: CustomServiceTiers, model: string, tier: ServiceTier): TierMultiplier {
  if (tier === 'standard') return { ok: true, tier: 'standard', multiplier: 1 };
  const priced = asPricedTier(tier);
  if (priced !== undefined && priced !== 'standard') {
    const multiplier = tiers[priced];
    if (multiplier !== undefined) return { ok: true, tier: priced, multiplier };
  }
  return { ok: false, detail: `custom price of ${model} declares no '${tier}' tier (service_tiers)` };
}

const PRICED_TIERS: readonly PricedServiceTier[] = ['standard', 'batch', 'flex', 'priority'];

/** The tier as a priced tier name, or undefined for tiers that have no per-token price (scale, provisioned, unknown). */
export function asPricedTier(tier: ServiceTier): PricedServiceTier | undefined {
  return PRICED_TIERS.find((priced) => priced === tier);
}
