import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { attributionKey, isPersonKey, metricDimensions, normalizeAttributes, readAttribution, withClientAttributes } from './attribution.js';
import { refusedKeysWarning, resolveAttribution } from './config.js';

describe('attribution keys', () => {
  it('puts keys without a dot in the genai_otel namespace and keeps dotted ones', () => {
    expect(['feature', 'team', 'tenant', ' region ', 'user.id', 'app.checkout.step'].map(attributionKey)).toEqual([
      'genai_otel.feature',
      'genai_otel.team',
      'genai_otel.tenant',
      'genai_otel.region',
      'user.id',
      'app.checkout.step',
    ]);
  });

  it('knows the keys that identify a person', () => {
    const person = ['user.id', 'user.email', 'enduser.id', 'client.address', 'genai_otel.user', 'genai_otel.user_id', 'genai_otel.email', 'app.customer_email'];
    const fine = ['genai_otel.feature', 'genai_otel.team', 'genai_otel.tenant', 'session.id', 'app.user_tier', 'genai_otel.users_team'];
    expect(person.filter(isPersonKey)).toEqual(person);
    expect(fine.filter(isPersonKey)).toEqual([]);
  });

  it('drops empty values and values that are not primitives', () => {
    expect(normalizeAttributes({ feature: 'a', team: undefined, tenant: null, n: 3, b: false, o: {} as never, '': 'x' })).toEqual({
      'genai_otel.feature': 'a',
      'genai_otel.n': 3,
      'genai_otel.b': false,
    });
  });

  it('promotes only the configured keys, as strings', () => {
    expect(metricDimensions({ 'genai_otel.team': 'a', 'genai_otel.n': 3, 'user.id': 'u' }, ['genai_otel.team', 'genai_otel.n', 'genai_otel.tenant'])).toEqual({
      'genai_otel.team': 'a',
      'genai_otel.n': '3',
    });
    expect(metricDimensions({ 'user.id': 'u' }, ['genai_otel.team'])).toBeUndefined();
  });

  it('ranks client attributes below context scopes (none here) and merges nested clients', () => {
    const ctx = withClientAttributes(withClientAttributes(ROOT_CONTEXT, { 'genai_otel.team': 'outer', 'genai_otel.feature': 'f' }), {
      'genai_otel.team': 'inner',
    });
    expect(readAttribution(ctx, { baggageKeys: [] })).toEqual({ 'genai_otel.team': 'inner', 'genai_otel.feature': 'f' });
  });
});

describe('resolveAttribution', () => {
  it('defaults to no dimensions, no Baggage, 100 values per key', () => {
    expect(resolveAttribution({}, {})).toEqual({ metricKeys: [], refusedKeys: [], baggageKeys: [], maxValues: 100 });
  });

  it('reads the environment; options win; person keys are refused', () => {
    const env = {
      GENAI_OTEL_METRIC_ATTRIBUTES: 'feature, team,tenant,user.id,team',
      GENAI_OTEL_BAGGAGE_KEYS: 'tenant, user.id',
      GENAI_OTEL_MAX_METRIC_ATTRIBUTE_VALUES: '20',
    };
    expect(resolveAttribution({}, env)).toEqual({
      metricKeys: ['genai_otel.feature', 'genai_otel.team', 'genai_otel.tenant'],
      refusedKeys: ['user.id'],
      baggageKeys: ['tenant', 'user.id'],
      maxValues: 20,
    });
    expect(resolveAttribution({ metricAttributes: ['team'], baggageKeys: [], maxMetricAttributeValues: 5 }, env)).toEqual({
      metricKeys: ['genai_otel.team'],
      refusedKeys: [],
      baggageKeys: [],
      maxValues: 5,
    });
    expect(resolveAttribution({ maxMetricAttributeValues: 0 }, { GENAI_OTEL_MAX_METRIC_ATTRIBUTE_VALUES: 'x' }).maxValues).toBe(100);
  });

  it('words the refusal', () => {
    expect(refusedKeysWarning(['user.id'])).toBe(
      'genai-otel: user.id identifies a person and cannot be a metric dimension (metricAttributes / GENAI_OTEL_METRIC_ATTRIBUTES); recorded on spans only',
    );
  });
});
