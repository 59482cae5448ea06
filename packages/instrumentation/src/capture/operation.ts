import { SpanKind, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { metricDimensions } from '../attribution/attribution.js';
import { metricAttributes, type CallRecord } from '../record/call-record.js';
import { priceCall, type PricedCallRecord } from '../record/cost.js';
import type { RequestDigests } from '../record/avoidable-spend.js';
import { endAttemptSpan, startAttemptSpan } from '../record/attempt-span.js';
import { endSpan, requestSpanAttributes } from '../record/span.js';
import type { RequestFacts, ResponseFacts, ProviderApi } from '@genai-otel/providers';
import type { CaptureRuntime } from './capture-runtime.js';
import { failureMessage } from './redact-secrets.js';
import { ERROR_TYPES, errorTypeFromException } from './error-type.js';

/** Where the operation's requests go. */
export interface OperationTarget {
  provider: string;
  serverAddress: string;
  serverPort: number;
}

/**
 * What an operation reads of the scope it was made in (an `OperationScope`: the SDK call or
 * `withGenAIOperation` around it), declared here so that the two files do not import each other.
 */
export interface ScopeOfOperation {
  /** When the scope began (performance.now()): the operation's start. */
  readonly startedAt: number;
  /** The error the scope's promise rejected with, and when (performance.now()), if it did. */
  readonly failure: { error: unknown; at: number } | undefined;
  /** True while the scope's promise or a stream of its result is still pending. */
  readonly waiting: boolean;
  /** When the scope settled (performance.now()). */
  readonly settledAt: number;
}

/** What an operation keeps of an attempt that has no span yet, to make one if a retry follows. */
export interface KeptAttempt {
  startedAt: number;
  endedAt: number;
  resendCount: number;
  httpStatus: number | undefined;
  errorType: string;
  errorMessage: string | undefined;
  attributes: Attributes;
}

/** How one attempt ended. */
export interface AttemptOutcome {
  response: ResponseFacts | undefined;
  errorType: string | undefined;
  errorMessage: string | undefined;
  httpStatus: number | undefined;
  /** `performance.now()` when the attempt ended. */
  endedAt: number;
}

/**
 * One logical LLM call: the GenAI span and, once it is over, its metrics and cost. It has one attempt,
 * or several when the client retries (each attempt a separate fetch).
 *
 * Without a scope (a client genai-otel has no hook for) the operation is its one HTTP request, and
 * ends when that request's response ends or fails. With a scope — an SDK call seen at its request entry
 * point, or {@link withGenAIOperation} — every attempt made in the scope belongs to it; it started when
 * the caller made the call and ends when the caller gets the outcome: when the call's promise rejects
 * (then, with that error), or once it has resolved and the last attempt's response has ended. No
 * timer decides that an operation is over.
 */
export class Operation {
  readonly span: Span;
  /** `performance.now()` when the call started. */
  readonly startedAt: number;
  /** `performance.now()` of the first output chunk of the attempt that streamed. */
  firstChunkAt: number | undefined;
  /** Keyed digests of the request for avoidable spend (never its content), set as the operation starts. */
  digests: RequestDigests | undefined;
  private attempts = 0;
  private inFlight = 0;
  /** Made when the first attempt is kept (a failed one that may be retried). */
  private kept: KeptAttempt[] | undefined;
  private isEnded = false;
  private last: AttemptOutcome | undefined;
  /** The call's attribution on the promoted keys (metric dimensions, values capped); undefined when it has none. */
  private readonly dimensions: Attributes | undefined;
  private requestDimensions: Attributes | undefined;

  constructor(
    private readonly runtime: CaptureRuntime,
    readonly api: ProviderApi,
    readonly request: RequestFacts,
    readonly target: OperationTarget,
    private readonly parent: Context,
    private readonly scope: ScopeOfOperation | undefined,
    /** Every attribution attribute of the call, read from the caller's context when the call started (span attributes). */
    attribution: Attributes = {},
  ) {
    this.startedAt = scope?.startedAt ?? performance.now();
    this.dimensions = runtime.metrics.capAttribution(metricDimensions(attribution, runtime.config.attribution.metricKeys));
    this.span = runtime.tracer.startSpan(
      this.name,
      {
        kind: SpanKind.CLIENT,
        startTime: performance.timeOrigin + this.startedAt,
        attributes: requestSpanAttributes(request, target, attribution),
      },
      parent,
    );
    runtime.open.add(this);
  }

  /**
   * The context attempts run in: the operation span is their parent. Made for each attempt (most operations have one)
   * rather than kept: an OpenTelemetry context is an object, a map and three closures, for as long as a stream is read.
   */
  get context(): Context {
    return trace.setSpan(this.parent, this.span);
  }

  get name(): string {
    return this.request.model === undefined ? this.request.operation : `${this.request.operation} ${this.request.model}`;
  }

  /** Whether attempts beyond the first can join this operation (it has a scope): they get attempt spans. */
  get grouped(): boolean {
    return this.scope !== undefined;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  /**
   * The metric dimensions of this operation (with the response model once it is known), its promoted attribution
   * included (the rate-limit gauges leave that off).
   */
  metricAttributes(responseModel: string | undefined): Attributes {
    // The request's side (every attempt's, twice: attempts counter, rate-limit gauges) is built once; never mutated.
    if (responseModel !== undefined) return this.dimensionsWith(responseModel);
    this.requestDimensions ??= this.dimensionsWith(undefined);
    return this.requestDimensions;
  }

  private dimensionsWith(responseModel: string | undefined): Attributes {
    return metricAttributes(
      { ...this.target, operation: this.request.operation, requestModel: this.request.model, attribution: this.dimensions },
      responseModel,
    );
  }

  /** Keeps a span-less attempt, in case a retry follows. */
  keepAttempt(attempt: KeptAttempt): void {
    this.kept ??= [];
    this.kept.push(attempt);
  }

  /** A retry arrived: the attempts before it get their spans, with their own times and outcome. */
  emitEarlierAttemptSpans(): void {
    const kept = this.kept;
    if (kept === undefined) return;
    this.kept = undefined;
    const context = this.context;
    for (const attempt of kept) {
      const span = startAttemptSpan(this.runtime.tracer, this.name, context, attempt.resendCount, performance.timeOrigin + attempt.startedAt);
      endAttemptSpan(span, attempt, performance.timeOrigin + attempt.endedAt, attempt.attributes);
    }
  }

  /** Registers one more attempt; returns its index (0 for the first). */
  attemptStarted(): number {
    this.inFlight += 1;
    return this.attempts++;
  }

  /** An attempt ended (its response read, failed or cancelled, or it failed before one). */
  attemptEnded(outcome: AttemptOutcome): void {
    if (this.inFlight > 0) this.inFlight -= 1;
    this.last = outcome;
    this.callProgressed();
  }

  /** An attempt ended, or a promise of the scope settled: ends the operation if the call is over. */
  callProgressed(): void {
    if (this.isEnded) return;
    const scope = this.scope;
    const last = this.last;
    if (scope === undefined) {
      if (last !== undefined && this.inFlight === 0) this.finish(last, last.endedAt);
      return;
    }
    const failure = scope.failure;
    if (failure !== undefined) {
      this.finish(this.failedOutcome(failure.error, failure.at), failure.at);
      return;
    }
    if (scope.waiting || this.inFlight > 0 || last === undefined) return;
    this.finish(last, Math.max(last.endedAt, scope.settledAt));
  }

  /**
   * Ends the operation now with what is known (the instrumentation is being disabled, e.g. at shutdown):
   * the last attempt's outcome when none is in flight, else a call that had not ended.
   */
  endNow(): void {
    if (this.isEnded) return;
    const last = this.last;
    if (last !== undefined && this.inFlight === 0) {
      this.finish(last, last.endedAt);
      return;
    }
    const now = performance.now();
    this.finish(
      {
        response: undefined,
        errorType: last?.errorType ?? ERROR_TYPES.other,
        errorMessage: 'the call had not ended when the instrumentation was disabled',
        httpStatus: undefined,
        endedAt: now,
      },
      now,
    );
  }

  /**
   * The outcome of a call whose promise rejected with `error`: its last attempt's failure — unless the
   * caller aborted between attempts (while the client waited to retry), which is `aborted`.
   */
  private failedOutcome(error: unknown, at: number): AttemptOutcome {
    const last = this.last;
    const userAbort = isUserAbort(error);
    if (last?.errorType !== undefined && !(userAbort && !CALLER_ENDED.has(last.errorType))) return last;
    const errorType =
      userAbort || errorName(error) === 'AbortError'
        ? ERROR_TYPES.aborted
        : errorTypeFromException(error, { phase: 'body', elapsedMs: 0, sdkTimeoutSeconds: undefined });
    return {
      response: last?.response,
      errorType,
      errorMessage: error instanceof Error ? failureMessage(error) : errorType,
      httpStatus: last?.httpStatus,
      endedAt: at,
    };
  }

  /** Ends the span (at `endedAt`, a `performance.now()` time) and records metrics and cost, exactly once. */
  private finish(outcome: AttemptOutcome, endedAt: number): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.runtime.open.remove(this);
    try {
      const base: PricedCallRecord = {
        operation: this.request.operation,
        provider: this.target.provider,
        requestModel: this.request.model,
        serverAddress: this.target.serverAddress,
        serverPort: this.target.serverPort,
        stream: this.request.stream,
        metrics: this.api.metrics,
        usageFormat: this.api.usageFormat,
        durationSeconds: (endedAt - this.startedAt) / 1000,
        timeToFirstChunkSeconds: this.firstChunkAt === undefined ? undefined : (this.firstChunkAt - this.startedAt) / 1000,
        response: outcome.response,
        errorType: outcome.errorType,
        errorMessage: outcome.errorMessage,
        httpStatus: outcome.httpStatus,
        // A call never served (a flex 429) is priced by the tier it asked for.
        requestServiceTier: this.request.parameters.serviceTier,
        attribution: this.dimensions,
      };
      const pricer = this.runtime.pricer;
      const record: CallRecord = { ...base, cost: pricer ? priceCall(pricer, base, new Date()) : undefined };
      this.runtime.metrics.recordCall(record);
      endSpan(this.span, record, performance.timeOrigin + endedAt);
      this.runtime.avoidableSpend?.recordCall(record, this.request, this.digests);
    } catch (error) {
      this.runtime.diag.error('genai-otel: failed to record a call', error);
      this.span.end();
    }
  }
}

/** Outcomes in which the caller itself ended the call already. */
const CALLER_ENDED = new Set<string | undefined>([ERROR_TYPES.aborted, ERROR_TYPES.streamCancelled]);

/** The Stainless SDKs' error for a call the caller aborted (their timeouts throw another class). */
function isUserAbort(error: unknown): boolean {
  return errorName(error) === 'APIUserAbortError' || (typeof error === 'object' && error !== null && error.constructor?.name === 'APIUserAbortError');
}

function errorName(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
}
