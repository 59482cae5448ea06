import { replyTokens } from '../reply-text.js';
import { seedFrom } from '../seed.js';
import type { SseEvent } from '../sse.js';
import { countPromptTokens, naturalCompletionTokens, planTokens, type FinishReason, type TokenPlan } from '../tokens.js';
import type { OpenAIChatUsage } from '../types.js';
import type { UsageOverride } from '../usage-override.js';
import type { OpenAIChatRequest } from './openai-chat-request.js';
import { isDeepSeekModel, isReasoningModel, resolveModel } from './openai-models.js';

/** One choice of a planned response. */
export interface OpenAIChatChoicePlan {
  index: number;
  /** Visible content tokens; joined they are the message content, streamed one per chunk. */
  tokens: string[];
  finishReason: FinishReason;
}

/** Everything a Chat Completions response says, decided before anything is written. */
export interface OpenAIChatResponsePlan {
  /** `chatcmpl-` + 29 base-62 characters derived from the request. */
  id: string;
  /** Seconds since the epoch. */
  created: number;
  /** The resolved model (dated snapshot for well-known aliases). */
  model: string;
  serviceTier: string;
  systemFingerprint: string;
  choices: OpenAIChatChoicePlan[];
  usage: OpenAIChatUsage;
}

/** Result of {@link planOpenAIChatResponse}: the plan, or a message for a 400 response. */
export type OpenAIChatPlanResult = { ok: true; plan: OpenAIChatResponsePlan } | { ok: false; message: string };

const ID_LENGTH = 29;
const FINGERPRINT_LENGTH = 10;

/** The tier a response reports: `flex`, `scale`, `priority` (also for `fast`), else `default`. */
export function responseServiceTier(requested: string | undefined): string {
  switch (requested) {
    case 'flex':
    case 'scale':
    case 'priority':
      return requested;
    case 'fast':
      return 'priority';
    default:
      return 'default';
  }
}

/** `usage` in OpenAI's key order; DeepSeek models append their prompt-cache hit/miss fields. */
export function buildOpenAIChatUsage(tokens: TokenPlan, model: string): OpenAIChatUsage {
  const usage: OpenAIChatUsage = {
    prompt_tokens: tokens.prompt,
    completion_tokens: tokens.completion,
    total_tokens: tokens.prompt + tokens.completion,
    prompt_tokens_details: { cached_tokens: tokens.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: tokens.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  if (isDeepSeekModel(model)) {
    usage.prompt_cache_hit_tokens = tokens.cached;
    usage.prompt_cache_miss_tokens = tokens.prompt - tokens.cached;
  }
  return usage;
}

/** Decides id, content and usage of the response to `request`; deterministic in the request. */
export function planOpenAIChatResponse(
  request: OpenAIChatRequest,
  override: UsageOverride,
  nowMs: number,
): OpenAIChatPlanResult {
  const seed = seedFrom(request.seedText);
  const choiceIndexes = Array.from({ length: request.n }, (_, index) => index);
  const tokenResult = planTokens({
    promptTokens: countPromptTokens(request.messages),
    naturalCompletionTokens: choiceIndexes.map((index) => naturalCompletionTokens(seed.int(`choice:${index}:length`))),
    maxCompletionTokens: request.maxCompletionTokens,
    reasoningModel: isReasoningModel(request.model),
    override,
  });
  if (!tokenResult.ok) return tokenResult;
  const tokens = tokenResult.plan;
  const model = resolveModel(request.model);
  return {
    ok: true,
    plan: {
      id: `chatcmpl-${seed.id('id', ID_LENGTH)}`,
      created: Math.floor(nowMs / 1000),
      model,
      serviceTier: responseServiceTier(request.serviceTier),
      systemFingerprint: `fp_${seedFrom(model).digest.slice(0, FINGERPRINT_LENGTH)}`,
      choices: choiceIndexes.map((index) => {
        const choiceTokens = tokens.choices[index];
        return {
          index,
          tokens: replyTokens(seed.int(`choice:${index}:start`), choiceTokens?.visible ?? 1),
          finishReason: choiceTokens?.finishReason ?? 'stop',
        };
      }),
      usage: buildOpenAIChatUsage(tokens, request.model),
    },
  };
}

/** The non-stream `chat.completion` body (compact JSON, OpenAI's key order). */
export function buildOpenAIChatCompletion(plan: OpenAIChatResponsePlan): string {
  return JSON.stringify({
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((choice) => ({
      index: choice.index,
      message: { role: 'assistant', content: choice.tokens.join(''), refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: choice.finishReason,
    })),
    usage: plan.usage,
    service_tier: plan.serviceTier,
    system_fingerprint: plan.systemFingerprint,
  });
}

type ChunkDelta = { role: 'assistant'; content: ''; refusal: null } | { content: string } | Record<string, never>;

function chunkData(
  plan: OpenAIChatResponsePlan,
  index: number,
  delta: ChunkDelta,
  finishReason: FinishReason | null,
  includeUsage: boolean,
): string {
  const chunk = {
    id: plan.id,
    object: 'chat.completion.chunk',
    created: plan.created,
    model: plan.model,
    service_tier: plan.serviceTier,
    system_fingerprint: plan.systemFingerprint,
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
  };
  return JSON.stringify(includeUsage ? { ...chunk, usage: null } : chunk);
}

/**
 * The `chat.completion.chunk` events of a streamed response, produced lazily, in order:
 * per choice a role chunk, one chunk per visible token and a finish chunk; then, only with
 * `includeUsage`, a chunk with `"choices":[]` and the usage; then `[DONE]`. With `includeUsage`
 * every other chunk ends with `"usage":null` as its last key.
 */
export function* openAIChatStreamEvents(plan: OpenAIChatResponsePlan, includeUsage: boolean): Generator<SseEvent> {
  for (const choice of plan.choices) {
    yield { data: chunkData(plan, choice.index, { role: 'assistant', content: '', refusal: null }, null, includeUsage) };
    for (const token of choice.tokens) {
      yield { data: chunkData(plan, choice.index, { content: token }, null, includeUsage) };
    }
    yield { data: chunkData(plan, choice.index, {}, choice.finishReason, includeUsage) };
  }
  if (includeUsage) {
    yield {
      data: JSON.stringify({
        id: plan.id,
        object: 'chat.completion.chunk',
        created: plan.created,
        model: plan.model,
        service_tier: plan.serviceTier,
        system_fingerprint: plan.systemFingerprint,
        choices: [],
        usage: plan.usage,
      }),
    };
  }
  yield { data: '[DONE]' };
}

/** Number of events {@link openAIChatStreamEvents} yields, `[DONE]` included. */
export function openAIChatStreamEventCount(plan: OpenAIChatResponsePlan, includeUsage: boolean): number {
  const choiceEvents = plan.choices.reduce((sum, choice) => sum + choice.tokens.length + 2, 0);
  return choiceEvents + (includeUsage ? 1 : 0) + 1;
}
