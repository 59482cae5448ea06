import type { Provider } from '@pydantic/genai-prices';
import type { PriceData } from '../data/price-data.js';

/**
 * `gen_ai.provider.name` well-known values (OTel GenAI semantic conventions registry) → provider
 * ids of the genai-prices data. Needed because genai-prices' own fuzzy provider matching would send
 * `azure.ai.openai` to `openai` (its `provider_match` is "contains openai") and does not know the
 * `gcp.*` names. Names not listed here go to genai-prices' matching as they are.
 */
const OTEL_PROVIDER_TO_TABLE: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  deepseek: 'deepseek',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'aws.bedrock': 'aws',
  mistral_ai: 'mistral',
  x_ai: 'x-ai',
  groq: 'groq',
  cohere: 'cohere',
  perplexity: 'perplexity',
  moonshot_ai: 'moonshotai',
};

/**
 * Names that genai-prices has no table for; looked up as-is they would fuzzy-match a wrong provider.
 * `openai_compatible` is what @genai-otel/instrumentation reports for an unknown OpenAI-compatible host
 * (a gateway, a self-hosted server): it speaks OpenAI's format, but its prices are its own, so it is
 * unknown unless a custom table prices it.
 */
const NO_TABLE = new Set(['ibm.watsonx.ai', 'openai_compatible']);

/**
 * The price-table provider for a call. A known API host in `serverAddress` wins — the OpenAI SDK
 * reports `gen_ai.provider.name = openai` even when its `baseURL` is `api.deepseek.com` or
 * `openrouter.ai`, and the bill comes from the host (genai-prices `api_pattern`). Otherwise the
 * provider name decides. Undefined when no table fits.
 */
export function findTableProvider(data: PriceData, providerName: string, serverAddress: string | undefined): Provider | undefined {
  let lookups = memo.get(data);
  if (lookups === undefined) {
    lookups = new Map();
    memo.set(data, lookups);
  }
  const key = `${providerName}\u0001${serverAddress ?? ''}`;
  if (lookups.has(key)) return lookups.get(key);
  const provider = lookup(data, providerName, serverAddress);
  if (lookups.size >= MAX_LOOKUPS) lookups.clear();
  lookups.set(key, provider);
  return provider;
}

/** Memo of `findTableProvider` per price data (host matching tests every provider's `api_pattern` regex). Bounded. */
const memo = new WeakMap<PriceData, Map<string, Provider | undefined>>();
const MAX_LOOKUPS = 1024;

function lookup(data: PriceData, providerName: string, serverAddress: string | undefined): Provider | undefined {
  if (serverAddress !== undefined && serverAddress !== '') {
    const byHost = data.findProvider({ providerApiUrl: hostUrl(serverAddress) });
    if (byHost !== undefined) return byHost;
  }
  const name = providerName.trim().toLowerCase();
  if (name === '' || NO_TABLE.has(name)) return undefined;
  return data.findProvider({ providerId: OTEL_PROVIDER_TO_TABLE[name] ?? name });
}

/** Family of pricing rules (service tiers, failed calls) a provider follows. */
export type ProviderFamily = 'openai' | 'anthropic' | 'google' | 'azure' | 'other';

export function providerFamily(tableProviderId: string | undefined): ProviderFamily {
  switch (tableProviderId) {
    case 'openai':
    case 'anthropic':
    case 'google':
    case 'azure':
      return tableProviderId;
    default:
      return 'other';
  }
}

function hostUrl(serverAddress: string): string {
  const trimmed = serverAddress.trim().toLowerCase();
  return /^https?:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
}
