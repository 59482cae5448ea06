#!/usr/bin/env node
// Prints, for every alerting rule generated from alerts/config.mjs, the receivers alertmanager/alertmanager.yml must
// route it to and the alert's labels, one line each:  <receivers>\t<label=value> <label=value> ...
// The expectation is the routing policy: team=finance -> finance (plus pager when critical); otherwise
// critical -> pager, warning -> chat. alertmanager/tests/routes.sh checks each line with amtool.
import { readFileSync } from 'node:fs';
import { buildBudgetRules } from '../../alerts/budget-rules.mjs';
import { buildRules, loadConfig, loadConfiguredBudgets } from '../../alerts/generate-rules.mjs';

const config = loadConfig();
const { alerting } = buildRules(config);
const budgets = loadConfiguredBudgets(config);
// Receivers alertmanager.yml defines for budget owners: team-<owner>.
const teamReceivers = new Set(
  [...readFileSync(new URL('../alertmanager.yml', import.meta.url), 'utf8').matchAll(/^ {2}- name: (team-[a-z0-9_-]+)$/gm)].map((m) => m[1]),
);
// Label values the rules take from the series (any value routes the same); model-level alerts carry these.
const sample = { deployment_environment_name: 'prod', job: 'chat-api', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o' };

for (const group of alerting) {
  for (const rule of group.rules) {
    const labels = { alertname: rule.alert, ...sample, ...rule.labels };
    const receivers =
      labels.team === 'finance' ? (labels.severity === 'critical' ? ['finance', 'pager'] : ['finance']) : [labels.severity === 'critical' ? 'pager' : 'chat'];
    process.stdout.write(
      `${receivers.join(',')}\t${Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n`,
    );
  }
}

// Monthly budget alerts: every budget of alerts/budgets.yaml (and a value under the default budget, and a budget without
// an owner) to its owner's team-<owner> receiver when alertmanager.yml has one, else the default receiver, finance.
const budgetRules = buildBudgetRules(config, budgets).alerting.flatMap((group) => group.rules);
const owners = [...(budgets?.budgets ?? []).map((b) => ({ budget: b.name, team: b.owner })), { budget: 'team=other', team: 'other' }, { budget: 'feature=x' }];
for (const rule of budgetRules) {
  for (const { budget, team } of owners) {
    const labels = { alertname: rule.alert, ...rule.labels, budget, ...(team ? { team } : {}) };
    const receiver = team && teamReceivers.has(`team-${team}`) ? `team-${team}` : 'finance';
    process.stdout.write(
      `${receiver}\t${Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n`,
    );
  }
}
