import { AggregationTemporality, MetricReader, type MetricProducer } from '@opentelemetry/sdk-metrics';

/** A pull reader for tests: `collect()` on demand, with the temporality, producers and cardinality limit given. */
export class TestReader extends MetricReader {
  constructor(
    temporality: AggregationTemporality = AggregationTemporality.DELTA,
    options: { metricProducers?: MetricProducer[]; cardinalityLimit?: number } = {},
  ) {
    super({
      aggregationTemporalitySelector: () => temporality,
      ...(options.metricProducers ? { metricProducers: options.metricProducers } : {}),
      ...(options.cardinalityLimit !== undefined ? { cardinalitySelector: () => options.cardinalityLimit as number } : {}),
    });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}
