// What the fake provider "bills": the calls of its ledger whose usage was delivered, with when they
// were served and for whom (project, API key). The admin endpoints (OpenAI Usage and Costs APIs,
// Anthropic usage and cost reports) are computed from these, so a test can compare what the
// provider reports with what the client measured.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CostLine, Pricer, UsageFormat } from '@genai-otel/pricing';
import type { ServedCall } from './types.js';
import { resolveAnthropicModel } from './wire/anthropic-messages.js';
import { responseServiceTier } from './wire/openai-chat.js';
import { isDeepSeekModel, resolveModel } from './wire/openai-models.js';

/** Who made a call and when, noted by the server when the call's ledger entry is recorded. */
export interface BillingMeta {
  /** When the entry was recorded (the server's clock, ms since the epoch). */
  at: number;
  /** The `OpenAI-Project` header (the `openai` SDK's `project` option), if any. */
  project: string | undefined;
  /**
   * A stable id derived from the API key the call sent (`Authorization: Bearer`, `x-api-key` or
   * `x-goog-api-key`); never the key itself.
   */
  apiKeyHash: string | undefined;
  /** The service tier that served the call (OpenAI chat / Responses `service_tier`, as the response reports it). */
  serviceTier: string;
}

/** A ledger entry with its billing metadata. */
export interface BilledCall {
  call: ServedCall;
  meta: BillingMeta;
}

/** The project a call without an `OpenAI-Project` header is billed to, as the key's default project. */
export const DEFAULT_OPENAI_PROJECT = 'proj_default';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A short, stable hash of a secret: ids are derived from keys, keys are never kept. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/** The key a request authenticated with: bearer token, `x-api-key` or `x-goog-api-key`. */
export function requestKey(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]?.trim();
  return bearer || header(req, 'x-api-key') || header(req, 'x-goog-api-key') || undefined;
}

/** The billing metadata of a request, at `at`. Reads the body only for OpenAI's `service_tier`. */
export function billingMeta(req: IncomingMessage, body: string, at: number): BillingMeta {
  const key = requestKey(req);
  let requestedTier: string | undefined;
  if (body.includes('service_tier')) {
    try {
      const parsed = JSON.parse(body) as { service_tier?: unknown };
      if (typeof parsed.service_tier === 'string') requestedTier = parsed.service_tier;
    } catch {
      // not JSON: the route answers 400 and nothing is billed
    }
  }
  return {
    at,
    project: header(req, 'openai-project') || undefined,
    apiKeyHash: key === undefined ? undefined : keyHash(key),
    serviceTier: responseServiceTier(requestedTier),
  };
}

/** One OpenAI call the Usage and Costs APIs report. */
export interface OpenAIBilledCall {
  kind: 'completions' | 'embeddings';
  at: number;
  projectId: string;
  apiKeyId: string;
  /** The model the API reports (the dated snapshot for aliases; embeddings: as requested). */
  model: string;
  serviceTier: string;
  inputTokens: number;
  inputCachedTokens: number;
  outputTokens: number;
  inputAudioTokens: number;
  outputAudioTokens: number;
  /** What the call costs, per token class (empty when the price is unknown). */
  costLines: CostLine[];
}

/** One Anthropic call the usage and cost reports show. */
export interface AnthropicBilledCall {
  at: number;
  /** `null`: the default workspace, as the reports show it. */
  workspaceId: string | null;
  apiKeyId: string;
  model: string;
  serviceTier: string;
  uncachedInputTokens: number;
  cacheReadInputTokens: number;
  cacheCreation5mInputTokens: number;
  cacheCreation1hInputTokens: number;
  outputTokens: number;
  webSearchRequests: number;
  costLines: CostLine[];
}

let sharedPricer: Promise<Pricer> | undefined;

/**
 * The price table the fake's cost reports use: `@genai-otel/pricing`, bundled prices. Loaded on the first admin
 * request, so that a fake provider that only serves inference calls starts without it (~50 ms, ~35 MB).
 */
export function billingPricer(): Promise<Pricer> {
  sharedPricer ??= import('@genai-otel/pricing').then(({ createPricer }) => createPricer());
  return sharedPricer;
}

function linesOf(pricer: Pricer, provider: string, model: string, usage: unknown, usageFormat: UsageFormat, serviceTier: string, at: number): CostLine[] {
  const cost = pricer.price({ provider, model, usage, usageFormat, serviceTier, timestamp: new Date(at) });
  return cost.status === 'priced' ? cost.breakdown.lines : [];
}

/**
 * The OpenAI calls the admin endpoints report: chat, Responses and embeddings entries whose usage
 * reached the client, DeepSeek-flavoured models excepted (they are not OpenAI's to bill).
 */
export function openAIBilledCalls(billed: readonly BilledCall[], pricer: Pricer): OpenAIBilledCall[] {
  const out: OpenAIBilledCall[] = [];
  for (const { call, meta } of billed) {
    if (isDeepSeekModel(call.model)) continue;
    const base = {
      at: meta.at,
      projectId: meta.project ?? DEFAULT_OPENAI_PROJECT,
      apiKeyId: `key_${meta.apiKeyHash ?? 'anonymous'}`.slice(0, 20),
      serviceTier: meta.serviceTier,
      inputAudioTokens: 0,
      outputAudioTokens: 0,
    };
    if (call.api === 'openai.chat' && call.usage !== undefined) {
      const model = resolveModel(call.model);
      out.push({
        ...base,
        kind: 'completions',
        model,
        inputTokens: call.usage.prompt_tokens,
        inputCachedTokens: call.usage.prompt_tokens_details.cached_tokens,
        outputTokens: call.usage.completion_tokens,
        inputAudioTokens: call.usage.prompt_tokens_details.audio_tokens,
        outputAudioTokens: call.usage.completion_tokens_details.audio_tokens,
        costLines: linesOf(pricer, 'openai', model, call.usage, 'openai.chat', meta.serviceTier, meta.at),
      });
    } else if (call.api === 'openai.responses' && call.usage !== undefined) {
      const model = resolveModel(call.model);
      out.push({
        ...base,
        kind: 'completions',
        model,
        inputTokens: call.usage.input_tokens,
        inputCachedTokens: call.usage.input_tokens_details.cached_tokens,
        outputTokens: call.usage.output_tokens,
        costLines: linesOf(pricer, 'openai', model, call.usage, 'openai.responses', meta.serviceTier, meta.at),
      });
    } else if (call.api === 'openai.embeddings' && call.usage !== undefined) {
      out.push({
        ...base,
        kind: 'embeddings',
        model: call.model,
        serviceTier: 'default',
        inputTokens: call.usage.prompt_tokens,
        inputCachedTokens: 0,
        outputTokens: 0,
        costLines: linesOf(pricer, 'openai', call.model, call.usage, 'openai.chat', 'default', meta.at),
      });
    }
  }
  return out;
}

/** The Anthropic Messages calls whose usage reached the client. */
export function anthropicBilledCalls(billed: readonly BilledCall[], pricer: Pricer): AnthropicBilledCall[] {
  const out: AnthropicBilledCall[] = [];
  for (const { call, meta } of billed) {
    if (call.api !== 'anthropic.messages' || call.usage === undefined) continue;
    const model = resolveAnthropicModel(call.model);
    const { usage } = call;
    out.push({
      at: meta.at,
      workspaceId: null,
      apiKeyId: `apikey_${meta.apiKeyHash ?? 'anonymous'}`.slice(0, 26),
      model,
      serviceTier: usage.service_tier,
      uncachedInputTokens: usage.input_tokens,
      cacheReadInputTokens: usage.cache_read_input_tokens,
      cacheCreation5mInputTokens: usage.cache_creation.ephemeral_5m_input_tokens,
      cacheCreation1hInputTokens: usage.cache_creation.ephemeral_1h_input_tokens,
      outputTokens: usage.output_tokens,
      webSearchRequests: 0,
      costLines: linesOf(pricer, 'anthropic', model, usage, 'anthropic.messages', usage.service_tier, meta.at),
    });
  }
  return out;
}
