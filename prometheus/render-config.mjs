#!/usr/bin/env node
// Renders prometheus/prometheus.yml for a run whose ports are chosen at run time (the end-to-end test), since
// Prometheus 2.x has no environment expansion in its configuration file.
//
// Library:  import { renderPrometheusConfig } from '../../prometheus/render-config.mjs';
//           const yaml = renderPrometheusConfig({ collectorMetrics: '127.0.0.1:40123', collectorTelemetry: '127.0.0.1:40124',
//                                                 alertmanager: '127.0.0.1:40125', scrapeInterval: '1s' });
// CLI:      node prometheus/render-config.mjs --collector-metrics 127.0.0.1:40123 --collector-telemetry 127.0.0.1:40124 \
//             [--alertmanager 127.0.0.1:40125 | --no-alertmanager] [--rules '/abs/alerts/rules/*.yaml'] \
//             [--scrape-interval 1s] [--evaluation-interval 1s] [--out /tmp/x/prometheus.yml]
//
// What it does: replaces the compose addresses collector:8889, collector:8888 and alertmanager:9093 (each must occur
// exactly once, so a drift of prometheus.yml fails loudly), turns the relative rule glob into an absolute one (the
// rendered copy lives elsewhere), optionally overrides the global intervals, and with alertmanager: null drops the
// `alerting:` block. No dependencies beyond Node's standard library.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_PATH = resolve(here, 'prometheus.yml');
export const DEFAULT_RULES_GLOB = resolve(here, '..', 'alerts', 'rules', '*.yaml');
const RELATIVE_RULES_GLOB = '../alerts/rules/*.yaml';
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/;
const DURATION = /^\d+(ms|s|m|h)$/;

/**
 * @param {{ collectorMetrics: string, collectorTelemetry: string, alertmanager?: string | null,
 *           rulesGlob?: string, scrapeInterval?: string, evaluationInterval?: string, template?: string }} options
 * @returns {string} the rendered prometheus.yml
 */
export function renderPrometheusConfig(options) {
  const {
    collectorMetrics,
    collectorTelemetry,
    alertmanager,
    rulesGlob = DEFAULT_RULES_GLOB,
    scrapeInterval,
    evaluationInterval,
    template = readFileSync(TEMPLATE_PATH, 'utf8'),
  } = options;
  let out = template;

  const replaceOnce = (from, to) => {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`prometheus.yml: expected "${from}" exactly once, found it ${count} times`);
    out = out.replace(from, () => to);
  };
  const address = (name, value) => {
    if (typeof value !== 'string' || !HOST_PORT.test(value)) throw new Error(`${name} must be host:port, got ${JSON.stringify(value)}`);
    return value;
  };
  const duration = (name, value) => {
    if (!DURATION.test(value)) throw new Error(`${name} must be a Prometheus duration like 1s or 500ms, got ${JSON.stringify(value)}`);
    return value;
  };

  replaceOnce("'collector:8889'", `'${address('collectorMetrics', collectorMetrics)}'`);
  replaceOnce("'collector:8888'", `'${address('collectorTelemetry', collectorTelemetry)}'`);
  if (alertmanager === null || alertmanager === undefined) {
    const before = out;
    out = out.replace(/^alerting:\n(?:[ \t]+.*\n|[ \t]*\n)*/m, '');
    if (out === before) throw new Error('prometheus.yml: no top-level alerting: block to drop');
  } else {
    replaceOnce("'alertmanager:9093'", `'${address('alertmanager', alertmanager)}'`);
  }
  if (rulesGlob.includes("'") || rulesGlob.includes('\n')) throw new Error('rulesGlob must not contain quotes or newlines');
  replaceOnce(`- ${RELATIVE_RULES_GLOB}`, `- '${rulesGlob}'`);
  if (scrapeInterval) {
    const value = duration('scrapeInterval', scrapeInterval);
    replaceOnce('  scrape_interval: 15s\n', `  scrape_interval: ${value}\n`);
    // scrape_timeout must not exceed scrape_interval.
    replaceOnce('  scrape_timeout: 10s\n', `  scrape_timeout: ${value}\n`);
  }
  if (evaluationInterval) replaceOnce('  evaluation_interval: 15s\n', `  evaluation_interval: ${duration('evaluationInterval', evaluationInterval)}\n`);
  return out;
}

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'collector-metrics': { type: 'string' },
      'collector-telemetry': { type: 'string' },
      alertmanager: { type: 'string' },
      'no-alertmanager': { type: 'boolean', default: false },
      rules: { type: 'string' },
      'scrape-interval': { type: 'string' },
      'evaluation-interval': { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values['no-alertmanager'] && !values.alertmanager) throw new Error('give --alertmanager host:port or --no-alertmanager');
  const yaml = renderPrometheusConfig({
    collectorMetrics: values['collector-metrics'],
    collectorTelemetry: values['collector-telemetry'],
    alertmanager: values['no-alertmanager'] ? null : values.alertmanager,
    rulesGlob: values.rules,
    scrapeInterval: values['scrape-interval'],
    evaluationInterval: values['evaluation-interval'],
  });
  if (values.out) writeFileSync(values.out, yaml);
  else process.stdout.write(yaml);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`render-config: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
