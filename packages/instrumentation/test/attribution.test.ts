/**
 * Who spends the money: attribution (feature, team, tenant, the app's own keys) reaches every call made in its
 * scope — through nested scopes, concurrent requests that must not leak into each other, streams read after the
 * scope ended, the SDKs' retries, allowlisted Baggage and per-client attributes — on spans all of it, on metrics the
 * promoted keys only, each capped, person keys refused.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { context, diag, DiagLogLevel, propagation, type Attributes } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrumentFetch, setGenAIAttributes, withGenAIAttributes } from '../src/index.js';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
let client: OpenAI;
const warnings: string[] = [];

const PROMOTED = { metricAttributes: ['feature', 'team', 'tenant'], baggageKeys: ['tenant', 'user.id'] };

beforeAll(async () => {
  provider = await startFakeProvider();
  diag.setLogger(
    {
      error: () => {},
      // A component logger passes its namespace first.
      warn: (...args: unknown[]) =>
        warnings.push(
          args
            .map(String)
            .filter((arg) => !arg.startsWith('@genai-otel/'))
            .join(' '),
        ),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    DiagLogLevel.WARN,
  );
  propagation.setGlobalPropagator(new W3CBaggagePropagator());
  telemetry.instrumentation.setConfig({ providerHosts: { [`127.0.0.1:${provider.port}`]: 'openai' }, ...PROMOTED });
  telemetry.instrumentation.enable();
  client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 2 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  diag.disable();
  propagation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
  warnings.length = 0;
});

const USAGE = { headers: { 'x-fake-usage': 'prompt=10,completion=5' } };
const chat = (model = 'gpt-4.1', options: OpenAI.RequestOptions = USAGE) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }, options);
const tick = () => new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));

/** The attribution attributes of a span (genai_otel.* and user.*). */
function attribution(attributes: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).filter(([key]) => (key.startsWith('genai_otel.') && !key.startsWith('genai_otel.cost')) || key.startsWith('user.')),
  );
}

/** The promoted attribution of a metric point. */
function dimensions(attributes: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).filter(([key]) => ['genai_otel.feature', 'genai_otel.team', 'genai_otel.tenant', 'user.id'].includes(key)),
  );
}

describe('withGenAIAttributes', () => {
  it('attributes the calls of nested scopes: inner values win, outer ones stay, each call as it was made', async () => {
    await withGenAIAttributes({ team: 'search', tenant: 'acme', 'user.id': 'u-1' }, async () => {
      await chat('gpt-4.1');
      await withGenAIAttributes({ feature: 'rerank', tenant: 'globex' }, async () => {
        await tick();
        await chat('gpt-4o-mini');
      });
      await chat('o4-mini');
    });
    await chat('gpt-4.1-mini');
    const spans = await telemetry.waitForSpans(4);
    expect(spans.map((span) => [span.attributes['gen_ai.request.model'], attribution(span.attributes)])).toEqual([
      ['gpt-4.1', { 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme', 'user.id': 'u-1' }],
      ['gpt-4o-mini', { 'genai_otel.team': 'search', 'genai_otel.tenant': 'globex', 'genai_otel.feature': 'rerank', 'user.id': 'u-1' }],
      ['o4-mini', { 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme', 'user.id': 'u-1' }],
      ['gpt-4.1-mini', {}],
    ]);
    const metrics = await telemetry.collectMetrics();
    // Metrics carry the promoted keys only (user.id is on spans, never a dimension).
    expect(points(metrics.get('gen_ai.client.inference.duration')).map((p) => [p.attributes['gen_ai.request.model'], dimensions(p.attributes)])).toEqual([
      ['gpt-4.1-mini', {}],
      ['gpt-4o-mini', { 'genai_otel.feature': 'rerank', 'genai_otel.team': 'search', 'genai_otel.tenant': 'globex' }],
      ['gpt-4.1', { 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme' }],
      ['o4-mini', { 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme' }],
    ]);
    // Tokens and cost split the same way: 10 input tokens per call.
    const input = points(metrics.get('gen_ai.client.inference.usage.input_tokens')).map((p) => [dimensions(p.attributes), p.value]);
    expect(input).toEqual([
      [{}, 10],
      [{ 'genai_otel.feature': 'rerank', 'genai_otel.team': 'search', 'genai_otel.tenant': 'globex' }, 10],
      [{ 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme' }, 10],
      [{ 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme' }, 10],
    ]);
    const cost = metrics.get('gen_ai.client.operation.cost')!;
    expect(cost.dataPoints.map((p) => dimensions(p.attributes)).filter((d) => d['genai_otel.tenant'] === 'globex')).toEqual([
      { 'genai_otel.feature': 'rerank', 'genai_otel.team': 'search', 'genai_otel.tenant': 'globex' },
    ]);
  });

  it('returns what the function returns, synchronously too; setGenAIAttributes adds to the innermost scope', async () => {
    expect(withGenAIAttributes({ feature: 'x' }, () => 42)).toBe(42);
    expect(setGenAIAttributes({ team: 'nobody' })).toBe(false);
    await withGenAIAttributes({ feature: 'checkout' }, async () => {
      await chat('gpt-4.1');
      // Learned mid-request (after authentication, say): calls from now on carry it.
      expect(setGenAIAttributes({ tenant: 'initech', 'user.id': 'u-7', ignored: undefined })).toBe(true);
      await chat('gpt-4o-mini');
    });
    const spans = await telemetry.waitForSpans(2);
    expect(spans.map((span) => attribution(span.attributes))).toEqual([
      { 'genai_otel.feature': 'checkout' },
      { 'genai_otel.feature': 'checkout', 'genai_otel.tenant': 'initech', 'user.id': 'u-7' },
    ]);
    expect(warnings).toEqual([
      'genai-otel: setGenAIAttributes() outside withGenAIAttributes(); the attributes were not applied (wrap the request in withGenAIAttributes, e.g. in a middleware)',
    ]);
  });

  it('keeps 40 concurrent requests apart: each call carries its own request’s tenant', async () => {
    const requests = Array.from({ length: 40 }, (_, index) =>
      withGenAIAttributes({ tenant: `tenant-${index}`, feature: index % 2 === 0 ? 'search' : 'chat' }, async () => {
        await tick();
        await chat(`model-${index}`);
        await tick();
        if (index % 3 === 0) setGenAIAttributes({ team: `team-${index}` });
        await chat(`model-${index}-second`);
      }),
    );
    await Promise.all(requests);
    const spans = await telemetry.waitForSpans(80);
    const seen = spans.map((span) => {
      const model = String(span.attributes['gen_ai.request.model']);
      const index = Number(/^model-(\d+)/.exec(model)![1]);
      const second = model.endsWith('-second');
      const expected: Attributes = { 'genai_otel.tenant': `tenant-${index}`, 'genai_otel.feature': index % 2 === 0 ? 'search' : 'chat' };
      if (second && index % 3 === 0) expected['genai_otel.team'] = `team-${index}`;
      return [model, attribution(span.attributes), expected];
    });
    expect(seen).toHaveLength(80);
    for (const [model, got, expected] of seen) expect(got, String(model)).toEqual(expected);
    const metrics = await telemetry.collectMetrics();
    const perTenant = new Map<unknown, number>();
    for (const p of metrics.get('gen_ai.client.inference.duration')!.dataPoints) {
      const tenant = p.attributes['genai_otel.tenant'];
      perTenant.set(tenant, (perTenant.get(tenant) ?? 0) + (p.value as { count: number }).count);
    }
    expect(perTenant.size).toBe(40);
    expect([...perTenant.values()].every((count) => count === 2)).toBe(true);
  });

  it('attributes a stream read after its scope ended (and inside another one) to where the call was made', async () => {
    const stream = await withGenAIAttributes({ feature: 'summaries', tenant: 'acme' }, () =>
      client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true }, USAGE),
    );
    let chunks = 0;
    await withGenAIAttributes({ feature: 'other', tenant: 'globex' }, async () => {
      await tick();
      for await (const _chunk of stream) chunks += 1;
    });
    expect(chunks).toBeGreaterThan(1);
    const [span] = await telemetry.waitForSpans(1);
    expect(attribution(span!.attributes)).toEqual({ 'genai_otel.feature': 'summaries', 'genai_otel.tenant': 'acme' });
    const metrics = await telemetry.collectMetrics();
    for (const name of ['gen_ai.client.inference.duration', 'gen_ai.client.inference.time_to_first_chunk', 'gen_ai.client.inference.usage.output_tokens']) {
      expect(
        points(metrics.get(name)).map((p) => dimensions(p.attributes)),
        name,
      ).toEqual([{ 'genai_otel.feature': 'summaries', 'genai_otel.tenant': 'acme' }]);
    }
    expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens'))[0]!.value).toBe(5);
  });

  it('keeps the attribution across the SDK’s retries: one operation, every attempt attributed', async () => {
    await withGenAIAttributes({ feature: 'search', team: 'search' }, () =>
      chat('gpt-4.1', { headers: { 'x-fake-fault': '429;retry-after-ms=1;times=2', ...USAGE.headers } }),
    );
    const spans = await telemetry.waitForSpans(1);
    expect(spans).toHaveLength(1);
    expect(attribution(spans[0]!.attributes)).toEqual({ 'genai_otel.feature': 'search', 'genai_otel.team': 'search' });
    expect(provider.served.map((call) => call.status)).toEqual([429, 429, 200]);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.client.attempts')).map((p) => [p.attributes['error.type'], dimensions(p.attributes), p.value])).toEqual([
      ['rate_limited', { 'genai_otel.feature': 'search', 'genai_otel.team': 'search' }, 2],
      [undefined, { 'genai_otel.feature': 'search', 'genai_otel.team': 'search' }, 1],
    ]);
    expect(points(metrics.get('gen_ai.client.inference.duration')).map((p) => [dimensions(p.attributes), (p.value as { count: number }).count])).toEqual([
      [{ 'genai_otel.feature': 'search', 'genai_otel.team': 'search' }, 1],
    ]);
    // The provider's rate-limit gauges are not per feature: no attribution on them.
    for (const p of points(metrics.get('genai_otel.ratelimit.remaining_requests'))) expect(dimensions(p.attributes)).toEqual({});
  });
});

describe('Baggage and per-client attributes', () => {
  it('reads only the allowlisted Baggage entries, below the client’s and the scopes’ own values', async () => {
    const baggage = propagation.createBaggage({
      tenant: { value: 'from-upstream' },
      'user.id': { value: 'u-42' },
      secret: { value: 'not-allowlisted' },
      team: { value: 'not-allowlisted-either' },
    });
    await context.with(propagation.setBaggage(context.active(), baggage), async () => {
      await chat('gpt-4.1');
      await withGenAIAttributes({ tenant: 'explicit' }, () => chat('gpt-4o-mini'));
    });
    const spans = await telemetry.waitForSpans(2);
    expect(spans.map((span) => attribution(span.attributes))).toEqual([
      { 'genai_otel.tenant': 'from-upstream', 'user.id': 'u-42' },
      { 'genai_otel.tenant': 'explicit', 'user.id': 'u-42' },
    ]);
    const raw = JSON.stringify(spans.map((span) => span.attributes));
    expect(raw).not.toContain('not-allowlisted');
  });

  it('gives every call through instrumentFetch(fetch, { attributes }) the client’s attribution; scopes win over it', async () => {
    const batch = new OpenAI({
      apiKey: 'sk-test-not-a-key',
      baseURL: provider.baseURL,
      maxRetries: 0,
      fetch: instrumentFetch(globalThis.fetch, { attributes: { feature: 'batch-summaries', team: 'data' } }),
    });
    const request = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'hi' }] };
    await batch.chat.completions.create(request, USAGE);
    await withGenAIAttributes({ team: 'search', tenant: 'acme' }, () => batch.chat.completions.create(request, USAGE));
    await chat('gpt-4o-mini'); // the other client: no static attributes
    const spans = await telemetry.waitForSpans(3);
    expect(spans.map((span) => attribution(span.attributes))).toEqual([
      { 'genai_otel.feature': 'batch-summaries', 'genai_otel.team': 'data' },
      { 'genai_otel.feature': 'batch-summaries', 'genai_otel.team': 'search', 'genai_otel.tenant': 'acme' },
      {},
    ]);
  });
});

describe('metric dimensions', () => {
  it('caps each promoted key at maxMetricAttributeValues distinct values: beyond it _OTHER, counted per call', async () => {
    telemetry.instrumentation.setConfig({ providerHosts: { [`127.0.0.1:${provider.port}`]: 'openai' }, ...PROMOTED, maxMetricAttributeValues: 3 });
    for (const tenant of ['a', 'b', 'c', 'd', 'e', 'a', 'e']) {
      await withGenAIAttributes({ tenant, team: 'search' }, () =>
        chat('gpt-4.1', { headers: { 'x-fake-fault': '429;retry-after-ms=1;times=1', ...USAGE.headers } }),
      );
    }
    const spans = await telemetry.waitForSpans(7);
    // Spans keep the real values.
    expect(spans.map((span) => span.attributes['genai_otel.tenant'])).toEqual(['a', 'b', 'c', 'd', 'e', 'a', 'e']);
    const metrics = await telemetry.collectMetrics();
    const byTenant = (name: string) =>
      points(metrics.get(name)).map((p) => [
        p.attributes['genai_otel.tenant'],
        p.attributes['genai_otel.team'],
        p.attributes['error.type'],
        (p.value as { count?: number }).count ?? p.value,
      ]);
    expect(byTenant('gen_ai.client.inference.duration')).toEqual([
      ['_OTHER', 'search', undefined, 3],
      ['a', 'search', undefined, 2],
      ['b', 'search', undefined, 1],
      ['c', 'search', undefined, 1],
    ]);
    // Each attempt (a 429, then the retry) carries the call's capped value.
    expect(byTenant('genai_otel.client.attempts')).toEqual([
      ['_OTHER', 'search', 'rate_limited', 3],
      ['_OTHER', 'search', undefined, 3],
      ['a', 'search', 'rate_limited', 2],
      ['a', 'search', undefined, 2],
      ['b', 'search', 'rate_limited', 1],
      ['b', 'search', undefined, 1],
      ['c', 'search', 'rate_limited', 1],
      ['c', 'search', undefined, 1],
    ]);
    // Three calls had a tenant beyond the cap (d, e, e): counted once each, by key.
    expect(points(metrics.get('genai_otel.metrics.attribute_values_capped'))).toEqual([
      { attributes: { 'genai_otel.attribute.key': 'genai_otel.tenant' }, value: 3 },
    ]);
  });

  it('refuses person keys as metric dimensions with a diag warning; they stay on spans', async () => {
    telemetry.instrumentation.setConfig({
      providerHosts: { [`127.0.0.1:${provider.port}`]: 'openai' },
      metricAttributes: ['team', 'user.id', 'enduser.id', 'customer_email'],
    });
    await withGenAIAttributes({ team: 'search', 'user.id': 'u-1', 'enduser.id': 'e-1', customer_email: 'a@example.com' }, () => chat('gpt-4.1'));
    const [span] = await telemetry.waitForSpans(1);
    expect(attribution(span!.attributes)).toEqual({ 'genai_otel.team': 'search', 'user.id': 'u-1', 'genai_otel.customer_email': 'a@example.com' });
    expect(span!.attributes['enduser.id']).toBe('e-1');
    const metrics = await telemetry.collectMetrics();
    const [point] = points(metrics.get('gen_ai.client.inference.duration'));
    expect(Object.keys(point!.attributes).filter((key) => !key.startsWith('gen_ai.') && !key.startsWith('server.'))).toEqual(['genai_otel.team']);
    expect(warnings).toEqual([
      'genai-otel: user.id, enduser.id, genai_otel.customer_email identify a person and cannot be a metric dimension (metricAttributes / GENAI_OTEL_METRIC_ATTRIBUTES); recorded on spans only',
    ]);
  });
});
