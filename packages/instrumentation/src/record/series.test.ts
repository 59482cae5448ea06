import { describe, expect, it } from 'vitest';
import { MetricStore } from './metric-store.js';
import { Series, seriesKey } from './series.js';

describe('Series', () => {
  const store = new MetricStore();
  const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4.1', 'server.port': 443 };

  it('derives attribute sets as object spreads do', () => {
    const series = Series.of(base).with('error.type', 'timeout').with('gen_ai.token.modality', 'text');
    expect(series.attributes).toEqual({ ...base, 'error.type': 'timeout', 'gen_ai.token.modality': 'text' });
    expect(Series.of(base).with('server.port', 8443).attributes).toEqual({ ...base, 'server.port': 8443 });
  });

  it('gives one attribute set one canonical key, whatever its order or derivation', () => {
    const derived = Series.of(base).with('error.type', 'timeout');
    const reordered = Series.of({ 'error.type': 'timeout', 'server.port': 443, 'gen_ai.request.model': 'gpt-4.1', 'gen_ai.operation.name': 'chat' });
    // A base that had the added key already, with another value.
    const replaced = Series.of({ ...base, 'error.type': 'other' }).with('error.type', 'timeout');
    const keys = [derived, reordered, replaced].map((series) => store.canonicalKey(series));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe(seriesKey(derived.attributes));
  });

  it('tells different sets apart: values of another type, or that look like separators', () => {
    const sets = [
      Series.of(base).with('x', '1'),
      Series.of(base).with('x', 1),
      Series.of(base).with('x', true),
      Series.of(base).with('x', 'true'),
      Series.of(base).with('x', '1,"y":"2"'),
      Series.of(base).with('x', '1').with('y', '2'),
    ];
    const keys = sets.map((series) => store.canonicalKey(series));
    expect(new Set(keys).size).toBe(sets.length);
    expect(new Set(sets.map((series) => `${series.rootKey}|${series.path}`)).size).toBe(sets.length);
  });
});
