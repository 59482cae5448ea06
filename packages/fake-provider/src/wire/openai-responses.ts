import { createHash } from 'node:crypto';
import { replyTokens } from '../reply-text.js';
import { seedFrom } from '../seed.js';
import type { SseEvent } from '../sse.js';
import { countPromptTokens, naturalCompletionTokens, planTokens } from '../tokens.js';
import type { OpenAIResponsesUsage } from '../types.js';
import type { UsageOverride } from '../usage-override.js';
import { responseServiceTier } from './openai-chat.js';
import { isReasoningModel, resolveModel } from './openai-models.js';
import type { OpenAIResponsesRequest } from './openai-responses-request.js';

/** Everything a Responses API response says, decided before anything is written. */
export interface OpenAIResponsesPlan {
  /** `resp_` + 50 hex characters derived from the request. */
  id: string;
  /** `msg_` + 50 hex characters. */
  messageId: string;
  /** `rs_` + 50 hex characters, for reasoning models (their output starts with a `reasoning` item). */
  reasoningId?: string;
  /** Seconds since the epoch. */
  createdAt: number;
  /** The resolved model (dated snapshot for well-known aliases). */
  model: string;
  /** `reasoning.effort` as reported: the requested one, `medium` for reasoning models, else `null`. */
  reasoningEffort: string | null;
  /** The requested `service_tier` (reported while in progress; `auto` when absent). */
  requestedServiceTier: string;
  /** The served tier, reported by the final response. */
  serviceTier: string;
  instructions: string | null;
  maxOutputTokens: number | null;
  /** Visible tokens; one `response.output_text.delta` each. */
  tokens: string[];
  /** `incomplete` when `max_output_tokens` cut the reply. */
  status: 'completed' | 'incomplete';
  /**
   * Per delta, its `obfuscation`: random base-62 characters that pad the delta text to 16 characters
   * (the remainder of 16 when longer), as the API's stream does.
   */
  obfuscation: string[];
  usage: OpenAIResponsesUsage;
}

/** Result of {@link planOpenAIResponse}: the plan, or a 400 message. */
export type OpenAIResponsesPlanResult = { ok: true; plan: OpenAIResponsesPlan } | { ok: false; message: string };

/** 50 hex characters derived from the request, different per `label`. */
function hexId(digest: string, label: string): string {
  return createHash('sha256').update(`${digest}:${label}`).digest('hex').slice(0, 50);
}

/**
 * Decides ids, content and usage; deterministic in the request. Token rules as for chat with one
 * choice: output = min(max_output_tokens, natural 8–16), reasoning = half of it (rounded down)
 * for reasoning models, included in `output_tokens`; `x-fake-usage` as for chat (`prompt`,
 * `completion` → `output_tokens`, `cached`, `reasoning`).
 */
export function planOpenAIResponse(request: OpenAIResponsesRequest, override: UsageOverride, nowMs: number): OpenAIResponsesPlanResult {
  const seed = seedFrom(request.seedText);
  const reasoningModel = isReasoningModel(request.model);
  const tokenResult = planTokens({
    promptTokens: countPromptTokens(request.promptMessages),
    naturalCompletionTokens: [naturalCompletionTokens(seed.int('length'))],
    maxCompletionTokens: request.maxOutputTokens,
    reasoningModel,
    override,
  });
  if (!tokenResult.ok) return tokenResult;
  const tokens = tokenResult.plan;
  const choice = tokens.choices[0] ?? { visible: 1, finishReason: 'stop' as const };
  const visible = replyTokens(seed.int('text:start'), choice.visible);
  const plan: OpenAIResponsesPlan = {
    id: `resp_${hexId(seed.digest, 'response')}`,
    messageId: `msg_${hexId(seed.digest, 'message')}`,
    createdAt: Math.floor(nowMs / 1000),
    model: resolveModel(request.model),
    reasoningEffort: request.reasoningEffort ?? (reasoningModel ? 'medium' : null),
    requestedServiceTier: request.serviceTier ?? 'auto',
    serviceTier: responseServiceTier(request.serviceTier),
    instructions: request.instructions,
    maxOutputTokens: request.maxOutputTokens ?? null,
    tokens: visible,
    status: choice.finishReason === 'length' ? 'incomplete' : 'completed',
    obfuscation: obfuscationPads(seed.id('obfuscation', 64), visible),
    usage: {
      input_tokens: tokens.prompt,
      input_tokens_details: { cached_tokens: tokens.cached },
      output_tokens: tokens.completion,
      output_tokens_details: { reasoning_tokens: tokens.reasoning },
      total_tokens: tokens.prompt + tokens.completion,
    },
  };
  if (reasoningModel) plan.reasoningId = `rs_${hexId(seed.digest, 'reasoning')}`;
  return { ok: true, plan };
}

/** The length a delta and its `obfuscation` are padded to. */
const OBFUSCATION_TARGET = 16;

function obfuscationPads(pool: string, tokens: string[]): string[] {
  return tokens.map((token, index) => {
    const length = OBFUSCATION_TARGET - (token.length % OBFUSCATION_TARGET);
    const start = (index * 7) % (pool.length - length + 1);
    return pool.slice(start, start + length);
  });
}

type Phase = 'in_progress' | 'final';

function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

function reasoningItem(plan: OpenAIResponsesPlan): Record<string, unknown> {
  return { id: plan.reasoningId, type: 'reasoning', summary: [] };
}

function messageItem(plan: OpenAIResponsesPlan, phase: Phase): Record<string, unknown> {
  return {
    id: plan.messageId,
    type: 'message',
    status: phase === 'final' ? plan.status : 'in_progress',
    content: phase === 'final' ? [outputText(plan.tokens.join(''))] : [],
    role: 'assistant',
  };
}

/** The output items of the final response: the reasoning item (reasoning models), then the message. */
function outputItems(plan: OpenAIResponsesPlan): Array<Record<string, unknown>> {
  return [...(plan.reasoningId === undefined ? [] : [reasoningItem(plan)]), messageItem(plan, 'final')];
}

/** The `response` object: in progress (no output, no usage) or final. */
function responseObject(plan: OpenAIResponsesPlan, phase: Phase): Record<string, unknown> {
  const final = phase === 'final';
  return {
    id: plan.id,
    object: 'response',
    created_at: plan.createdAt,
    status: final ? plan.status : 'in_progress',
    background: false,
    completed_at: final && plan.status === 'completed' ? plan.createdAt : null,
    error: null,
    frequency_penalty: 0,
    incomplete_details: final && plan.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: plan.instructions,
    max_output_tokens: plan.maxOutputTokens,
    max_tool_calls: null,
    model: plan.model,
    output: final ? outputItems(plan) : [],
    parallel_tool_calls: true,
    presence_penalty: 0,
    previous_response_id: null,
    prompt_cache_key: null,
    prompt_cache_retention: null,
    reasoning: { effort: plan.reasoningEffort, summary: null },
    safety_identifier: null,
    service_tier: final ? plan.serviceTier : plan.requestedServiceTier,
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage: final ? plan.usage : null,
    user: null,
    metadata: {},
  };
}

/** The non-stream `response` body (compact JSON, the API's key order). */
export function buildOpenAIResponse(plan: OpenAIResponsesPlan): string {
  return JSON.stringify(responseObject(plan, 'final'));
}

/** Number of events {@link openAIResponsesStreamEvents} yields; the last carries the usage. */
export function openAIResponsesStreamEventCount(plan: OpenAIResponsesPlan): number {
  // created, in_progress, [reasoning added + done], message added, part added, deltas, text done,
  // part done, message done, completed / incomplete
  return 8 + (plan.reasoningId === undefined ? 0 : 2) + plan.tokens.length;
}

/**
 * The named events of a streamed response, each with a `sequence_number` from 0:
 * `response.created`, `response.in_progress`, for reasoning models the reasoning item's
 * `response.output_item.added` / `.done`, the message's `response.output_item.added`,
 * `response.content_part.added`, one `response.output_text.delta` per token (with its
 * `obfuscation` unless `includeObfuscation` is false), `response.output_text.done`,
 * `response.content_part.done`, `response.output_item.done`, and `response.completed` (or
 * `response.incomplete`) with the full response and its usage. Each event's members are `type`,
 * then the others in alphabetical order, as the API writes them.
 */
export function* openAIResponsesStreamEvents(plan: OpenAIResponsesPlan, options: { includeObfuscation: boolean }): Generator<SseEvent> {
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>): SseEvent => {
    const members: Record<string, unknown> = { ...data, sequence_number: sequence++ };
    const ordered: Record<string, unknown> = { type };
    for (const key of Object.keys(members).sort()) ordered[key] = members[key];
    return { event: type, data: JSON.stringify(ordered) };
  };
  yield event('response.created', { response: responseObject(plan, 'in_progress') });
  yield event('response.in_progress', { response: responseObject(plan, 'in_progress') });
  let outputIndex = 0;
  if (plan.reasoningId !== undefined) {
    yield event('response.output_item.added', { output_index: outputIndex, item: reasoningItem(plan) });
    yield event('response.output_item.done', { output_index: outputIndex, item: reasoningItem(plan) });
    outputIndex += 1;
  }
  const text = plan.tokens.join('');
  const at = { item_id: plan.messageId, output_index: outputIndex, content_index: 0 };
  yield event('response.output_item.added', { output_index: outputIndex, item: messageItem(plan, 'in_progress') });
  yield event('response.content_part.added', { ...at, part: outputText('') });
  for (const [index, token] of plan.tokens.entries()) {
    const obfuscation = options.includeObfuscation ? { obfuscation: plan.obfuscation[index] } : {};
    yield event('response.output_text.delta', { ...at, delta: token, logprobs: [], ...obfuscation });
  }
  yield event('response.output_text.done', { ...at, text, logprobs: [] });
  yield event('response.content_part.done', { ...at, part: outputText(text) });
  yield event('response.output_item.done', { output_index: outputIndex, item: messageItem(plan, 'final') });
  const last = plan.status === 'completed' ? 'response.completed' : 'response.incomplete';
  yield event(last, { response: responseObject(plan, 'final') });
}
