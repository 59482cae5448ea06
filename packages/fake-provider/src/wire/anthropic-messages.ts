import { createHash } from 'node:crypto';
import { replyTokens } from '../reply-text.js';
import { seedFrom } from '../seed.js';
import type { SseEvent } from '../sse.js';
import { countPromptTokens, naturalCompletionTokens, planTokens } from '../tokens.js';
import type { AnthropicMessagesUsage } from '../types.js';
import type { USAGE_OVERRIDE_KEYS, UsageOverrideOf } from '../usage-override.js';
import type { AnthropicMessagesRequest } from './anthropic-messages-request.js';

/** The `x-fake-usage` override of the Messages API. */
export type AnthropicUsageOverride = UsageOverrideOf<(typeof USAGE_OVERRIDE_KEYS)['anthropic.messages'][number]>;

/**
 * Aliases the API reports as a dated snapshot in a response's `model`. Newer models (4.6 on) have
 * no dated snapshot; they, and anything unknown, are echoed unchanged.
 */
export const ANTHROPIC_MODEL_SNAPSHOTS: Readonly<Record<string, string>> = {
  'claude-3-5-haiku-latest': 'claude-3-5-haiku-20241022',
  'claude-3-7-sonnet-latest': 'claude-3-7-sonnet-20250219',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
  'claude-opus-4-0': 'claude-opus-4-20250514',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
};

/** The model a response reports for a requested model. */
export function resolveAnthropicModel(requested: string): string {
  return Object.hasOwn(ANTHROPIC_MODEL_SNAPSHOTS, requested) ? (ANTHROPIC_MODEL_SNAPSHOTS[requested] ?? requested) : requested;
}

/** `usage.inference_geo` when the request names no geography. */
export const DEFAULT_INFERENCE_GEO = 'not_available';

/** `output_tokens` that `message_start` reports before any content has been generated. */
export const INITIAL_STREAM_OUTPUT_TOKENS = 1;

export type AnthropicStopReason = 'end_turn' | 'max_tokens';

/** Everything a Messages response says, decided before anything is written. */
export interface AnthropicMessagesPlan {
  /** `msg_01` + 22 base-62 characters derived from the request. */
  id: string;
  /** The resolved model. */
  model: string;
  /** Thinking words, when the request enabled thinking (`undefined` otherwise). */
  thinking?: { tokens: string[]; signature: string };
  /** Visible text tokens; one `text_delta` each. */
  tokens: string[];
  stopReason: AnthropicStopReason;
  /** The final usage (non-stream body; `message_start` + `message_delta` merged). */
  usage: AnthropicMessagesUsage;
}

/** Result of {@link planAnthropicMessage}: the plan, or a 400 message. */
export type AnthropicPlanResult = { ok: true; plan: AnthropicMessagesPlan } | { ok: false; message: string };

const ID_LENGTH = 22;

/** An opaque, deterministic `signature` for a thinking block (base64, like the real ones). */
function thinkingSignature(digest: string): string {
  const part = (label: string): Buffer => createHash('sha256').update(`${digest}:signature:${label}`).digest();
  return Buffer.concat([part('0'), part('1')]).toString('base64');
}

/**
 * Decides id, content and usage; deterministic in the request. Without override: `input_tokens`
 * is the counted prompt, no cache reads or writes; output = min(max_tokens, natural 8–16), of
 * which half (rounded down) is thinking when thinking is on. With `x-fake-usage`: `input`,
 * `cache_read`, `cache_write_5m`, `cache_write_1h`, `output` replace those counts (an overridden
 * `output` ignores max_tokens).
 */
export function planAnthropicMessage(request: AnthropicMessagesRequest, override: AnthropicUsageOverride): AnthropicPlanResult {
  const seed = seedFrom(request.seedText);
  const tokenResult = planTokens({
    promptTokens: countPromptTokens(request.promptMessages),
    naturalCompletionTokens: [naturalCompletionTokens(seed.int('length'))],
    maxCompletionTokens: request.maxTokens,
    reasoningModel: request.thinking,
    override: { prompt: override.input, completion: override.output, cached: 0 },
  });
  if (!tokenResult.ok) return tokenResult;
  const tokens = tokenResult.plan;
  const choice = tokens.choices[0] ?? { visible: 1, finishReason: 'stop' as const };
  const write5m = override.cache_write_5m ?? 0;
  const write1h = override.cache_write_1h ?? 0;
  const usage: AnthropicMessagesUsage = {
    input_tokens: tokens.prompt,
    cache_creation_input_tokens: write5m + write1h,
    cache_read_input_tokens: override.cache_read ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
    output_tokens: tokens.completion,
    ...(request.thinking ? { output_tokens_details: { thinking_tokens: tokens.reasoning } } : {}),
    service_tier: 'standard',
    inference_geo: DEFAULT_INFERENCE_GEO,
  };
  const plan: AnthropicMessagesPlan = {
    id: `msg_01${seed.id('id', ID_LENGTH)}`,
    model: resolveAnthropicModel(request.model),
    tokens: replyTokens(seed.int('text:start'), choice.visible),
    stopReason: choice.finishReason === 'length' ? 'max_tokens' : 'end_turn',
    usage,
  };
  if (request.thinking) {
    plan.thinking = {
      tokens: replyTokens(seed.int('thinking:start'), tokens.reasoning),
      signature: thinkingSignature(seed.digest),
    };
  }
  return { ok: true, plan };
}

/** The content blocks of the complete message. */
function contentBlocks(plan: AnthropicMessagesPlan): unknown[] {
  const text = { type: 'text', text: plan.tokens.join('') };
  if (plan.thinking === undefined) return [text];
  return [{ type: 'thinking', thinking: plan.thinking.tokens.join(''), signature: plan.thinking.signature }, text];
}

/** The `message` object, complete (non-stream) or as `message_start` carries it. */
function messageObject(plan: AnthropicMessagesPlan, complete: boolean): Record<string, unknown> {
  return {
    model: plan.model,
    id: plan.id,
    type: 'message',
    role: 'assistant',
    content: complete ? contentBlocks(plan) : [],
    stop_reason: complete ? plan.stopReason : null,
    stop_sequence: null,
    stop_details: null,
    usage: complete ? plan.usage : anthropicStartUsage(plan),
  };
}

/** The non-stream message body (compact JSON, the API's key order: `model` first). */
export function buildAnthropicMessage(plan: AnthropicMessagesPlan): string {
  return JSON.stringify(messageObject(plan, true));
}

/** The usage `message_start` carries: input side final, `output_tokens` 1, no output details. */
export function anthropicStartUsage(plan: AnthropicMessagesPlan): AnthropicMessagesUsage {
  const { output_tokens_details: _details, ...usage } = plan.usage;
  return { ...usage, output_tokens: INITIAL_STREAM_OUTPUT_TOKENS };
}

/** The cumulative usage `message_delta` carries (the fields the SDK writes over `message_start`'s). */
function deltaUsage(usage: AnthropicMessagesUsage): Record<string, unknown> {
  return {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens: usage.output_tokens,
    ...(usage.output_tokens_details === undefined ? {} : { output_tokens_details: usage.output_tokens_details }),
  };
}

function event(name: string, data: Record<string, unknown>): SseEvent {
  return { event: name, data: JSON.stringify({ type: name, ...data }) };
}

/** Indexes of the events that carry usage, for the ledger. */
export interface AnthropicStreamLayout {
  messageStart: number;
  messageDelta: number;
  total: number;
}

/** Where `message_start` and `message_delta` fall in {@link anthropicStreamEvents}. */
export function anthropicStreamLayout(plan: AnthropicMessagesPlan): AnthropicStreamLayout {
  // message_start, content_block_start, ping, text deltas, content_block_stop
  let total = 4 + plan.tokens.length;
  // thinking block: start, deltas, signature_delta, stop
  if (plan.thinking !== undefined) total += 3 + plan.thinking.tokens.length;
  // message_delta, message_stop
  return { messageStart: 0, messageDelta: total, total: total + 2 };
}

/**
 * The events of a streamed message, produced lazily: `message_start`, per content block
 * `content_block_start` (the first followed by `ping`), one delta per token (`thinking_delta` then
 * `signature_delta` for a thinking block, `text_delta` for text), `content_block_stop`; then
 * `message_delta` with the stop reason and cumulative usage, and `message_stop`.
 */
export function* anthropicStreamEvents(plan: AnthropicMessagesPlan): Generator<SseEvent> {
  yield event('message_start', { message: messageObject(plan, false) });
  let index = 0;
  const blockStart = (contentBlock: Record<string, unknown>): SseEvent => event('content_block_start', { index, content_block: contentBlock });
  const ping: SseEvent = { event: 'ping', data: '{"type": "ping"}' };
  if (plan.thinking !== undefined) {
    yield blockStart({ type: 'thinking', thinking: '', signature: '' });
    yield ping;
    for (const token of plan.thinking.tokens) {
      yield event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: token } });
    }
    yield event('content_block_delta', { index, delta: { type: 'signature_delta', signature: plan.thinking.signature } });
    yield event('content_block_stop', { index });
    index += 1;
    yield blockStart({ type: 'text', text: '' });
  } else {
    yield blockStart({ type: 'text', text: '' });
    yield ping;
  }
  for (const token of plan.tokens) {
    yield event('content_block_delta', { index, delta: { type: 'text_delta', text: token } });
  }
  yield event('content_block_stop', { index });
  yield event('message_delta', {
    delta: { stop_reason: plan.stopReason, stop_sequence: null, stop_details: null },
    usage: deltaUsage(plan.usage),
  });
  yield event('message_stop', {});
}
