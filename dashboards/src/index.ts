// @genai-otel/dashboards: the Grafana dashboards of genai-otel as code, and their queries for tests.
export { ALERTMANAGER_UID, ALL_VALUE, PROMETHEUS_UID, TEMPO_UID, VARIABLES, type VariableName } from './common.js';
export { buildDashboards, DASHBOARDS, renderDashboard, type DashboardSpec } from './dashboards.js';
export { LLM_OVERVIEW_UID } from './dashboards/llm-overview.js';
export { MODEL_COMPARISON_UID } from './dashboards/model-comparison.js';
export { PIPELINE_HEALTH_UID } from './dashboards/pipeline-health.js';
export { DIMENSIONS, SPEND_ATTRIBUTION_UID } from './dashboards/spend-attribution.js';
export { checkGenerated, GENERATED_DIR, REGENERATE_HINT, writeGenerated, type Drift } from './generate.js';
export {
  dashboardQueries,
  durationMs,
  panelQueries,
  renderMultiValue,
  substituteQuery,
  type DashboardLike,
  type PanelQuery,
  type SubstitutionOptions,
  type VariableSelection,
} from './queries.js';
