// Grafana provisioning: the datasources the dashboards rely on, and a dashboard provider whose path is where
// docker-compose.yml mounts the generated JSON.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERTMANAGER_UID, PROMETHEUS_UID, TEMPO_UID } from '../src/common.js';
import { DASHBOARDS } from '../src/dashboards.js';
import { GENERATED_DIR } from '../src/generate.js';

const PACKAGE = resolve(import.meta.dirname, '..');
const ROOT = resolve(PACKAGE, '..');
const read = (path: string) => readFileSync(join(PACKAGE, path), 'utf8');

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  access: string;
  isDefault?: boolean;
  editable?: boolean;
  jsonData?: Record<string, unknown>;
}

describe('provisioning/datasources/datasources.yaml', () => {
  const text = read('provisioning/datasources/datasources.yaml');
  const doc = parse(text) as { apiVersion: number; datasources: Datasource[] };
  const byUid = new Map(doc.datasources.map((d) => [d.uid, d]));

  it('provisions Prometheus under the uid the dashboards use, as the default', () => {
    expect(doc.apiVersion).toBe(1);
    expect(byUid.get(PROMETHEUS_UID)).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090', access: 'proxy', isDefault: true });
    expect(doc.datasources.filter((d) => d.isDefault)).toHaveLength(1);
  });

  it('provisions Tempo and Alertmanager (Prometheus implementation)', () => {
    expect(byUid.get(TEMPO_UID)).toMatchObject({ type: 'tempo', url: 'http://tempo:3200', access: 'proxy' });
    expect(byUid.get(ALERTMANAGER_UID)).toMatchObject({
      type: 'alertmanager',
      url: 'http://alertmanager:9093',
      access: 'proxy',
      jsonData: { implementation: 'prometheus' },
    });
  });

  it('escapes every literal $ in values (Grafana expands $VAR in provisioning values)', () => {
    const values = text
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');
    expect(values.replace(/\$\$/g, '')).not.toContain('$');
  });

  it('links Tempo to the Prometheus uid', () => {
    expect(byUid.get(TEMPO_UID)?.jsonData).toMatchObject({ tracesToMetrics: { datasourceUid: PROMETHEUS_UID } });
  });
});

describe('provisioning/dashboards/genai-otel.yaml', () => {
  const doc = parse(read('provisioning/dashboards/genai-otel.yaml')) as {
    apiVersion: number;
    providers: { name: string; type: string; folder: string; allowUiUpdates: boolean; options: { path: string } }[];
  };
  const provider = doc.providers[0]!;
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { volumes?: string[] }>;
  };
  const mounts = (compose.services['grafana']?.volumes ?? []).map((v) => {
    const [host, container] = v.split(':');
    return { host: host!, container: container! };
  });
  /** The host path (relative to the repository root) a container path of the grafana service comes from. */
  const hostPath = (containerPath: string) => {
    const mount = mounts
      .filter((m) => containerPath === m.container || containerPath.startsWith(`${m.container}/`))
      .sort((a, b) => b.container.length - a.container.length)[0];
    return mount && posix.join(mount.host, posix.relative(mount.container, containerPath));
  };

  it('is one file provider, read-only from the UI, in a folder', () => {
    expect(doc.apiVersion).toBe(1);
    expect(doc.providers).toHaveLength(1);
    expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false, folder: 'genai-otel' });
  });

  it('reads the directory docker-compose.yml mounts from dashboards/generated/', () => {
    const host = hostPath(provider.options.path);
    expect(host, `no grafana volume in docker-compose.yml covers ${provider.options.path}`).toBeDefined();
    expect(resolve(ROOT, host!)).toBe(GENERATED_DIR);
    for (const { file } of DASHBOARDS) expect(existsSync(join(resolve(ROOT, host!), file))).toBe(true);
  });

  it('sits where docker-compose.yml mounts the provisioning folder', () => {
    const host = hostPath('/etc/grafana/provisioning/dashboards/genai-otel.yaml');
    expect(host && resolve(ROOT, host)).toBe(join(PACKAGE, 'provisioning/dashboards/genai-otel.yaml'));
    expect(
      hostPath('/etc/grafana/provisioning/datasources/datasources.yaml') && resolve(ROOT, hostPath('/etc/grafana/provisioning/datasources/datasources.yaml')!),
    ).toBe(join(PACKAGE, 'provisioning/datasources/datasources.yaml'));
  });
});
