// What Grafana file provisioning needs from every dashboard, and the conventions all of them follow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_VALUE, PROMETHEUS_UID, VARIABLES } from '../src/common.js';
import { DASHBOARDS } from '../src/dashboards.js';
import { SPEND_ATTRIBUTION_UID } from '../src/dashboards/spend-attribution.js';
import { GENERATED_DIR } from '../src/generate.js';

interface Target {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id?: number;
  type: string;
  title?: string;
  gridPos?: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { defaults?: { unit?: string } };
}
interface Variable {
  type: string;
  name: string;
  query?: unknown;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  current?: { value?: unknown };
  datasource?: { type?: string; uid?: string };
}
interface Dashboard {
  id: unknown;
  uid: string;
  title: string;
  schemaVersion: number;
  editable: boolean;
  panels: Panel[];
  templating: { list: Variable[] };
}

const committed = DASHBOARDS.map((spec) => ({
  spec,
  json: JSON.parse(readFileSync(join(GENERATED_DIR, spec.file), 'utf8')) as Dashboard,
}));
const all = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...all(p.panels ?? [])]);

/** Units a panel may use (Grafana unit ids). */
const UNITS = new Set(['reqps', 'percentunit', 's', 'currencyUSD', 'short', 'bytes', 'none']);
/** Range-vector windows allowed in raw queries; fixed windows only where the window IS the meaning. */
const WINDOWS = new Set(['$__rate_interval', '$__range', '1d']);

describe.each(committed)('$spec.file', ({ spec, json }) => {
  const panels = all(json.panels).filter((p) => p.type !== 'row');

  it('has its fixed uid, id null, and is read-only', () => {
    expect(json.uid).toBe(spec.uid);
    expect(json.uid).toMatch(/^genai-otel-[a-z-]+$/);
    expect(json.uid.length).toBeLessThanOrEqual(40);
    expect(json.id).toBeNull();
    expect(json.editable).toBe(false);
    expect(json.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  it('has the datasource, service, provider and model variables (the spend-attribution one: and the dimension)', () => {
    const variables = json.templating.list;
    expect(variables.map((v) => v.name)).toEqual(json.uid === SPEND_ATTRIBUTION_UID ? [...VARIABLES, 'dimension'] : [...VARIABLES]);
    const datasource = variables.find((v) => v.name === 'datasource')!;
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus', current: { value: PROMETHEUS_UID } });
    for (const name of ['job', 'provider', 'model']) {
      const variable = variables.find((v) => v.name === name)!;
      expect(variable).toMatchObject({
        type: 'query',
        multi: true,
        includeAll: true,
        allValue: ALL_VALUE,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
      expect(variable.query).toMatch(/^label_values\(/);
    }
  });

  it('reads Prometheus through the datasource variable in every panel and query', () => {
    expect(panels.length).toBeGreaterThan(0);
    for (const panel of panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, `${panel.title} has no query`).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
        expect(target.expr, panel.title).toBeTruthy();
      }
    }
  });

  it('has unique panel ids and unique refIds per panel', () => {
    const ids = all(json.panels).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, panel.title).toBe(refIds.length);
      expect(refIds.every(Boolean), panel.title).toBe(true);
    }
  });

  it('lays panels out on the 24-column grid without overlaps', () => {
    const boxes = all(json.panels).map((p) => ({ title: p.title, ...p.gridPos! }));
    for (const box of boxes) {
      expect(box.x + box.w, box.title).toBeLessThanOrEqual(24);
      expect(box.w, box.title).toBeGreaterThan(0);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.title} overlaps ${b.title}`).toBe(false);
      }
  });

  it('gives panels a known unit', () => {
    for (const panel of panels.filter((p) => p.type !== 'table')) {
      const unit = panel.fieldConfig?.defaults?.unit;
      // heatmap: the unit is on its y axis (options.yAxis.unit); stat/state panels with value mappings may omit one
      if (panel.type === 'heatmap' || panel.type === 'state-timeline' || panel.title === 'Scrape targets up') continue;
      expect(UNITS.has(unit ?? ''), `${panel.title}: unit ${unit}`).toBe(true);
    }
  });

  it('uses $__rate_interval (or the whole range) for rate windows, never a fixed one', () => {
    for (const panel of panels)
      for (const target of panel.targets ?? [])
        for (const [, window] of target.expr!.matchAll(/\[([^\]:]+)\]/g))
          expect(WINDOWS.has(window!), `${panel.title}: [${window}] in ${target.expr}`).toBe(true);
  });

  it('filters GenAI series by the service, provider and model variables', () => {
    for (const panel of panels)
      for (const target of panel.targets ?? []) {
        for (const [selector] of target.expr!.matchAll(/\b(gen_ai_\w+|genai_\w+:\w+:\w+|genai_otel_\w+|traces_span_metrics_\w+)\{[^}]*\}/g)) {
          // Provider-billed vs measured cost (genai_billing:*) is for the whole organization: no service label.
          if (selector!.startsWith('genai_billing:')) {
            expect(selector, panel.title).toMatch(/gen_ai_provider_name=~"\$provider"/);
            continue;
          }
          expect(selector, panel.title).toMatch(/job=~"\$job"/);
          if (!/genai_otel_(guard|provider)|genai_service:/.test(selector!)) expect(selector, panel.title).toMatch(/gen_ai_request_model=~"\$model"/);
        }
      }
  });
});

describe('dashboard set', () => {
  it('has distinct uids and titles', () => {
    expect(new Set(committed.map((d) => d.json.uid)).size).toBe(committed.length);
    expect(new Set(committed.map((d) => d.json.title)).size).toBe(committed.length);
  });
});
