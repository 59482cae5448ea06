import type { Attributes, BatchObservableCallback, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import {
  METRIC_GENAI_OTEL_GUARD_BREAKER_STATE,
  METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS,
  METRIC_GENAI_OTEL_GUARD_FALLBACKS,
  METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH,
  METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME,
  METRIC_GENAI_OTEL_GUARD_REJECTIONS,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GENAI_OTEL_GUARD_BREAKER_FROM,
  ATTR_GENAI_OTEL_GUARD_BREAKER_TO,
  ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS,
  ATTR_GENAI_OTEL_GUARD_REASON,
} from '../semconv.js';
import { contractCounter, contractHistogram, contractObservableGauge } from './metric-points.js';

/** What a guard decision is about: a provider, and a model when the guard's policy is per model. */
export interface GuardTarget {
  provider: string;
  model: string | undefined;
}

/** Current values for the guard gauges (breaker states, queue lengths), read at each collection. */
export interface GuardObservation {
  breakers: Array<{ target: GuardTarget; state: string }>;
  queues: Array<{ target: GuardTarget; length: number }>;
}

/** `genai_otel.guard.breaker.state` values. */
const BREAKER_STATE_VALUES: Readonly<Record<string, number>> = { closed: 0, open: 1, half_open: 2 };

/** A guard target's metric attributes (`gen_ai.provider.name`, `gen_ai.request.model`). */
export function guardTargetAttributes(target: GuardTarget): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: target.provider };
  if (target.model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = target.model;
  return attributes;
}

/** The guard's metrics (breakers, limiter queues, rejections, fallbacks): rare points, through instruments. */
export class GuardMetrics {
  readonly breakerState: ObservableGauge;
  readonly transitions: Counter;
  readonly queueLength: ObservableGauge;
  readonly queueWait: Histogram;
  readonly rejections: Counter;
  readonly fallbacks: Counter;
  private callback: BatchObservableCallback | undefined;

  constructor(
    private readonly meter: Meter,
    /** Caps model names on the attributes, as on every GenAI metric. */
    private readonly cap: (attributes: Attributes) => Attributes,
  ) {
    this.breakerState = contractObservableGauge(meter, METRIC_GENAI_OTEL_GUARD_BREAKER_STATE);
    this.transitions = contractCounter(meter, METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS);
    this.queueLength = contractObservableGauge(meter, METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH);
    this.queueWait = contractHistogram(meter, METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME);
    this.rejections = contractCounter(meter, METRIC_GENAI_OTEL_GUARD_REJECTIONS);
    this.fallbacks = contractCounter(meter, METRIC_GENAI_OTEL_GUARD_FALLBACKS);
  }

  /** Where the gauges read their values at each collection; `undefined` stops observing (the instruments are being replaced). */
  observe(source: (() => GuardObservation) | undefined): void {
    if (this.callback) this.meter.removeBatchObservableCallback(this.callback, [this.breakerState, this.queueLength]);
    this.callback = undefined;
    if (source === undefined) return;
    this.callback = (result) => {
      const observation = source();
      for (const { target, state } of observation.breakers) {
        result.observe(this.breakerState, BREAKER_STATE_VALUES[state] ?? 0, this.cap(guardTargetAttributes(target)));
      }
      for (const { target, length } of observation.queues) result.observe(this.queueLength, length, this.cap(guardTargetAttributes(target)));
    };
    this.meter.addBatchObservableCallback(this.callback, [this.breakerState, this.queueLength]);
  }

  /** A breaker changed state. */
  transition(target: GuardTarget, from: string, to: string): void {
    this.transitions.add(1, this.cap({ ...guardTargetAttributes(target), [ATTR_GENAI_OTEL_GUARD_BREAKER_FROM]: from, [ATTR_GENAI_OTEL_GUARD_BREAKER_TO]: to }));
  }

  /** A call the guard turned away, and why. */
  rejection(target: GuardTarget, reason: string): void {
    this.rejections.add(1, this.cap({ ...guardTargetAttributes(target), [ATTR_GENAI_OTEL_GUARD_REASON]: reason }));
  }

  /** A call the guard sent to its fallback: why, and where. */
  fallback(target: GuardTarget, reason: string, serverAddress: string): void {
    this.fallbacks.add(
      1,
      this.cap({ ...guardTargetAttributes(target), [ATTR_GENAI_OTEL_GUARD_REASON]: reason, [ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS]: serverAddress }),
    );
  }

  /** A call left the guard's queue after `seconds`. */
  queued(target: GuardTarget, seconds: number): void {
    this.queueWait.record(seconds, this.cap(guardTargetAttributes(target)));
  }
}
