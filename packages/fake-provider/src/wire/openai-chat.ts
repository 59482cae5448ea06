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
  /** Stream chunks' `obfuscation` values, from this pool (see {@link chunkObfuscation}). */
  obfuscation: ObfuscationPlan;
}

/**
 * How a stream pads its chunks. The API pads each content chunk so that delta content and
 * `obfuscation` together have a length that is fixed for the stream (e.g. 7 or 13 characters), and
 * the other chunks with strings of other lengths; the characters are random base-62 ones.
 */
export interface ObfuscationPlan {
  /** The stream's padded length of a content delta (6–14). */
  target: number;
  /** 64 base-62 characters the values are cut from. */
  pool: string;
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
export function planOpenAIChatResponse(request: OpenAIChatRequest, override: UsageOverride, nowMs: number): OpenAIChatPlanResult {
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
      obfuscation: { target: 6 + (seed.int('obfuscation:target') % 9), pool: seed.id('obfuscation', 64) },
    },
  };
}

/** A chunk's `obfuscation`: `length` characters of the pool, starting where `position` says. */
function obfuscationValue(plan: ObfuscationPlan, position: number, length: number): string {
  const start = (position * 7) % (plan.pool.length - length + 1);
  return plan.pool.slice(start, start + length);
}

/**
 * The `obfuscation` of a stream's chunk number `position` (0-based): a content chunk's pads its delta
 * text to the stream's target length (the remainder when the text is as long or longer); the role
 * chunk's is 2 shorter than the target, the finish chunk's 6 (at least 1), the usage chunk's 1–12.
 */
export function chunkObfuscation(plan: ObfuscationPlan, position: number, kind: 'role' | 'content' | 'finish' | 'usage', text = ''): string {
  switch (kind) {
    case 'role':
      return obfuscationValue(plan, position, plan.target - 2);
    case 'content':
      return obfuscationValue(plan, position, plan.target - (text.length % plan.target));
    case 'finish':
      return obfuscationValue(plan, position, Math.max(1, plan.target - 6));
    case 'usage':
      return obfuscationValue(plan, position, 1 + (plan.pool.charCodeAt(position % plan.pool.length) % 12));
  }
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

/** Which optional members a stream's chunks carry. */
export interface OpenAIChatStreamOptions {
  /** `stream_options.include_usage`: `"usage":null` on every chunk, and the usage chunk. */
  includeUsage: boolean;
  /** `obfuscation` on every chunk (the API's default; off with `include_obfuscation: false`). */
  includeObfuscation: boolean;
}

/**
 * One chunk, in the API's member order: `id`, `object`, `created`, `model`, `service_tier`,
 * `system_fingerprint`, `choices`, then `usage` (with include_usage) and `obfuscation` (by default).
 */
function chunkData(
  plan: OpenAIChatResponsePlan,
  choices: unknown[],
  usage: OpenAIChatUsage | null,
  obfuscation: string,
  options: OpenAIChatStreamOptions,
): string {
  const chunk: Record<string, unknown> = {
    id: plan.id,
    object: 'chat.completion.chunk',
    created: plan.created,
    model: plan.model,
    service_tier: plan.serviceTier,
    system_fingerprint: plan.systemFingerprint,
    choices,
  };
  if (options.includeUsage) chunk.usage = usage;
  if (options.includeObfuscation) chunk.obfuscation = obfuscation;
  return JSON.stringify(chunk);
}

function choice(index: number, delta: ChunkDelta, finishReason: FinishReason | null): unknown {
  return { index, delta, logprobs: null, finish_reason: finishReason };
}

/**
 * The `chat.completion.chunk` events of a streamed response, produced lazily, in order:
 * per choice a role chunk, one chunk per visible token and a finish chunk; then, only with
 * `includeUsage`, a chunk with `"choices":[]` and the usage; then `[DONE]`. With `includeUsage`
 * every other chunk has `"usage":null`; with `includeObfuscation` every chunk ends with its
 * `obfuscation` (see {@link chunkObfuscation}).
 */
export function* openAIChatStreamEvents(plan: OpenAIChatResponsePlan, options: OpenAIChatStreamOptions): Generator<SseEvent> {
  let position = 0;
  const pad = (kind: 'role' | 'content' | 'finish' | 'usage', text?: string): string => chunkObfuscation(plan.obfuscation, position++, kind, text);
  for (const { index, tokens, finishReason } of plan.choices) {
    yield { data: chunkData(plan, [choice(index, { role: 'assistant', content: '', refusal: null }, null)], null, pad('role'), options) };
    for (const token of tokens) {
      yield { data: chunkData(plan, [choice(index, { content: token }, null)], null, pad('content', token), options) };
    }
    yield { data: chunkData(plan, [choice(index, {}, finishReason)], null, pad('finish'), options) };
  }
  if (options.includeUsage) yield { data: chunkData(plan, [], plan.usage, pad('usage'), options) };
  yield { data: '[DONE]' };
}

/** Number of events {@link openAIChatStreamEvents} yields, `[DONE]` included. */
export function openAIChatStreamEventCount(plan: OpenAIChatResponsePlan, includeUsage: boolean): number {
  const choiceEvents = plan.choices.reduce((sum, choice) => sum + choice.tokens.length + 2, 0);
  return choiceEvents + (includeUsage ? 1 : 0) + 1;
}
