import { replyTokens } from '../reply-text.js';
import { seedFrom } from '../seed.js';
import type { SseEvent } from '../sse.js';
import { cachedTokensFor, countPromptTokens, naturalCompletionTokens, planTokens } from '../tokens.js';
import type { GeminiUsageMetadata } from '../types.js';
import type { USAGE_OVERRIDE_KEYS, UsageOverrideOf } from '../usage-override.js';
import type { GeminiBackend, GeminiRequest } from './gemini-request.js';
import { googleJsonBody, googleJsonLine } from './google-json.js';

/** The `x-fake-usage` override of Gemini: `prompt`, `candidates`, `thoughts`, `cached`. */
export type GeminiUsageOverride = UsageOverrideOf<(typeof USAGE_OVERRIDE_KEYS)['gemini'][number]>;

export type GeminiFinishReason = 'STOP' | 'MAX_TOKENS';

/** Everything a `generateContent` response says, decided before anything is written. */
export interface GeminiPlan {
  backend: GeminiBackend;
  /** 23 base64url characters derived from the request. */
  responseId: string;
  /** The requested model, reported back. */
  modelVersion: string;
  /** Vertex AI only: RFC 3339 with microseconds, from the clock. */
  createTime: string;
  /** Visible tokens; one stream chunk each. */
  tokens: string[];
  finishReason: GeminiFinishReason;
  prompt: number;
  cached: number;
  candidates: number;
  thoughts: number;
}

/** Result of {@link planGeminiResponse}: the plan, or a 400 message. */
export type GeminiPlanResult = { ok: true; plan: GeminiPlan } | { ok: false; message: string };

/**
 * Thinking models think unless `thinkingBudget` is 0: `gemini-2.5-*` and `gemini-3*` and later,
 * except `*-flash-lite`, which thinks only with a non-zero budget.
 */
export function isGeminiThinkingModel(model: string, thinkingBudget: number | undefined): boolean {
  if (!/^gemini-(2\.5|[3-9])/.test(model)) return false;
  if (model.includes('flash-lite')) return thinkingBudget !== undefined && thinkingBudget !== 0;
  return thinkingBudget !== 0;
}

/** `2025-06-15T15:06:40.000000Z`: Vertex's `createTime` (microsecond precision). */
function createTime(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Decides id, content and usage; deterministic in the request and model. Without override: the
 * output is min(maxOutputTokens, natural 8–16) tokens; for thinking models half of it (rounded
 * down) is thoughts, so `candidatesTokenCount` + `thoughtsTokenCount` ≤ `maxOutputTokens` (thinking
 * spends the output budget). `cachedContentTokenCount` follows the OpenAI rule (0 below 1024, else
 * a multiple of 128). `x-fake-usage` counts replace any of these.
 */
export function planGeminiResponse(
  backend: GeminiBackend,
  model: string,
  request: GeminiRequest,
  override: GeminiUsageOverride,
  nowMs: number,
): GeminiPlanResult {
  const seed = seedFrom(request.seedText);
  const tokenResult = planTokens({
    promptTokens: countPromptTokens(request.promptMessages),
    naturalCompletionTokens: [naturalCompletionTokens(seed.int('length'))],
    maxCompletionTokens: request.maxOutputTokens,
    reasoningModel: isGeminiThinkingModel(model, request.thinkingBudget),
    override: { prompt: override.prompt },
  });
  if (!tokenResult.ok) return tokenResult;
  const tokens = tokenResult.plan;
  const choice = tokens.choices[0] ?? { visible: 1, reasoning: 0, finishReason: 'stop' as const };
  const prompt = tokens.prompt;
  const cached = override.cached ?? cachedTokensFor(prompt);
  if (cached > prompt) {
    return { ok: false, message: `x-fake-usage: cached (${cached}) must not exceed prompt (${prompt}).` };
  }
  const candidates = override.candidates ?? choice.visible;
  return {
    ok: true,
    plan: {
      backend,
      responseId: Buffer.from(seed.digest.slice(0, 34), 'hex').toString('base64url'),
      modelVersion: model,
      createTime: createTime(nowMs),
      tokens: replyTokens(seed.int('text:start'), Math.max(1, candidates)),
      finishReason: override.candidates === undefined && choice.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP',
      prompt,
      cached,
      candidates,
      thoughts: override.thoughts ?? choice.reasoning,
    },
  };
}

function textDetails(tokenCount: number): Array<{ modality: 'TEXT'; tokenCount: number }> {
  return [{ modality: 'TEXT', tokenCount }];
}

/**
 * `usageMetadata` with `candidates` visible tokens so far, in the service's key order. Zero
 * counts are left out (proto3 JSON), as the service does.
 */
export function geminiUsageMetadata(plan: GeminiPlan, candidates: number): GeminiUsageMetadata {
  const vertex = plan.backend === 'vertex-ai';
  return {
    promptTokenCount: plan.prompt,
    ...(candidates > 0 ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: plan.prompt + candidates + plan.thoughts,
    ...(plan.cached > 0 ? { cachedContentTokenCount: plan.cached } : {}),
    ...(vertex ? { trafficType: 'ON_DEMAND' as const } : {}),
    promptTokensDetails: textDetails(plan.prompt),
    ...(plan.cached > 0 ? { cacheTokensDetails: textDetails(plan.cached) } : {}),
    ...(vertex && candidates > 0 ? { candidatesTokensDetails: textDetails(candidates) } : {}),
    ...(plan.thoughts > 0 ? { thoughtsTokenCount: plan.thoughts } : {}),
  };
}

/** One candidate: Gemini API `{content:{parts,role}, finishReason?, index}`, Vertex `{content:{role,parts}, finishReason?}`. */
function candidate(plan: GeminiPlan, text: string, finishReason: GeminiFinishReason | undefined): Record<string, unknown> {
  const parts = [{ text }];
  if (plan.backend === 'vertex-ai') {
    return { content: { role: 'model', parts }, ...(finishReason === undefined ? {} : { finishReason }) };
  }
  return { content: { parts, role: 'model' }, ...(finishReason === undefined ? {} : { finishReason }), index: 0 };
}

/** A `GenerateContentResponse` object in the backend's key order. */
function responseObject(
  plan: GeminiPlan,
  text: string,
  finishReason: GeminiFinishReason | undefined,
  usage: GeminiUsageMetadata | undefined,
): Record<string, unknown> {
  return {
    candidates: [candidate(plan, text, finishReason)],
    ...(usage === undefined ? {} : { usageMetadata: usage }),
    modelVersion: plan.modelVersion,
    ...(plan.backend === 'vertex-ai' ? { createTime: plan.createTime } : {}),
    responseId: plan.responseId,
  };
}

/** The final usage: what the body carries, and the last chunk of a stream. */
export function geminiFinalUsage(plan: GeminiPlan): GeminiUsageMetadata {
  return geminiUsageMetadata(plan, plan.candidates);
}

/** The non-stream body, indented by two spaces as Google sends it. */
export function buildGeminiResponse(plan: GeminiPlan): string {
  return googleJsonBody(responseObject(plan, plan.tokens.join(''), plan.finishReason, geminiFinalUsage(plan)));
}

/**
 * Usage per stream chunk: the Gemini API sends cumulative `usageMetadata` on every chunk
 * (`candidatesTokenCount` so far, thoughts from the first chunk on); Vertex AI only on the last.
 */
export function geminiChunkUsage(plan: GeminiPlan, index: number): GeminiUsageMetadata | undefined {
  const last = index === plan.tokens.length - 1;
  if (last) return geminiFinalUsage(plan);
  if (plan.backend === 'vertex-ai') return undefined;
  return geminiUsageMetadata(plan, Math.min(index + 1, plan.candidates));
}

/**
 * The `data:` events of `streamGenerateContent?alt=sse`, one per visible token, each a partial
 * `GenerateContentResponse` on one line; the last carries `finishReason`. No `event:` names, no
 * end marker. Framed with `\r\n` line endings by the handler, as the service does.
 */
export function* geminiStreamEvents(plan: GeminiPlan): Generator<SseEvent> {
  for (const [index, token] of plan.tokens.entries()) {
    const last = index === plan.tokens.length - 1;
    yield {
      data: googleJsonLine(responseObject(plan, token, last ? plan.finishReason : undefined, geminiChunkUsage(plan, index))),
    };
  }
}
