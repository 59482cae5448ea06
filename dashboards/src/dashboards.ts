// The list of dashboards: which builder produces which committed file under generated/.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { AVOIDABLE_SPEND_UID, avoidableSpend } from './dashboards/avoidable-spend.js';
import { LLM_OVERVIEW_UID, llmOverview } from './dashboards/llm-overview.js';
import { MODEL_COMPARISON_UID, modelComparison } from './dashboards/model-comparison.js';
import { PIPELINE_HEALTH_UID, pipelineHealth } from './dashboards/pipeline-health.js';
import { SPEND_ATTRIBUTION_UID, spendAttribution } from './dashboards/spend-attribution.js';

export interface DashboardSpec {
  /** File name under dashboards/generated/. */
  file: string;
  uid: string;
  build: () => dashboard.Dashboard;
}

export const DASHBOARDS: readonly DashboardSpec[] = [
  { file: 'llm-overview.json', uid: LLM_OVERVIEW_UID, build: llmOverview },
  { file: 'model-comparison.json', uid: MODEL_COMPARISON_UID, build: modelComparison },
  { file: 'pipeline-health.json', uid: PIPELINE_HEALTH_UID, build: pipelineHealth },
  { file: 'avoidable-spend.json', uid: AVOIDABLE_SPEND_UID, build: avoidableSpend },
  { file: 'spend-attribution.json', uid: SPEND_ATTRIBUTION_UID, build: spendAttribution },
];

/** Every dashboard, freshly built (also registers which queries may be empty, see common.ts). */
export function buildDashboards(): { file: string; uid: string; dashboard: dashboard.Dashboard }[] {
  return DASHBOARDS.map(({ file, uid, build }) => ({ file, uid, dashboard: build() }));
}

/** The committed form of a dashboard: 2-space JSON with a final newline. */
export function renderDashboard(d: dashboard.Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
