#!/usr/bin/env node
// Prints, for every alerting rule generated from alerts/config.mjs, the receivers alertmanager/alertmanager.yml must
// route it to and the alert's labels, one line each:  <receivers>\t<label=value> <label=value> ...
// The expectation is the routing policy: team=finance -> finance (plus pager when critical); otherwise
// critical -> pager, warning -> chat. alertmanager/tests/routes.sh checks each line with amtool.
import { buildRules, loadConfig } from '../../alerts/generate-rules.mjs';

const config = loadConfig();
const { alerting } = buildRules(config);
// Label values the rules take from the series (any value routes the same); model-level alerts carry these.
const sample = { deployment_environment_name: 'prod', job: 'chat-api', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o' };

for (const group of alerting) {
  for (const rule of group.rules) {
    const labels = { alertname: rule.alert, ...sample, ...rule.labels };
    const receivers =
      labels.team === 'finance' ? (labels.severity === 'critical' ? ['finance', 'pager'] : ['finance']) : [labels.severity === 'critical' ? 'pager' : 'chat'];
    process.stdout.write(`${receivers.join(',')}\t${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  }
}
