import type { ProviderFamily } from '../table/table-provider.js';
import type { ServiceTier } from './service-tier.js';

/** Whether an HTTP error that returned no usage is billed (billing-rules.md §6). */
export type FailedCallVerdict = { billed: false; rule: string } | { billed: 'unknown'; detail: string };

/**
 * HTTP errors without usage. Only failures the provider documents as unbilled cost 0; everything
 * else is unknown — e.g. Azure bills a 400 content-filter or a 408 timeout when the service did
 * processing, and nothing is documented for OpenAI/Anthropic 5xx or Anthropic 429/529.
 * Timeouts and aborted streams never reach here: without usage they are unknown (`aborted`),
 * because the provider may keep generating and billing (Google SDK `abortSignal` doc: "usage is
 * still charged"; BerriAI/litellm PR #36008; vercel/ai#8325).
 */
export function failedCallWithoutUsage(family: ProviderFamily, httpStatus: number | undefined, tier: ServiceTier): FailedCallVerdict {
  const status = httpStatus === undefined ? 'an HTTP error' : `HTTP ${httpStatus}`;
  switch (family) {
    case 'google':
      // Gemini API: "400 or 500 failures are not charged for tokens" (ai.google.dev/gemini-api/docs/billing);
      // Vertex AI: only 200 responses are charged (cloud.google.com/vertex-ai/generative-ai/pricing,
      // as quoted by third parties).
      if (httpStatus === undefined || (httpStatus >= 400 && httpStatus <= 599)) {
        return { billed: false, rule: `Google does not bill ${status} failures (Gemini API billing FAQ)` };
      }
      break;
    case 'azure':
      // Azure OpenAI: billed whenever the service did processing, even on non-200; not billed
      // without processing, e.g. 401 and 429 (MicrosoftDocs/azure-ai-docs
      // articles/ai-foundry/openai/how-to/manage-costs.md @ 0b7ec741).
      if (httpStatus === 401 || httpStatus === 429) {
        return { billed: false, rule: `Azure OpenAI does not bill ${status} (no processing; Azure cost docs)` };
      }
      break;
    case 'openai':
      // Flex: "429 Resource Unavailable" when capacity is lacking — not charged (OpenAI flex-processing guide).
      if (httpStatus === 429 && tier === 'flex') {
        return { billed: false, rule: 'OpenAI does not bill a Flex 429 Resource Unavailable (flex-processing guide)' };
      }
      break;
    case 'anthropic':
      // Message Batches: errored, canceled and expired requests are not billed (Anthropic batch-processing docs).
      if (tier === 'batch') {
        return { billed: false, rule: 'Anthropic does not bill errored, canceled or expired batch requests (batch-processing docs)' };
      }
      break;
    default:
      break;
  }
  return { billed: 'unknown', detail: `${status} without usage: billing not documented for this provider` };
}
