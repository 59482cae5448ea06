/*
 * The contract's consumers: every `gen_ai_*` / `genai_otel_*` Prometheus name and every `gen_ai.*` / `genai_otel.*`
 * OTel name written in the alert rules and their generator and tests, the dashboards (sources, generated JSON, tests
 * and their synthetic exporter), the collector's docs and configs, the bench and the e2e test must be a series, label,
 * metric or attribute of telemetry-contract.json (or a span attribute of semconv.ts). A rename in the contract then
 * fails here until every consumer follows it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as semconv from '../semconv.js';
import type { TelemetryContract } from './metrics.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const contract = JSON.parse(readFileSync(join(ROOT, 'telemetry-contract.json'), 'utf8')) as TelemetryContract;

const prometheusNames = new Set<string>();
for (const metric of contract.metrics) {
  prometheusNames.add(metric.prometheus.name);
  for (const series of metric.prometheus.series) prometheusNames.add(series);
  for (const label of metric.prometheus.labels) prometheusNames.add(label);
}
const otelNames = new Set<string>(contract.attributionKeys);
for (const metric of contract.metrics) {
  otelNames.add(metric.name);
  for (const key of metric.attributes) otelNames.add(key);
}
// Span attributes and values are not metrics but may be named next to them.
for (const value of Object.values(semconv)) if (typeof value === 'string' && value.includes('.')) otelNames.add(value);

/** The consumers, relative to the repository root: files or directories (scanned for the given extensions). */
const CONSUMERS = [
  'alerts/rules',
  'alerts/tests',
  'alerts/generate-rules.mjs',
  'alerts/budget-rules.mjs',
  'alerts/avoidable-spend-rules.mjs',
  'alerts/config.mjs',
  'alerts/README.md',
  'alerts/runbook.md',
  'dashboards/src',
  'dashboards/generated',
  'dashboards/test',
  'dashboards/README.md',
  'collector/README.md',
  'collector/config.yaml',
  'bench/run.mjs',
  'bench/lib',
  'bench/README.md',
  'e2e/pipeline.test.ts',
];
const EXTENSIONS = /\.(ya?ml|mjs|ts|json|md)$/;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => EXTENSIONS.test(name))
    .map((name) => join(full, name));
}

/** A name is known when the contract has it; a prefix (`gen_ai_client_`, `genai_otel.ratelimit.`) when it starts one. */
function known(name: string, names: Set<string>): boolean {
  if (names.has(name)) return true;
  if (/[._]$/.test(name)) return [...names].some((candidate) => candidate.startsWith(name));
  return false;
}

function unknownNames(text: string): string[] {
  const unknown = new Set<string>();
  for (const [name] of text.matchAll(/(?<![A-Za-z0-9_:.])(?:gen_ai|genai_otel)_[A-Za-z0-9_]*(?![A-Za-z0-9_:])/g)) {
    if (!known(name, prometheusNames)) unknown.add(name);
  }
  for (const [name] of text.matchAll(/(?<![A-Za-z0-9_.])(?:gen_ai|genai_otel)\.[A-Za-z0-9_.]*/g)) {
    // A trailing dot is a prefix (`genai_otel.ratelimit.*`) or the end of a sentence.
    if (!known(name, otelNames) && !known(name.replace(/\.+$/, ''), otelNames)) unknown.add(name);
  }
  return [...unknown];
}

describe('every consumer names only what the telemetry contract declares', () => {
  const all = CONSUMERS.flatMap(files);
  it('finds the consumers', () => expect(all.length).toBeGreaterThan(20));
  it.each(all.map((file) => [relative(ROOT, file), file]))('%s', (_name, file) => {
    expect(unknownNames(readFileSync(file, 'utf8'))).toEqual([]);
  });
  it('sees the names in them', () => {
    const text = all.map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(text.match(/(?:gen_ai|genai_otel)_[A-Za-z0-9_]*_total/g)?.length).toBeGreaterThan(50);
    expect(unknownNames('rate(gen_ai_client_inference_duration_count[5m]) gen_ai.client.duration')).toEqual([
      'gen_ai_client_inference_duration_count',
      'gen_ai.client.duration',
    ]);
  });
});
