import { TIER_CORRECTIONS } from '../corrections/corrections.js';
import { STANDARD, type TierPricing } from '../engine/compute-cost.js';
import type { ProviderFamily } from '../table/table-provider.js';
import type { CustomServiceTiers, PricedServiceTier, TokenClass } from '../types.js';

/**
 * Service-tier and Batch pricing: what genai-prices does not model for direct providers (its data
 * has no flex/priority/batch prices for OpenAI, Anthropic or Google; billing-rules.md §7.3). The
 * rules and per-model prices, each with its source, are in the corrections table
 * (src/corrections/corrections.ts). A tier without a documented price is reported as unknown,
 * never as standard.
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

/** How a tier prices a call, or why it cannot. */
export type TierRule = { ok: true; tier: PricedServiceTier; pricing: TierPricing; note?: string } | { ok: false; detail: string };

const STANDARD_RULE: TierRule = { ok: true, tier: 'standard', pricing: STANDARD };

/**
 * The rule of a non-standard tier for a model priced from the price data, from the reviewed
 * corrections table (src/corrections/corrections.ts, one source per entry). A tier without an entry
 * for the provider and model is unknown, never standard.
 *
 * @param canonicalModel the price-data model id (`gpt-4.1` for `gpt-4.1-2025-04-14`)
 * @param rawModel the model name of the call, lower-cased (per-model tier prices list snapshots)
 * @param inputTokens the call's total input (tiers that exclude long context)
 * @param fineTuned the model is a fine-tuned one: only its standard prices are documented
 */
export function tableTierRule(
  family: ProviderFamily,
  canonicalModel: string,
  rawModel: string,
  tier: ServiceTier,
  inputTokens: number,
  fineTuned = false,
): TierRule {
  if (tier === 'standard') return STANDARD_RULE;
  const where = family === 'other' ? 'this provider' : family;
  if (fineTuned) return { ok: false, detail: `no documented ${tier} price for the fine-tuned model ${canonicalModel}` };
  for (const correction of TIER_CORRECTIONS) {
    if (correction.family !== family || correction.tier !== tier) continue;
    switch (correction.kind) {
      case 'tier-unpriced':
        return { ok: false, detail: correction.detail };
      case 'tier-factor': {
        const applies = correction.models !== undefined ? correction.models.includes(canonicalModel) : canonicalModel.startsWith(correction.modelPrefix ?? '');
        if (!applies) continue;
        const exempt = correction.exempt === undefined ? undefined : new Set<TokenClass>(correction.exempt);
        return {
          ok: true,
          tier: correction.tier,
          pricing: { kind: 'factor', multiplier: correction.multiplier, ...(exempt === undefined ? {} : { exempt }) },
          note:
            exempt === undefined
              ? `${correction.tier}: ×${correction.multiplier} on every token class (${correction.id})`
              : `${correction.tier}: ×${correction.multiplier} except ${[...exempt].join(', ')}, billed at the standard price (${correction.id})`,
        };
      }
      case 'tier-prices': {
        if (!correction.model.test(rawModel)) continue;
        if (correction.maxInputTokens !== undefined && inputTokens > correction.maxInputTokens) {
          return {
            ok: false,
            detail: `${correction.label} ${tier} excludes long context (> ${correction.maxInputTokens} input tokens): no ${tier} price for this request`,
          };
        }
        return {
          ok: true,
          tier: correction.tier,
          pricing: { kind: 'sheet', sheet: correction.prices },
          note: `${correction.tier}: ${correction.label} ${correction.tier} prices (${correction.id})`,
        };
      }
    }
  }
  const perModel = TIER_CORRECTIONS.some((c) => c.family === family && c.tier === tier && c.kind === 'tier-prices');
  return {
    ok: false,
    detail: perModel ? `${where} lists no ${tier} price for ${rawModel}` : `no documented ${tier} price for ${canonicalModel} (${where})`,
  };
}

/** Rule for a custom entry: only the tiers its `service_tiers` declares, as factors on every class. */
export function customTierRule(tiers: CustomServiceTiers, model: string, tier: ServiceTier): TierRule {
  if (tier === 'standard') return STANDARD_RULE;
  const priced = asPricedTier(tier);
  if (priced !== undefined && priced !== 'standard') {
    const multiplier = tiers[priced];
    if (multiplier !== undefined) return { ok: true, tier: priced, pricing: { kind: 'factor', multiplier } };
  }
  return { ok: false, detail: `custom price of ${model} declares no '${tier}' tier (service_tiers)` };
}

const PRICED_TIERS: readonly PricedServiceTier[] = ['standard', 'batch', 'flex', 'priority'];

/** The tier as a priced tier name, or undefined for tiers that have no per-token price (scale, provisioned, unknown). */
export function asPricedTier(tier: ServiceTier): PricedServiceTier | undefined {
  return PRICED_TIERS.find((priced) => priced === tier);
}
