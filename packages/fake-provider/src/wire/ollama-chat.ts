// Ollama's native chat response (`POST /api/chat`), as the server marshals it: ollama/ollama
// api/types.go `ChatResponse` (members in struct order: `model`, `created_at`, `message`, `done`,
// `done_reason`, then the embedded `Metrics`: `total_duration`, `load_duration`,
// `prompt_eval_count`, `prompt_eval_duration`, `eval_count`, `eval_duration`; every member after
// `done` is `omitempty`, so zero values are left out), `Message` (`role`, `content`, then the
// `omitempty` `thinking`, `images`, `tool_calls`, …). Durations are nanoseconds
// (docs/api/usage.mdx); `created_at` is Go's RFC 3339 with up to nine fraction digits, trailing
// zeros dropped. Server side, server/routes.go `ChatHandler` + `writeChatResponse`: a stream is one
// line per generated piece (`"done":false`, no metrics) and a last line with empty content,
// `"done":true`, `done_reason` and the metrics; `"stream":false` sends the last line's object with
// the pieces' content and thinking joined. The docs' examples (docs/api.md) are hand-formatted
// and some put `done_reason` before `done`; the server's encoder does not.
import { replyTokens } from '../reply-text.js';
import { seedFrom } from '../seed.js';
import type { SseEvent } from '../sse.js';
import { countPromptTokens, naturalCompletionTokens, planTokens } from '../tokens.js';
import type { OllamaChatMetrics } from '../types.js';
import type { USAGE_OVERRIDE_KEYS, UsageOverrideOf } from '../usage-override.js';
import type { OllamaChatRequest } from './ollama-chat-request.js';

/** The `x-fake-usage` override of Ollama chat: `prompt_eval`, `eval`. */
export type OllamaChatUsageOverride = UsageOverrideOf<(typeof USAGE_OVERRIDE_KEYS)['ollama.chat'][number]>;

/** Why generation stopped (llm/server.go `DoneReason`: `stop`, `length`). */
export type OllamaDoneReason = 'stop' | 'length';

/** Everything a chat response says, decided before anything is written. */
export interface OllamaChatPlan {
  /** The requested model, echoed (Ollama reports the name as sent). */
  model: string;
  /** Go RFC 3339 time of the clock. */
  createdAt: string;
  /** Thinking pieces (thinking models only); one stream line each, before the content. */
  thinking: string[];
  /** Content pieces; one stream line each. */
  content: string[];
  doneReason: OllamaDoneReason;
  metrics: OllamaChatMetrics;
}

/** Result of {@link planOllamaChat}: the plan, or a 400 message. */
export type OllamaChatPlanResult = { ok: true; plan: OllamaChatPlan } | { ok: false; message: string };

/**
 * Model families that think (Ollama's `thinking` capability): they think by default, and
 * `"think": false` turns it off; other models answer `"think": true` with 400.
 */
const THINKING_MODEL = /^(qwen3|deepseek-r1|deepseek-v3\.1|gpt-oss|magistral|phi4-reasoning)(?=$|[:\-.])/;

/** Whether this model thinks for this request, or the 400 message when it cannot. */
export function ollamaThinks(model: string, think: boolean | string | undefined): { ok: true; thinks: boolean } | { ok: false; message: string } {
  const capable = THINKING_MODEL.test(model);
  const asked = think === undefined ? undefined : think !== false;
  if (!capable && asked === true) return { ok: false, message: `"${model}" does not support thinking` };
  return { ok: true, thinks: capable && asked !== false };
}

/** `2025-06-15T15:06:40.5Z`: Go's `time.Time` JSON (RFC 3339, fraction without trailing zeros). */
export function goTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}

/** The metrics members of a final object, zero values left out (`omitempty`). */
function metricsOf(values: Required<OllamaChatMetrics>): OllamaChatMetrics {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== 0)) as OllamaChatMetrics;
}

/**
 * Decides content, thinking and metrics; deterministic in the request. `prompt_eval_count` counts
 * the messages as the other APIs' prompts do (a real server counts only the tokens it had to
 * evaluate, fewer when its prompt cache holds a prefix). `eval_count` is every generated token,
 * thinking included: min(`num_predict`, natural 8–16), half of it thinking for thinking models;
 * `done_reason` is `length` when `num_predict` cut it. Durations: 2 ms to load, 0.4 ms per prompt
 * token, 20 ms per generated token, plus up to 1 ms of overhead derived from the request.
 */
export function planOllamaChat(request: OllamaChatRequest, thinks: boolean, override: OllamaChatUsageOverride, nowMs: number): OllamaChatPlanResult {
  const seed = seedFrom(request.seedText);
  const tokenResult = planTokens({
    promptTokens: countPromptTokens(request.messages),
    naturalCompletionTokens: [naturalCompletionTokens(seed.int('length'))],
    maxCompletionTokens: request.numPredict,
    reasoningModel: thinks,
    override: { prompt: override.prompt_eval, completion: override.eval },
  });
  if (!tokenResult.ok) return tokenResult;
  const tokens = tokenResult.plan;
  const choice = tokens.choices[0] ?? { completion: 1, reasoning: 0, visible: 1, finishReason: 'stop' as const };
  const loadDuration = 2_000_000 + (seed.int('load') % 1_000_000);
  const promptEvalDuration = tokens.prompt * 400_000;
  const evalDuration = tokens.completion * 20_000_000;
  const overhead = seed.int('overhead') % 1_000_000;
  return {
    ok: true,
    plan: {
      model: request.model,
      createdAt: goTimestamp(nowMs),
      thinking: choice.reasoning === 0 ? [] : replyTokens(seed.int('thinking:start'), choice.reasoning),
      content: replyTokens(seed.int('text:start'), choice.visible),
      doneReason: choice.finishReason,
      metrics: metricsOf({
        total_duration: loadDuration + promptEvalDuration + evalDuration + overhead,
        load_duration: loadDuration,
        prompt_eval_count: tokens.prompt,
        prompt_eval_duration: promptEvalDuration,
        eval_count: tokens.completion,
        eval_duration: evalDuration,
      }),
    },
  };
}

/** A `ChatResponse` object in the server's member order. */
function chatResponse(plan: OllamaChatPlan, message: Record<string, string>, done: boolean): Record<string, unknown> {
  const head = { model: plan.model, created_at: plan.createdAt, message: { role: 'assistant', ...message }, done };
  return done ? { ...head, done_reason: plan.doneReason, ...plan.metrics } : head;
}

/** The non-stream body: compact JSON (gin's `c.JSON`), content and thinking joined. */
export function buildOllamaChatResponse(plan: OllamaChatPlan): string {
  const thinking = plan.thinking.join('');
  return JSON.stringify(chatResponse(plan, thinking === '' ? { content: plan.content.join('') } : { content: plan.content.join(''), thinking }, true));
}

/** How many lines a stream has: thinking pieces, content pieces, the final line. */
export function ollamaChatLineCount(plan: OllamaChatPlan): number {
  return plan.thinking.length + plan.content.length + 1;
}

/** The in-band error line of a stream that fails after it started (docs/api/errors.mdx). */
export const OLLAMA_STREAM_ERROR = 'an error was encountered while running the model';

/**
 * The lines of a stream, as events for the NDJSON framing: a thinking line per thinking piece
 * (`"content":""` then `"thinking"`), a line per content piece, the final line with the metrics.
 * With `errorAfter`, that many lines and then `{"error":"…"}` instead of the rest (server/routes.go
 * `streamResponse` encodes the error and ends the stream; the status stays 200).
 */
export function* ollamaChatStreamLines(plan: OllamaChatPlan, errorAfter?: number): Generator<SseEvent> {
  const lines = [
    ...plan.thinking.map((piece) => chatResponse(plan, { content: '', thinking: piece }, false)),
    ...plan.content.map((piece) => chatResponse(plan, { content: piece }, false)),
    chatResponse(plan, { content: '' }, true),
  ];
  for (const [index, line] of lines.entries()) {
    if (index === errorAfter) {
      yield { data: JSON.stringify({ error: OLLAMA_STREAM_ERROR }) };
      return;
    }
    yield { data: JSON.stringify(line) };
  }
}

/** The response to a chat with no messages: the model is loaded, nothing generated (`done_reason: "load"`). */
export function buildOllamaLoadResponse(model: string, nowMs: number): string {
  return JSON.stringify({ model, created_at: goTimestamp(nowMs), message: { role: 'assistant', content: '' }, done: true, done_reason: 'load' });
}
