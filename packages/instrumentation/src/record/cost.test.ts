/**
 * What a call that was never served costs: the request's tier decides (a Flex request answered 429
 * is not billed — OpenAI flex-processing guide), and the span carries that cost of 0.
 */
import { createPricer } from '@genai-otel/pricing';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { ERROR_TYPES } from '../capture/error-type.js';
import { priceCall, type PricedCallRecord } from './cost.js';
import { endSpan } from './span.js';

const pricer = createPricer();

/** An OpenAI chat call answered 429 before any usage, as the capture layer records it. */
function rejected(requestServiceTier: string | undefined): PricedCallRecord {
  return {
    operation: 'chat',
    provider: 'openai',
    requestModel: 'o3',
    serverAddress: 'api.openai.com',
    serverPort: 443,
    stream: false,
    metrics: 'inference',
    usageFormat: 'openai.chat',
    durationSeconds: 0.2,
    timeToFirstChunkSeconds: undefined,
    response: undefined,
    errorType: ERROR_TYPES.rateLimited,
    errorMessage: 'HTTP 429',
    httpStatus: 429,
    requestServiceTier,
  };
}

describe('priceCall for a call that was never served', () => {
  it('a flex request answered 429 costs 0 (not billed), on its span too', () => {
    const base = rejected('flex');
    const cost = priceCall(pricer, base, new Date('2026-11-20T12:00:00Z'));
    expect(cost).toMatchObject({ status: 'priced', amount: 0, source: 'provider', zeroCostReason: 'error_not_billed' });

    const finished: ReadableSpan[] = [];
    const keep: SpanProcessor = {
      onStart: () => {},
      onEnd: (span) => void finished.push(span),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const span = new TracerProvider({ spanProcessors: [keep] }).getTracer('test').startSpan('chat o3');
    endSpan(span, { ...base, cost });
    const [ended] = finished;
    expect(ended?.attributes).toMatchObject({ 'gen_ai.usage.cost.amount': 0, 'gen_ai.usage.cost.source': 'provider', 'error.type': 'rate_limited' });
  });

  it('a 429 at the default tier is unknown (not documented as unbilled), never 0', () => {
    expect(priceCall(pricer, rejected(undefined), new Date('2026-11-20T12:00:00Z'))).toMatchObject({ status: 'unknown', reason: 'error_billing_unknown' });
    expect(priceCall(pricer, rejected('default'), new Date('2026-11-20T12:00:00Z'))).toMatchObject({ status: 'unknown', reason: 'error_billing_unknown' });
  });
});
