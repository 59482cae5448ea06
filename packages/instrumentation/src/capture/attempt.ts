import { endAttemptSpan, guardFallbackAttributes, guardRejectionAttributes, startAttemptSpan } from '../record/attempt-span.js';
import { context, createContextKey, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { FetchFunction, FetchInput } from '../types.js';
import { abortSource, type AbortSource, type StreamEvent, type StreamFraming, type StreamParser } from '@genai-otel/providers';
import type { EventAction, ResponseFacts } from '@genai-otel/providers';
import type { CaptureRuntime } from './capture-runtime.js';
import type { ChunkGapRecorder } from '../record/chunk-gaps.js';
import { ERROR_TYPES, errorTypeFromException, errorTypeFromStatus, type FailureContext } from './error-type.js';
import type { AttemptOutcome, Operation } from './operation.js';
import type { GuardFallback } from './guard-fallbacks.js';
import { observeJsonBody } from './json-body.js';
import { failureMessage } from './redact-secrets.js';
import { headersForRewrittenBody } from './request-headers.js';
import type { StreamEnd, StreamTapHooks } from './chunk-tap.js';
import { tapBody } from './stream-tap.js';

/**
 * The attempt whose request is being sent, in the context of the inner fetch call: a guard below reports to it, and
 * a nested instrumented fetch seeing it passes straight through (one context value for both: each `setValue` copies
 * the context's map).
 * The context holds a {@link CurrentAttempt}, emptied when the attempt ends: whatever the inner fetch creates
 * keeps its context (a pooled keep-alive socket, a timer), and must not keep the attempt — its operation, parser
 * and response — alive with it (~40 KB per stream: +40–60 MB RSS with 1,000 concurrent streams, bench/README.md).
 */
export const CURRENT_ATTEMPT = createContextKey('genai-otel current attempt');

/** What CURRENT_ATTEMPT holds: the attempt until it ends. */
export interface CurrentAttempt {
  attempt: Attempt | undefined;
}

/** What the fetch wrapper learned about the request before sending it. */
export interface AttemptRequest {
  input: FetchInput;
  init: RequestInit | undefined;
  /** The body to send instead of the caller's, when the provider API module changed the request. */
  rewrittenBody: string | undefined;
  /** `X-Stainless-Retry-Count`, for SDKs that retry on their own (the attempt's resend count); undefined for other clients. */
  retryCount: number | undefined;
  /** `X-Stainless-Timeout` in seconds (the SDK's own timeout). */
  sdkTimeoutSeconds: number | undefined;
  /** Set when a guard above sent this request to its fallback instead of the primary. */
  fallback?: GuardFallback | undefined;
}

const PASS: EventAction = { kind: 'pass', output: false };
const STREAM_CANCELLED = 'stream cancelled by the caller';

/**
 * One HTTP attempt of an operation: sends the request (with the rewritten body when the provider API module
 * changed it), reads the response as it passes (a clone for JSON, a pass-through for streams) and
 * reports how it ended to its operation. An operation with more than one attempt (a retrying client
 * seen in an operation scope) gets one attempt span per attempt, child of the operation span.
 */
export class Attempt implements StreamTapHooks {
  /** Attributes set on this attempt before its span exists (kept with it for a later span); made on first use. */
  private extraAttributes: Attributes | undefined;
  private span: Span | undefined;
  private startedAt = 0;
  /** This attempt's index in its operation (0 for the first). */
  private index = 0;
  private lastChunkAt = 0;
  private ended = false;
  private httpStatus: number | undefined;
  /** True while this attempt listens to its request's signal (it is the listener: {@link handleEvent}). */
  private listening = false;
  /** How the request's signal aborted, once it has (what dispatched the abort, and its reason). */
  private abort: { source: AbortSource; reason: unknown } | undefined;
  /*
   * The stream being read, if the response is one. The attempt itself is the stream tap's hooks (onEvent, onEnd), and
   * the signal's listener: methods, not a closure (and a context) each per stream in flight.
   */
  private parser: StreamParser | undefined;
  private gaps: ChunkGapRecorder | undefined;
  private firstChunkSeen = false;
  private streamEnded = false;
  /** The inner fetch's context holds this, not the attempt (see CURRENT_ATTEMPT). */
  private readonly current: CurrentAttempt = { attempt: this };
  /** Set when the request went to a guard's fallback. */
  private fallback: GuardFallback | undefined;
  /** False when a guard ended the call before any request was sent: not an HTTP attempt. */
  private sent = true;
  /**
   * The caller's request until it is handed to fetch, then dropped: its init holds the request's headers and body
   * (the whole prompt), which the client lets go of once fetch has them, and a stream in flight must not keep.
   */
  private unsent: AttemptRequest | undefined;
  /** The request's signal (what an attempt learns of the request after it is sent: see AttemptRequest). */
  private readonly signal: AbortSignal | undefined;
  private readonly retryCount: number | undefined;
  private readonly sdkTimeoutSeconds: number | undefined;

  constructor(
    private readonly runtime: CaptureRuntime,
    private readonly operation: Operation,
    request: AttemptRequest,
  ) {
    this.unsent = request;
    this.signal = request.init?.signal ?? (request.input instanceof Request ? request.input.signal : undefined);
    this.retryCount = request.retryCount;
    this.sdkTimeoutSeconds = request.sdkTimeoutSeconds;
  }

  async run(original: FetchFunction): Promise<Response> {
    const request = this.unsent!;
    this.unsent = undefined;
    let fetchContext: Context;
    let args: [FetchInput, RequestInit | undefined];
    try {
      fetchContext = this.start();
      args = this.requestArguments(request);
      this.observeAbort();
      if (request.fallback !== undefined) this.redirected(request.fallback);
    } catch (error) {
      this.runtime.diag.error('genai-otel: could not start an attempt; the request is sent uninstrumented', error);
      this.end({ response: undefined, errorType: undefined, errorMessage: undefined });
      return original(request.input, request.init);
    }
    let response: Response;
    try {
      response = await context.with(fetchContext, () => original(args[0], args[1]));
    } catch (error) {
      this.fail(error, 'request');
      throw error;
    }
    try {
      return this.onResponse(response);
    } catch (error) {
      this.runtime.diag.error('genai-otel: could not read an LLM response', error);
      this.end({ response: undefined, errorType: undefined, errorMessage: undefined });
      return response;
    }
  }

  /**
   * A guard decided before this request was sent (`notSent`): it turned the call away (`reason`: an operation, and
   * attempt, with `error.type` `guard_rejected`), or the caller's signal aborted while the call waited in its queue.
   * Either way not an HTTP attempt. Ends the attempt; called for a guard above or below the fetch wrapper.
   */
  notSent(outcome: { reason: string; error: { name: string; message: string } } | { reason: undefined; error: unknown }): void {
    this.sent = false;
    if (outcome.reason === undefined) {
      this.fail(outcome.error, 'request');
      return;
    }
    this.setGuardAttributes(guardRejectionAttributes(outcome.reason));
    this.end({ response: undefined, errorType: ERROR_TYPES.guardRejected, errorMessage: `${outcome.error.name}: ${outcome.error.message}` });
  }

  /** A request that went to a guard's fallback: the spans record where it went and why (`server.*` stay the primary's). */
  redirected(fallback: GuardFallback): void {
    this.fallback = fallback;
    this.setGuardAttributes(guardFallbackAttributes(fallback));
  }

  /** An attempt for a request a guard above did not send: started (attempt span, index) and ended at once. */
  endUnsent(outcome: Parameters<Attempt['notSent']>[0]): void {
    try {
      this.start();
    } catch (error) {
      this.runtime.diag.error('genai-otel: could not start an attempt', error);
    }
    this.notSent(outcome);
  }

  private setGuardAttributes(attributes: Attributes): void {
    this.span?.setAttributes(attributes);
    this.extraAttributes = Object.assign(this.extraAttributes ?? {}, attributes);
    this.operation.span.setAttributes(attributes);
  }

  private start(): Context {
    const index = this.operation.attemptStarted();
    this.index = index;
    this.startedAt = performance.now();
    // The SDK's own count (x-stainless-retry-count) restarts at 0 when something outside the SDK retries
    // (LangChain's AsyncCaller, a loop in withGenAIOperation): the attempts before this one in the operation.
    const resendCount = Math.max(this.retryCount ?? 0, index);
    let parent = this.operation.context;
    // Attempt spans only when there is more than one attempt: a retry gets its span now, and the
    // attempts before it get theirs from what the operation kept of them (start, end, outcome).
    if (this.operation.grouped && index > 0) {
      this.operation.emitEarlierAttemptSpans();
      this.span = startAttemptSpan(this.runtime.tracer, this.operation.name, parent, resendCount);
      parent = trace.setSpan(parent, this.span);
    }
    return parent.setValue(CURRENT_ATTEMPT, this.current);
  }

  /** The caller's arguments, with the rewritten body when the request was changed. */
  private requestArguments({ input, init, rewrittenBody: body }: AttemptRequest): [FetchInput, RequestInit | undefined] {
    if (body === undefined) return [input, init];
    if (input instanceof Request && init?.body === undefined) {
      const headers = new Headers(input.headers);
      headers.delete('content-length');
      return [new Request(input, { ...init, body, headers }), undefined];
    }
    const rewritten: RequestInit = { ...init, body };
    if (init?.headers !== undefined) rewritten.headers = headersForRewrittenBody(init.headers);
    return [input, rewritten];
  }

  private onResponse(response: Response): Response {
    this.httpStatus = response.status;
    // A fallback's headers describe the secondary's quota, not the provider's: left off the gauges.
    if (this.fallback === undefined) this.runtime.metrics.recordRateLimits(this.gaugeAttributes(), response.headers);
    if (response.status >= 400) {
      this.end({ response: undefined, errorType: errorTypeFromStatus(response.status), errorMessage: `HTTP ${response.status}` });
      return response;
    }
    const body = response.body;
    if (body === null) {
      this.end({ response: undefined, errorType: undefined, errorMessage: undefined });
      return response;
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (this.operation.api.framing.matches(contentType)) return this.onStream(response, body);
    return this.observeJsonBody(response);
  }

  /** Non-streaming: the body is read where the caller reads it (parsed once, by the caller). */
  private observeJsonBody(response: Response): Response {
    const api = this.operation.api;
    const parsed = (body: unknown): void => {
      const result = api.parseResponse(body, this.operation.request);
      this.end({
        response: result,
        errorType: result.errorType ?? (result.malformed ? ERROR_TYPES.invalidResponse : undefined),
        errorMessage: result.errorType !== undefined ? 'the provider reported an error' : result.malformed ? `response is not a ${api.name} body` : undefined,
      });
    };
    return observeJsonBody(response, this.runtime.config.maxResponseBodyBytes, {
      onJson: parsed,
      onText: (text) => {
        if (text === undefined) {
          this.runtime.diag.warn('genai-otel: response body above maxResponseBodyBytes; span ends without usage');
          this.end({ response: undefined, errorType: undefined, errorMessage: undefined });
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          this.runtime.diag.warn(`genai-otel: ${api.name} response is not valid JSON`);
          this.end({ response: undefined, errorType: ERROR_TYPES.invalidResponse, errorMessage: 'response body is not valid JSON' });
          return;
        }
        parsed(body);
      },
      onError: (error) => this.fail(error, 'body'),
    });
  }

  private onStream(response: Response, body: ReadableStream<Uint8Array>): Response {
    this.parser = this.operation.api.createStreamParser(this.operation.request);
    // SDKs stop a stream early (a `break` out of `for await`) by aborting the request's signal; the
    // body may never be read again, so the attempt ends on the abort itself (handleEvent).
    if (this.signal?.aborted) this.onEnd({ kind: 'error', error: abortReason(this.signal) });
    return tapBody(response, body, this);
  }

  /** Stream tap hooks: whether the tap edits the stream (the usage the request asked for is taken out). */
  get edits(): boolean {
    return this.operation.request.usageInjected;
  }

  /** Stream tap hooks: how the stream is cut into events. */
  get framing(): StreamFraming {
    return this.operation.api.framing;
  }

  /** Stream tap hooks: one event of the stream. */
  onEvent(event: StreamEvent): EventAction {
    const parser = this.parser!;
    const action = parser.fromBytes?.(event) ?? (event.data === undefined ? PASS : parser.onEvent(event.data));
    if (action.output) {
      const now = performance.now();
      if (!this.firstChunkSeen) {
        this.firstChunkSeen = true;
        this.operation.firstChunkAt = now;
      } else if (this.runtime.config.chunkTimings) {
        // The stream's attributes are bound once, on its second chunk (the response model is known by then).
        this.gaps ??= this.runtime.metrics.chunkGaps(this.operation.metricAttributes(parser.result().model));
        this.gaps.record((now - this.lastChunkAt) / 1000);
      }
      this.lastChunkAt = now;
    }
    // The API's end marker: the call is complete here, whether or not the client reads on.
    if (action.kind === 'pass' && action.last === true) this.onEnd({ kind: 'complete' });
    return action;
  }

  /** Stream tap hooks: the stream's end (also on the signal's abort), once. */
  onEnd(end: StreamEnd): void {
    if (this.streamEnded) return;
    this.streamEnded = true;
    this.gaps?.end();
    const result = this.parser!.result();
    // SDKs cancel the body once they have read the end marker (`[DONE]`): that is a complete stream.
    if (end.kind === 'complete' || result.complete) {
      this.end({
        response: result,
        errorType: result.errorType ?? (result.malformed ? ERROR_TYPES.invalidResponse : undefined),
        errorMessage:
          result.errorType !== undefined
            ? 'the provider reported an error in the stream'
            : result.malformed
              ? `stream carried events that are not ${this.operation.api.name} chunks`
              : undefined,
      });
    } else if (end.kind === 'cancel' && !result.malformed) {
      this.end({ response: result, errorType: ERROR_TYPES.streamCancelled, errorMessage: STREAM_CANCELLED });
    } else {
      this.fail(end.kind === 'error' ? end.error : end.reason, 'body', result, true);
    }
  }

  /**
   * Listens to the request's signal from before the request is sent, to learn what aborted it: the
   * listener runs inside `abort()`, where a timer's callback (an SDK's timeout) can be told from the
   * caller's code (its AbortController, or a `break` out of a stream). See {@link errorTypeFromException}.
   */
  private observeAbort(): void {
    const signal = this.signal;
    if (!signal) return;
    if (signal.aborted) {
      this.abort = { source: 'other', reason: signal.reason };
      return;
    }
    signal.addEventListener('abort', this, { once: true });
    this.listening = true;
  }

  /** The request's signal aborted (the attempt is its listener, see {@link observeAbort}). */
  handleEvent(): void {
    this.listening = false;
    this.abort = { source: abortSource(), reason: this.signal?.reason };
    if (this.parser !== undefined) this.onEnd({ kind: 'error', error: abortReason(this.signal) });
  }

  /**
   * The attempt failed with an exception. In a stream (`streamed`), what would be a caller's abort is
   * the caller cutting the stream short (`stream_cancelled`): after the response started, a `break`,
   * `stream.controller.abort()` and the caller's AbortController all reach the fetch layer as the
   * same abort, and none of them is a failure of the call.
   */
  private fail(error: unknown, phase: FailureContext['phase'], partial?: ResponseFacts, streamed = false): void {
    if (partial?.malformed) {
      // The SDK gives up on a stream it cannot parse (and aborts it): the cause is the bad event.
      this.end({
        response: partial,
        errorType: ERROR_TYPES.invalidResponse,
        errorMessage: `stream carried events that are not ${this.operation.api.name} chunks`,
      });
      return;
    }
    const errorType = errorTypeFromException(error, {
      phase,
      elapsedMs: performance.now() - this.startedAt,
      sdkTimeoutSeconds: this.sdkTimeoutSeconds,
      abort: this.abort,
    });
    if (streamed && errorType === ERROR_TYPES.aborted) {
      this.end({ response: partial, errorType: ERROR_TYPES.streamCancelled, errorMessage: STREAM_CANCELLED });
      return;
    }
    this.end({ response: partial, errorType, errorMessage: failureMessage(error) });
  }

  /** The attempt's end, exactly once: its span, the attempts counter, then the operation. */
  private end(outcome: Omit<AttemptOutcome, 'httpStatus' | 'endedAt'>): void {
    if (this.ended) return;
    this.ended = true;
    this.current.attempt = undefined;
    if (this.listening) {
      this.listening = false;
      this.signal?.removeEventListener('abort', this);
    }
    const endedAt = performance.now();
    try {
      if (this.sent) this.runtime.metrics.recordAttempt(this.gaugeAttributes(), outcome.errorType);
      if (this.span) {
        endAttemptSpan(this.span, { ...outcome, httpStatus: this.httpStatus }, performance.timeOrigin + endedAt);
      } else if (this.operation.grouped && outcome.errorType !== undefined) {
        // A failed first attempt of a call that may retry: its span is made if a retry follows.
        this.operation.keepAttempt({
          startedAt: this.startedAt,
          endedAt,
          resendCount: Math.max(this.retryCount ?? 0, this.index),
          httpStatus: this.httpStatus,
          errorType: outcome.errorType,
          errorMessage: outcome.errorMessage,
          attributes: this.extraAttributes ?? {},
        });
      }
    } catch (error) {
      this.runtime.diag.error('genai-otel: failed to record an attempt', error);
    }
    this.operation.attemptEnded({ ...outcome, httpStatus: this.httpStatus, endedAt });
  }

  /** Attributes of the attempt counter and rate-limit gauges: provider, model, server. */
  private gaugeAttributes(): Attributes {
    return this.operation.metricAttributes(undefined);
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
