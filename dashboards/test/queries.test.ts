// panelQueries / dashboardQueries: macro and variable substitution as Grafana renders it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../src/dashboards.js';
import { GENERATED_DIR } from '../src/generate.js';
import { NOT_CALLER_CANCELLED } from '../src/common.js';
import { dashboardQueries, durationMs, panelQueries, renderMultiValue, substituteQuery } from '../src/index.js';

describe('substituteQuery', () => {
  it('substitutes the time macros with the test defaults', () => {
    expect(substituteQuery('rate(x[$__rate_interval]) + increase(x[$__range]) + rate(x[$__interval])')).toBe('rate(x[1m]) + increase(x[1h]) + rate(x[15s])');
    expect(substituteQuery('$__range_s $__range_ms $__interval_ms ${__rate_interval}')).toBe('3600 3600000 15000 1m');
  });

  it('takes other intervals and ranges', () => {
    expect(substituteQuery('rate(x[$__rate_interval]) / $__range_s', { rateInterval: '4m', range: '6h' })).toBe('rate(x[4m]) / 21600');
  });

  it("renders All as the variables' allValue .*", () => {
    expect(substituteQuery('x{job=~"$job", gen_ai_provider_name=~"${provider}", gen_ai_request_model=~"$model"}')).toBe(
      'x{job=~".*", gen_ai_provider_name=~".*", gen_ai_request_model=~".*"}',
    );
  });

  it('renders selected values as Grafana does for a multi-value =~ matcher', () => {
    const q = substituteQuery('x{job=~"$job", gen_ai_request_model=~"$model"}', {
      variables: { job: ['checkout'], model: ['gpt-4.1', 'claude-sonnet-4-5'] },
    });
    expect(q).toBe(String.raw`x{job=~"checkout", gen_ai_request_model=~"(gpt-4\\.1|claude-sonnet-4-5)"}`);
  });

  it('escapes regex specials for the PromQL string literal', () => {
    expect(renderMultiValue(['a.b+c'])).toBe(String.raw`a\\.b\\+c`);
    expect(renderMultiValue(['a\\b'])).toBe(String.raw`a\\\\b`);
    expect(renderMultiValue('All')).toBe('.*');
  });

  it('substitutes $datasource with the Prometheus uid', () => {
    expect(substituteQuery('$datasource')).toBe('genai-otel-prometheus');
  });

  it('rejects unknown variables', () => {
    expect(() => substituteQuery('x{env=~"$env"}')).toThrow(/unknown variable or macro \$env/);
  });

  it('parses durations', () => {
    expect(durationMs('15s')).toBe(15_000);
    expect(durationMs('1d')).toBe(86_400_000);
    expect(() => durationMs('1h30m')).toThrow();
  });
});

describe('panelQueries', () => {
  it('lists every query of a committed dashboard, substituted', () => {
    for (const spec of DASHBOARDS) {
      const json = JSON.parse(readFileSync(join(GENERATED_DIR, spec.file), 'utf8'));
      const queries = panelQueries(json);
      const targets = (json.panels as { type: string; targets?: unknown[] }[])
        .filter((p) => p.type !== 'row')
        .reduce((n, p) => n + (p.targets?.length ?? 0), 0);
      expect(queries).toHaveLength(targets);
      for (const q of queries) {
        expect(q.dashboardUid).toBe(spec.uid);
        expect(q.expr).not.toContain('$');
        expect(q.rawExpr).toBeTruthy();
        expect(q.refId).toMatch(/^[A-Z]$/);
      }
    }
  });

  it('finds panels inside collapsed rows', () => {
    const dashboard = {
      uid: 'u',
      panels: [
        {
          type: 'row',
          panels: [{ id: 2, type: 'stat', title: 't', datasource: { type: 'prometheus' }, targets: [{ refId: 'A', expr: 'up{job=~"$job"}', instant: true }] }],
        },
      ],
    };
    expect(panelQueries(dashboard)).toEqual([expect.objectContaining({ panelId: 2, refId: 'A', expr: 'up{job=~".*"}', instant: true, format: 'time_series' })]);
  });

  it('marks queries that may be empty, and only those', () => {
    const queries = dashboardQueries();
    const empty = queries.filter((q) => q.mayBeEmpty);
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThan(queries.length / 2);
    expect(queries.find((q) => q.rawExpr.includes('genai_otel_guard_breaker_state'))?.mayBeEmpty).toMatch(/only apps that configure the genai-otel guard/);
    expect(queries.find((q) => q.panelTitle === 'Requests')?.mayBeEmpty).toBeUndefined();
  });

  it('dashboardQueries covers all dashboards', () => {
    const uids = new Set(dashboardQueries().map((q) => q.dashboardUid));
    expect([...uids].sort()).toEqual(DASHBOARDS.map((d) => d.uid).sort());
  });
});

describe('NOT_CALLER_CANCELLED', () => {
  it('leaves out exactly the error types the alert rules do not count as failures', async () => {
    const { default: config } = (await import('../../alerts/config.mjs' as string)) as { default: { callerCancelledErrorTypes: string[] } };
    expect(NOT_CALLER_CANCELLED).toBe(`error_type!~"${config.callerCancelledErrorTypes.join('|')}"`);
  });
});
