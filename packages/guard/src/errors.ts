import type { GuardReason } from './types.js';

/**
 * Thrown by the guarded `fetch` when the guard turns a call away before it reaches the network:
 * the provider's circuit breaker is open (`circuit_open`), the provider asked to wait after a 429
 * (`rate_limited`), or the concurrency queue is full (`queue_full`). SDKs that wrap fetch errors
 * keep it as the `cause` (the `openai` SDK throws `APIConnectionError` with `cause` set); use
 * {@link guardRejection} to find it.
 */
export class GuardRejectedError extends Error {
  override readonly name = 'GuardRejectedError';
  readonly reason: GuardReason;
  /** `gen_ai.provider.name` of the call. */
  readonly provider: string;
  /** `gen_ai.request.model` of the call, when the request names one. */
  readonly model: string | undefined;
  /** How long until the guard lets calls through again, when it knows (open breaker, 429 cool-down). */
  readonly retryAfterMs: number | undefined;

  constructor(reason: GuardReason, provider: string, model: string | undefined, retryAfterMs: number | undefined, detail?: string) {
    super(rejectionMessage(reason, provider, model, retryAfterMs, detail));
    this.reason = reason;
    this.provider = provider;
    this.model = model;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The {@link GuardRejectedError} of `error` or of its `cause` chain (an SDK's wrapper), if any. */
export function guardRejection(error: unknown): GuardRejectedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof GuardRejectedError) return current;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

// Worded so that SDKs which sniff messages for "timed out" do not mistake a rejection for a timeout.
function rejectionMessage(reason: GuardReason, provider: string, model: string | undefined, retryAfterMs: number | undefined, detail?: string): string {
  const target = model === undefined ? provider : `${provider} ${model}`;
  const retry = retryAfterMs === undefined ? '' : `; retry in ${Math.ceil(retryAfterMs)} ms`;
  switch (reason) {
    case 'circuit_open':
      return `genai-otel guard: circuit breaker open for ${target}, call not sent${retry}`;
    case 'rate_limited':
      return `genai-otel guard: ${target} asked to wait after a 429, call not sent${retry}`;
    case 'queue_full':
      return `genai-otel guard: queue full for ${target}${detail ? ` (${detail})` : ''}, call not sent`;
  }
}
