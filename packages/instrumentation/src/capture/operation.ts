import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { metricAttributes, type CallRecord } from '../record/call-record.js';
import { priceCall } from '../record/cost.js';
import { endSpan } from '../record/span.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../semconv.js';
import type { ParsedRequest, ParsedResponse, WireFormat } from '../wire/types.js';
import type { CaptureRuntime } from './capture-runtime.js';
import { isRetryable, retryWindowMs, type AttemptFailure } from './retry-policy.js';

/** Where the operation's requests go. */
export interface OperationTarget {
  provider: string;
  serverAddress: string;
  serverPort: number;
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
  response: ParsedResponse | undefined;
  errorType: string | undefined;
  errorMessage: string | undefined;
  httpStatus: number | undefined;
  /** `performance.now()` when the attempt ended. */
  endedAt: number;
}

/**
 * One logical LLM call: the GenAI span and, once it is over, its metrics and cost. It has one attempt,
 * or several when an SDK retries (each attempt a separate fetch). The operation ends when an attempt
 * succeeds, fails in a way the SDK does not retry, or fails retryably and no retry comes within the
 * SDK's retry delay — then it ends at the time its last attempt ended.
 */
export class Operation {
  readonly span: Span;
  /** The context attempts run in: the operation span is their parent. */
  readonly context: Context;
  readonly startedAt: number;
  /** `performance.now()` of the first output chunk of the attempt that streamed. */
  firstChunkAt: number | undefined;
  private attempts = 0;
  private kept: KeptAttempt[] = [];
  private ended = false;
  private last: AttemptOutcome | undefined;
  private holdTimer: NodeJS.Timeout | undefined;
  private releaseHold: (() => void) | undefined;

  constructor(
    private readonly runtime: CaptureRuntime,
    readonly wire: WireFormat,
    readonly request: ParsedRequest,
    readonly target: OperationTarget,
    private readonly parent: Context,
    private readonly key: string,
  ) {
    const name = request.model === undefined ? request.operation : `${request.operation} ${request.model}`;
    this.span = runtime.tracer.startSpan(
      name,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: request.operation,
          [ATTR_GEN_AI_PROVIDER_NAME]: target.provider,
          ...(request.model === undefined ? {} : { [ATTR_GEN_AI_REQUEST_MODEL]: request.model }),
          [ATTR_SERVER_ADDRESS]: target.serverAddress,
          [ATTR_SERVER_PORT]: target.serverPort,
          ...request.attributes,
          ...(request.input
            ? {
                [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify(request.input.messages),
                ...(request.input.systemInstructions ? { [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: JSON.stringify(request.input.systemInstructions) } : {}),
              }
            : {}),
        },
      },
      parent,
    );
    this.startedAt = performance.now();
    this.context = trace.setSpan(parent, this.span);
  }

  get name(): string {
    return this.request.model === undefined ? this.request.operation : `${this.request.operation} ${this.request.model}`;
  }

  /** The metric dimensions of this operation (with the response model once it is known). */
  metricAttributes(responseModel: string | undefined): Attributes {
    return metricAttributes({ ...this.target, operation: this.request.operation, requestModel: this.request.model }, responseModel);
  }

  /** Keeps a span-less attempt, in case a retry follows. */
  keepAttempt(attempt: KeptAttempt): void {
    this.kept.push(attempt);
  }

  /** A retry arrived: the attempts before it get their spans, with their own times and outcome. */
  emitEarlierAttemptSpans(): void {
    for (const attempt of this.kept) {
      const span = this.runtime.tracer.startSpan(
        `${this.name} attempt`,
        {
          kind: SpanKind.INTERNAL,
          startTime: performance.timeOrigin + attempt.startedAt,
          attributes: {
            ...(attempt.resendCount > 0 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt.resendCount } : {}),
            ...(attempt.httpStatus === undefined ? {} : { [ATTR_HTTP_RESPONSE_STATUS_CODE]: attempt.httpStatus }),
            [ATTR_ERROR_TYPE]: attempt.errorType,
            ...attempt.attributes,
          },
        },
        this.context,
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.errorMessage ?? attempt.errorType });
      span.end(performance.timeOrigin + attempt.endedAt);
    }
    this.kept = [];
  }

  /** Registers one more attempt; returns its index (0 for the first). */
  attemptStarted(): number {
    if (this.holdTimer !== undefined) {
      clearTimeout(this.holdTimer);
      this.holdTimer = undefined;
    }
    this.releaseHold = undefined;
    return this.attempts++;
  }

  /**
   * An attempt ended. `failure` is given for failed attempts of clients that retry on their own
   * (Stainless SDKs); a retryable failure keeps the operation open for the next attempt.
   */
  attemptEnded(outcome: AttemptOutcome, failure: AttemptFailure | undefined): void {
    if (this.ended) return;
    this.last = outcome;
    if (outcome.errorType !== undefined && failure !== undefined && outcome.errorType !== 'aborted' && isRetryable(failure)) {
      this.runtime.pending.hold(this.parent, this.key, this);
      this.releaseHold = () => this.runtime.pending.release(this.parent, this.key, this);
      this.holdTimer = setTimeout(() => this.stopWaiting(), retryWindowMs(failure));
      this.holdTimer.unref();
      return;
    }
    this.finish(outcome);
  }

  /** The client showed it will not retry (it read the final error body): end now if waiting. */
  noRetryComing(): void {
    if (this.holdTimer !== undefined) this.stopWaiting();
  }

  /** No retry is coming (the window closed, or the instrumentation is being disabled). */
  stopWaiting(): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.releaseHold?.();
    this.releaseHold = undefined;
    if (this.last) this.finish(this.last);
  }

  /** Ends the span and records metrics and cost, exactly once. */
  private finish(outcome: AttemptOutcome): void {
    if (this.ended) return;
    this.ended = true;
    try {
      const base: Omit<CallRecord, 'cost'> = {
        operation: this.request.operation,
        provider: this.target.provider,
        requestModel: this.request.model,
        serverAddress: this.target.serverAddress,
        serverPort: this.target.serverPort,
        stream: this.request.stream,
        metrics: this.wire.metrics,
        usageFormat: this.wire.usageFormat,
        durationSeconds: (outcome.endedAt - this.startedAt) / 1000,
        timeToFirstChunkSeconds: this.firstChunkAt === undefined ? undefined : (this.firstChunkAt - this.startedAt) / 1000,
        response: outcome.response,
        errorType: outcome.errorType,
        errorMessage: outcome.errorMessage,
        httpStatus: outcome.httpStatus,
      };
      const pricer = this.runtime.pricer;
      const record: CallRecord = { ...base, cost: pricer ? priceCall(pricer, base, new Date()) : undefined };
      this.runtime.metrics.recordCall(record);
      endSpan(this.span, record, performance.timeOrigin + outcome.endedAt);
    } catch (error) {
      this.runtime.diag.error('genai-otel: failed to record a call', error);
      this.span.end();
    }
  }
}
