import type { Attributes, BatchObservableCallback, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import {
  METRIC_GENAI_OTEL_GUARD_BREAKER_STATE,
  METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS,
  METRIC_GENAI_OTEL_GUARD_FALLBACKS,
  METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH,
  METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME,
  METRIC_GENAI_OTEL_GUARD_REJECTIONS,
} from '../semconv.js';
import { contractCounter, contractHistogram, contractObservableGauge } from './metric-points.js';

/** Current values for the guard gauges (breaker states, queue lengths), read at each collection. */
export interface GuardObservation {
  breakers: Array<{ attributes: Attributes; state: number }>;
  queues: Array<{ attributes: Attributes; length: number }>;
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
      for (const { attributes, state } of observation.breakers) result.observe(this.breakerState, state, this.cap(attributes));
      for (const { attributes, length } of observation.queues) result.observe(this.queueLength, length, this.cap(attributes));
    };
    this.meter.addBatchObservableCallback(this.callback, [this.breakerState, this.queueLength]);
  }
}
