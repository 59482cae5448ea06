import type { BreakerOutcome } from './breaker.js';
import { GuardRejectedError } from './errors.js';
import { publish, type GuardHandle, type GuardRequest, type GuardSnapshot } from './events.js';
import { fallbackArguments, fallbackTarget, type FallbackTarget } from './fallback.js';
import { abortIsFromTimer, errorTypeOfException, errorTypeOfStatus } from './outcome.js';
import { recognise, type RecognisedCall, type RecogniseOptions } from './recognise.js';
import { ProviderState, type Blocked, type TargetState } from './targets.js';
import type { FetchFunction, FetchInput, GuardConfig } from './types.js';

/** A guard: its `fetch`, and what it holds now. */
export interface Guard extends GuardHandle {
  /** The guarded `fetch`: pass it to an SDK (`new OpenAI({ fetch: guard.fetch })`) or call it as `fetch`. */
  readonly fetch: FetchFunction;
  /** Breaker states and queue lengths now (what the instrumentation's gauges read). */
  snapshot(): GuardSnapshot;
  /**
   * Stops guarding: the state is dropped, the gauges end, and `fetch` sends every call on unguarded (calls
   * already waiting in a queue still get their turn). For an app that replaces its guard, and for tests.
   */
  close(): void;
}

/**
 * A guard for the providers `config` lists: per provider (and model) a circuit breaker, a 429 cool-down that
 * honours `retry-after`, a concurrency limit with a bounded queue, pacing and a fallback base URL. One guard's
 * state is shared by every client given its `fetch`. Requests that are not LLM API calls, and calls to providers
 * it does not list, go to `config.fetch` untouched (their bodies never read).
 *
 * ```ts
 * const guard = createGuard({ providers: { openai: { maxConcurrent: 8, fallback: { baseURL: 'https://gw.internal/openai/v1' } } } });
 * const openai = new OpenAI({ fetch: guard.fetch });
 * ```
 */
export function createGuard(config: GuardConfig): Guard {
  return new GuardImpl(config);
}

/** `createGuard(config).fetch`: a `fetch` guarded by a guard of its own. */
export function guardFetch(config: GuardConfig): FetchFunction {
  return createGuard(config).fetch;
}

class GuardImpl implements Guard {
  readonly fetch: FetchFunction;
  private readonly providers = new Map<string, ProviderState>();
  private readonly send: FetchFunction;
  private readonly recogniseOptions: RecogniseOptions;

  constructor(config: GuardConfig) {
    const inner = config.fetch;
    this.send = inner ?? ((input, init) => globalThis.fetch(input, init));
    this.recogniseOptions = { providerHosts: { ...config.providerHosts }, defaultProviderName: config.defaultProviderName ?? 'openai_compatible' };
    const maxModels = typeof config.maxModels === 'number' && config.maxModels >= 1 ? Math.floor(config.maxModels) : 200;
    const warn = config.warn ?? ((message: string) => console.warn(message));
    for (const [name, policy] of Object.entries(config.providers ?? {})) {
      if (policy !== null && typeof policy === 'object') this.providers.set(name, new ProviderState(name, policy, { maxModels, warn, guard: this }));
    }
    this.fetch = (input, init) => this.guardedFetch(input, init);
    publish({ type: 'created', guard: this });
  }

  close(): void {
    if (this.providers.size === 0) return;
    this.providers.clear();
    publish({ type: 'closed', guard: this });
  }

  snapshot(): GuardSnapshot {
    const snapshot: GuardSnapshot = { breakers: [], queues: [] };
    for (const provider of this.providers.values()) provider.snapshot(snapshot);
    return snapshot;
  }

  private async guardedFetch(input: FetchInput, init?: RequestInit): Promise<Response> {
    const call = this.providers.size === 0 ? undefined : recognise(input, init, this.recogniseOptions);
    const provider = call && this.providers.get(call.provider);
    if (call === undefined || provider === undefined) return this.send(input, init);
    const target = provider.target(call.model);
    const request: GuardRequest = { input, init };

    const blocked = target.blocked(call);
    if (blocked) return this.divert(target, call, request, blocked);
    let releaseSlot: (() => void) | undefined;
    if (target.limiter) {
      const slot = await target.limiter.acquire(call.signal);
      if (slot.kind === 'aborted') {
        publish(() => ({ type: 'aborted', guard: this, target: target.target, error: slot.reason, request }));
        throw slot.reason;
      }
      if (slot.kind === 'queue_full') return this.divert(target, call, request, { reason: 'queue_full', retryAfterMs: undefined, detail: slot.detail });
      releaseSlot = slot.release;
      publish(() => ({ type: 'admitted', guard: this, target: target.target, waitedMs: slot.waitedMs }));
      // The breaker may have opened, or a 429 arrived, while the call waited.
      const late = target.blocked(call);
      if (late) {
        releaseSlot();
        return this.divert(target, call, request, late);
      }
    }
    const report = target.breaker?.admit();
    if (target.breaker && report === undefined) {
      releaseSlot?.();
      return this.divert(target, call, request, { reason: 'circuit_open', retryAfterMs: target.breaker.blockedFor() });
    }
    return this.sendToPrimary(target, call, request, report, releaseSlot);
  }

  /**
   * Sends the caller's request as it is. The breaker and the cool-down learn the outcome from the status or the
   * exception (the guard never reads a body); a concurrency slot is held until the response body has ended.
   */
  private async sendToPrimary(
    target: TargetState,
    call: RecognisedCall,
    request: GuardRequest,
    report: ((outcome: BreakerOutcome) => void) | undefined,
    releaseSlot: (() => void) | undefined,
  ): Promise<Response> {
    const timer = watchTimerAbort(call.signal);
    let response: Response;
    try {
      response = await this.send(request.input, request.init);
    } catch (error) {
      const errorType = errorTypeOfException(error, timer.fired());
      timer.stop();
      target.settle(call, report, errorType, undefined);
      releaseSlot?.();
      const fallback = call.signal?.aborted ? undefined : this.fallback(target, call, errorType);
      if (fallback === undefined) throw error;
      return this.sendToFallback(target, call, request, fallback);
    }
    timer.stop();
    const errorType = errorTypeOfStatus(response.status);
    target.settle(call, report, errorType, response.headers);
    if (errorType !== undefined) {
      const fallback = this.fallback(target, call, errorType);
      if (fallback !== undefined) {
        releaseSlot?.();
        response.body?.cancel().catch(() => {});
        return this.sendToFallback(target, call, request, fallback);
      }
    }
    return releaseSlot === undefined ? response : releasedWhenBodyEnds(response, releaseSlot);
  }

  /** The fallback when the policy lists the reason and the request can be redirected; otherwise the call fails fast. */
  private divert(target: TargetState, call: RecognisedCall, request: GuardRequest, blocked: Blocked): Promise<Response> {
    const fallback = this.fallback(target, call, blocked.reason);
    if (fallback !== undefined) return this.sendToFallback(target, call, request, fallback);
    const error = new GuardRejectedError(blocked.reason, call.provider, call.model, blocked.retryAfterMs, blocked.detail);
    publish(() => ({ type: 'rejected', guard: this, target: target.target, reason: blocked.reason, error, request }));
    return Promise.reject(error);
  }

  private fallback(target: TargetState, call: RecognisedCall, reason: string): FallbackTarget | undefined {
    const policy = target.policy.fallback;
    // A body the guard cannot send twice (a stream) is never redirected.
    if (policy === undefined || !policy.on.has(reason) || call.body === undefined) return undefined;
    return fallbackTarget(policy, call.api, call.method, call.url, reason);
  }

  private sendToFallback(target: TargetState, call: RecognisedCall, request: GuardRequest, fallback: FallbackTarget): Promise<Response> {
    const [href, init] = fallbackArguments(request.input, request.init, call.body!, fallback);
    publish(() => ({
      type: 'fallback',
      guard: this,
      target: target.target,
      reason: fallback.reason,
      server: { address: fallback.serverAddress, port: fallback.serverPort },
      request,
      sent: { input: href, init },
    }));
    return this.send(href, init);
  }
}

/** Whether the request's signal was aborted by a timer (an SDK's timeout) while the request was in flight. */
function watchTimerAbort(signal: AbortSignal | undefined): { fired(): boolean; stop(): void } {
  if (signal === undefined || signal.aborted) return { fired: () => false, stop: () => {} };
  let byTimer = false;
  const onAbort = (): void => {
    byTimer = abortIsFromTimer();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  return { fired: () => byTimer, stop: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * The response with a body that calls `release` once it has ended (read to the end, failed or cancelled); the
 * same bytes, status, headers and `url`. Without a body, `release` is called at once.
 */
function releasedWhenBodyEnds(response: Response, release: () => void): Response {
  const body = response.body;
  if (body === null) {
    release();
    return response;
  }
  const reader = body.getReader();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            release();
            controller.close();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      cancel(reason) {
        release();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const wrapped = new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
  for (const key of ['url', 'redirected', 'type'] as const) Object.defineProperty(wrapped, key, { value: response[key], enumerable: true });
  return wrapped;
}
