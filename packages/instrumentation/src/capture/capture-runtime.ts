import type { DiagLogger, Tracer } from '@opentelemetry/api';
import type { Pricer } from '@genai-otel/pricing';
import type { ResolvedConfig } from '../config.js';
import type { AvoidableSpend } from '../record/avoidable-spend.js';
import type { GenAIMetrics } from '../record/metrics.js';
import type { OpenOperations } from './open-operations.js';

/** What the capture layer needs from the instrumentation, looked up on every call. */
export interface CaptureRuntime {
  readonly tracer: Tracer;
  readonly metrics: GenAIMetrics;
  readonly config: ResolvedConfig;
  readonly diag: DiagLogger;
  /** Undefined when cost is turned off (or the price table could not be loaded). */
  readonly pricer: Pricer | undefined;
  /** Operations that have started and not ended (ended with what is known when the instrumentation is disabled). */
  readonly open: OpenOperations;
  /** Repeats and prompt-cache savings / misses (README "Avoidable spend"); undefined when turned off. */
  readonly avoidableSpend?: AvoidableSpend | undefined;
}
