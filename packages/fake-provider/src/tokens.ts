import type { UsageOverride } from './usage-override.js';

/** Completion limit applied when the request sets neither `max_completion_tokens` nor `max_tokens`. */
export const DEFAULT_MAX_COMPLETION_TOKENS = 16;

/** Smallest natural completion length (visible + reasoning) before any limit. */
export const MIN_NATURAL_COMPLETION_TOKENS = 8;

/** Prompts shorter than this are never cached (as with OpenAI prompt caching). */
export const MIN_CACHEABLE_PROMPT_TOKENS = 1024;

/** Cached prefixes grow in steps of this many tokens. */
export const CACHE_GRANULARITY_TOKENS = 128;

const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY_PRIMER = 3;
const CHARS_PER_TOKEN = 4;

/**
 * Number of characters counted for one message: its string `content`, or for an array of
 * parts the `text` of each text part plus the JSON length of every other part; `tool_calls`
 * count their JSON length. Characters are JavaScript string length (UTF-16 code units).
 */
export function messageChars(message: unknown): number {
  if (typeof message !== 'object' || message === null) return 0;
  const { content, tool_calls: toolCalls } = message as { content?: unknown; tool_calls?: unknown };
  let chars = 0;
  if (typeof content === 'string') {
    chars += content.length;
  } else if (Array.isArray(content)) {
    for (const part of content as unknown[]) {
      const text = (part as { type?: unknown; text?: unknown } | null)?.text;
      chars += typeof text === 'string' ? text.length : JSON.stringify(part ?? null).length;
    }
  }
  if (toolCalls !== undefined && toolCalls !== null) chars += JSON.stringify(toolCalls).length;
  return chars;
}

/** Prompt tokens: for each message `3 + ceil(chars / 4)`, plus 3 for the reply primer. */
export function countPromptTokens(messages: readonly unknown[]): number {
  let tokens = TOKENS_PER_REPLY_PRIMER;
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE + Math.ceil(messageChars(message) / CHARS_PER_TOKEN);
  }
  return tokens;
}

/** Cached prompt tokens: 0 below 1024, otherwise the largest multiple of 128 that is ≤ the prompt. */
export function cachedTokensFor(promptTokens: number): number {
  if (promptTokens < MIN_CACHEABLE_PROMPT_TOKENS) return 0;
  return Math.floor(promptTokens / CACHE_GRANULARITY_TOKENS) * CACHE_GRANULARITY_TOKENS;
}

/** Natural completion length of one choice from a seed: 8 to 16 tokens. */
export function naturalCompletionTokens(seed: number): number {
  return MIN_NATURAL_COMPLETION_TOKENS + (seed % (DEFAULT_MAX_COMPLETION_TOKENS - MIN_NATURAL_COMPLETION_TOKENS + 1));
}

/** Reasoning share of a reasoning model's completion: half, rounded down. */
export function reasoningTokensFor(completionTokens: number): number {
  return Math.floor(completionTokens / 2);
}

/** Why a choice stopped. */
export type FinishReason = 'stop' | 'length';

/** Token counts of one choice. */
export interface ChoiceTokens {
  /** Completion tokens of this choice, reasoning included. */
  completion: number;
  /** Reasoning tokens of this choice (⊂ completion). */
  reasoning: number;
  /** Visible content tokens = streamed content chunks: `max(1, completion - reasoning)`. */
  visible: number;
  finishReason: FinishReason;
}

/** Token counts of a whole response. */
export interface TokenPlan {
  prompt: number;
  /** Cached prompt tokens (⊂ prompt). */
  cached: number;
  /** Sum over choices, reasoning included. */
  completion: number;
  /** Sum over choices (⊂ completion). */
  reasoning: number;
  choices: ChoiceTokens[];
}

/** Inputs of {@link planTokens}. */
export interface TokenPlanInput {
  /** Prompt tokens counted from the messages. */
  promptTokens: number;
  /** Natural completion length per choice (see {@link naturalCompletionTokens}); one entry per choice. */
  naturalCompletionTokens: readonly number[];
  /** The caller's limit (`max_completion_tokens ?? max_tokens`), if any. */
  maxCompletionTokens: number | undefined;
  /** Whether the model reasons (its reasoning tokens count inside completion tokens). */
  reasoningModel: boolean;
  /** Counts forced by `x-fake-usage`. */
  override: UsageOverride;
}

/** Result of {@link planTokens}: the plan, or a message for a 400 response. */
export type TokenPlanResult = { ok: true; plan: TokenPlan } | { ok: false; message: string };

/** Splits `total` over `parts` as evenly as possible, earlier parts taking the remainder. */
function distribute(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const remainder = total % parts;
  return Array.from({ length: parts }, (_, index) => base + (index < remainder ? 1 : 0));
}

/**
 * Decides every token count of a response.
 * Without override: completion = min(limit ?? 16, natural length) per choice, finish `length`
 * only when the caller's limit cut the natural length; reasoning = half of it for reasoning models.
 * An overridden `completion` / `reasoning` is the response total, spread evenly over the choices
 * (finish `stop`); an overridden `prompt` feeds the cached-token rule unless `cached` is given too.
 */
export function planTokens(input: TokenPlanInput): TokenPlanResult {
  const { override, maxCompletionTokens, reasoningModel } = input;
  const choiceCount = input.naturalCompletionTokens.length;
  const prompt = override.prompt ?? input.promptTokens;
  const cached = override.cached ?? cachedTokensFor(prompt);
  if (cached > prompt) {
    return { ok: false, message: `x-fake-usage: cached (${cached}) must not exceed prompt (${prompt}).` };
  }

  const limit = maxCompletionTokens ?? DEFAULT_MAX_COMPLETION_TOKENS;
  const completions =
    override.completion === undefined ? input.naturalCompletionTokens.map((natural) => Math.min(limit, natural)) : distribute(override.completion, choiceCount);
  const finishReasons: FinishReason[] = input.naturalCompletionTokens.map((natural) =>
    override.completion === undefined && maxCompletionTokens !== undefined && natural > maxCompletionTokens ? 'length' : 'stop',
  );
  const completion = completions.reduce((sum, value) => sum + value, 0);
  const reasonings =
    override.reasoning === undefined
      ? completions.map((value) => (reasoningModel ? reasoningTokensFor(value) : 0))
      : distribute(override.reasoning, choiceCount);
  const reasoning = reasonings.reduce((sum, value) => sum + value, 0);
  if (reasoning > completion) {
    return { ok: false, message: `x-fake-usage: reasoning (${reasoning}) must not exceed completion (${completion}).` };
  }

  const choices = completions.map((choiceCompletion, index): ChoiceTokens => {
    const choiceReasoning = reasonings[index] ?? 0;
    return {
      completion: choiceCompletion,
      reasoning: choiceReasoning,
      visible: Math.max(1, choiceCompletion - choiceReasoning),
      finishReason: finishReasons[index] ?? 'stop',
    };
  });
  return { ok: true, plan: { prompt, cached, completion, reasoning, choices } };
}
