/**
 * The packages as a stranger gets them: `bash scripts/pack.sh` packs every public package, each tarball
 * passes publint and attw, and @genai-otel/node's tarballs are installed with plain npm (registry for
 * everything else, no workspace links) into a folder outside the workspace. There, an ESM app run with
 * `--import @genai-otel/node/register` and the same app in CommonJS run with `-r` call the fake provider
 * through the real openai SDK: spans and metrics arrive over OTLP and the app serves /metrics. The
 * register module and start() load no LLM SDK, no fake provider and no usage poller.
 */
import { startFakeProvider, type FakeProvider, type ServedCall } from '@genai-otel/fake-provider';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChildApp, FIXTURES as NODE_FIXTURES } from '../packages/node/test/child-app.js';
import { attributeMap, OtlpReceiver } from '../packages/node/test/otlp-receiver.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC_PACKAGES = ['demo', 'fake-provider', 'guard', 'instrumentation', 'node', 'pricing', 'provider-usage', 'providers'];
/** What @genai-otel/node must never bring in: the demo's and the poller's dependencies. */
const NOT_IN_NODE = ['openai', '@anthropic-ai/sdk', '@google/genai', '@genai-otel/fake-provider', '@genai-otel/provider-usage', '@genai-otel/demo'];

let packs: string;
let tarballs: string[];
let appDir: string;
let provider: FakeProvider;

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), 'genai-otel-packs-'));
  const { stdout } = await run('bash', [join(ROOT, 'scripts/pack.sh'), packs], { cwd: ROOT });
  tarballs = stdout.trim().split('\n');
  appDir = await mkdtemp(join(tmpdir(), 'genai-otel-app-'));
  await writeFile(join(appDir, 'package.json'), JSON.stringify({ name: 'stranger-app', version: '1.0.0', private: true }));
  const openaiVersion = JSON.parse(await readFile(join(ROOT, 'packages/node/node_modules/openai/package.json'), 'utf8')).version as string;
  const own = ['node', 'instrumentation', 'pricing', 'providers'].map((name) => tarball(name));
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...own, `openai@${openaiVersion}`], { cwd: appDir });
  for (const file of ['app.mjs', 'app.cjs']) await copyFile(join(NODE_FIXTURES, file), join(appDir, file));
  await copyFile(fileURLToPath(new URL('./fixtures/loaded-packages.cjs', import.meta.url)), join(appDir, 'loaded-packages.cjs'));
  provider = await startFakeProvider();
});
afterAll(async () => {
  await provider?.stop();
  await Promise.all([packs, appDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
});

function tarball(name: string): string {
  const path = tarballs.find((candidate) => basename(candidate).startsWith(`genai-otel-${name}-`));
  if (!path) throw new Error(`no tarball for ${name} in ${tarballs.join(', ')}`);
  return path;
}

/** attw's problems, without the node10 ones its node16 profile ignores (they stay in the JSON). */
function attwProblems(json: string): unknown[] {
  const { analysis } = JSON.parse(json) as { analysis: { problems: Array<{ resolutionKind?: string }> } };
  return analysis.problems.filter((problem) => problem.resolutionKind !== 'node10');
}

describe('the packed packages', () => {
  it('one tarball per public package, each clean for publint and attw', async () => {
    expect(tarballs.map((path) => basename(path).replace(/-\d+\.\d+\.\d+\.tgz$/, ''))).toEqual(PUBLIC_PACKAGES.map((name) => `genai-otel-${name}`));
    for (const path of tarballs) {
      const bytes = await readFile(path);
      const { messages } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        level: 'suggestion',
        strict: true,
      });
      expect({ path: basename(path), messages }).toEqual({ path: basename(path), messages: [] });
      const { stdout: manifest } = await run('tar', ['-xzOf', path, 'package/package.json']);
      const { engines, license } = JSON.parse(manifest) as { engines?: Record<string, string>; license?: string };
      expect({ engines, license }).toEqual({ engines: { node: '>=22.15.0' }, license: 'Apache-2.0' });
      const { stdout: files } = await run('tar', ['-tzf', path]);
      expect(files.split('\n')).toContain('package/LICENSE');
      // node16 and bundler resolution, from ESM and CommonJS (node10 predates `exports`; engines say Node >= 22.15).
      const attw = await run(join(ROOT, 'packaging/node_modules/.bin/attw'), [path, '--profile', 'node16', '--format', 'json'], { cwd: ROOT }).then(
        ({ stdout }) => ({ ok: true, problems: attwProblems(stdout) }),
        (error: { stdout: string }) => ({ ok: false, problems: attwProblems(error.stdout) }),
      );
      expect({ path: basename(path), ...attw }).toEqual({ path: basename(path), ok: true, problems: [] });
    }
  });

  it('install with npm outside the workspace: real versions, no LLM SDK, fake provider or poller under @genai-otel/node', async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--json'], { cwd: appDir });
    // An optional peer that is not installed is listed with `missing: true` and no version.
    interface Node {
      version?: string;
      missing?: boolean;
      dependencies?: Record<string, Node>;
    }
    const tree = JSON.parse(stdout) as { dependencies: Record<string, Node> };
    const names = (node: Node): string[] =>
      Object.entries(node.dependencies ?? {}).flatMap(([name, child]) => (child.version === undefined ? [] : [name, ...names(child)]));
    expect(Object.keys(tree.dependencies).sort()).toEqual([
      '@genai-otel/instrumentation',
      '@genai-otel/node',
      '@genai-otel/pricing',
      '@genai-otel/providers',
      'openai',
    ]);
    const underNode = new Set(names(tree.dependencies['@genai-otel/node']!));
    expect(NOT_IN_NODE.filter((name) => underNode.has(name))).toEqual([]);
    for (const name of ['node', 'instrumentation', 'pricing', 'providers']) {
      const manifest = JSON.parse(await readFile(join(appDir, 'node_modules/@genai-otel', name, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      const ranges = Object.values({ ...manifest['dependencies'], ...manifest['peerDependencies'] });
      expect(ranges.filter((range) => range.startsWith('workspace:'))).toEqual([]);
    }
  });

  it.each([
    ['--import @genai-otel/node/register', ['-r', './loaded-packages.cjs', '--import', '@genai-otel/node/register', '--input-type=module', '-e', '']],
    ['-r @genai-otel/node/register', ['-r', './loaded-packages.cjs', '-r', '@genai-otel/node/register', '-e', '']],
    [
      "import { start } from '@genai-otel/node'",
      [
        '-r',
        './loaded-packages.cjs',
        '--input-type=module',
        '-e',
        "import { start } from '@genai-otel/node'; await start({ shutdownHooks: false }).shutdown();",
      ],
    ],
  ])('%s loads only OpenTelemetry and genai-otel (openai is installed beside it)', async (_form, args) => {
    const env = { PATH: process.env['PATH'], OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };
    const { stdout } = await run(process.execPath, args, { cwd: appDir, env });
    const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
    expect(loaded).toContain('@genai-otel/instrumentation');
    expect(loaded).toContain('@opentelemetry/sdk-node');
    expect(loaded.filter((name) => NOT_IN_NODE.includes(name))).toEqual([]);
    expect(loaded.filter((name) => name.startsWith('@genai-otel/')).sort()).toEqual([
      '@genai-otel/instrumentation',
      '@genai-otel/node',
      '@genai-otel/pricing',
      '@genai-otel/providers',
    ]);
  });
});

describe.each([
  ['ESM', ['--import', '@genai-otel/node/register', 'app.mjs']],
  ['CommonJS', ['-r', '@genai-otel/node/register', 'app.cjs']],
])('an app installed from the tarballs, %s', (_kind, args) => {
  let receiver: OtlpReceiver;
  let app: ChildApp | undefined;
  beforeEach(async () => {
    receiver = await new OtlpReceiver().start();
    provider.reset();
  });
  afterEach(async () => {
    app?.kill('SIGKILL');
    await app?.exited;
    app = undefined;
    await receiver.stop();
  });

  it('exports spans and metrics over OTLP and serves /metrics', async () => {
    app = new ChildApp(
      args,
      {
        PATH: process.env['PATH'],
        FAKE_BASE_URL: provider.baseURL,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'stranger-app',
        OTEL_METRIC_EXPORT_INTERVAL: '600000',
        GENAI_OTEL_PROMETHEUS_PORT: '0',
        GENAI_OTEL_PROMETHEUS_HOST: '127.0.0.1',
      },
      appDir,
    );
    const [, endpoint] = await app.waitFor(/Prometheus metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/);
    await app.waitFor(/^done$/m);

    const chat = provider.served.filter((call): call is Extract<ServedCall, { api: 'openai.chat' }> => call.api === 'openai.chat');
    expect(chat.map((call) => [call.status, call.stream])).toEqual([
      [200, false],
      [200, true],
    ]);
    const input = chat.reduce((sum, call) => sum + (call.usage?.prompt_tokens ?? 0), 0);
    const text = await (await fetch(`${endpoint}/metrics`)).text();
    expect(text).toContain('# UNIT gen_ai_client_inference_duration s\n# TYPE gen_ai_client_inference_duration histogram\n');
    const inputLines = text.split('\n').filter((line) => line.startsWith('gen_ai_client_inference_usage_input_tokens_total{'));
    expect(inputLines).toHaveLength(1);
    expect(inputLines[0]!.endsWith(`} ${input}`)).toBe(true);

    app.kill('SIGTERM');
    await app.exited;
    await receiver.until(() => receiver.spans().filter((span) => span.name === 'chat gpt-4.1').length === 2 && receiver.metrics().length > 0);
    const spans = receiver
      .spans()
      .filter((span) => span.name === 'chat gpt-4.1')
      .map((span) => attributeMap(span.attributes));
    expect(spans.map((span) => [span['gen_ai.request.stream'] ?? false, span['gen_ai.usage.input_tokens'], span['gen_ai.usage.output_tokens']]).sort()).toEqual(
      chat.map((call) => [call.stream, call.usage?.prompt_tokens, call.usage?.completion_tokens]).sort(),
    );
    expect(spans.every((span) => span['gen_ai.provider.name'] === 'openai_compatible' && span['gen_ai.operation.name'] === 'chat')).toBe(true);
    expect(receiver.metrics().map((metric) => metric.name)).toContain('gen_ai.client.inference.duration');
  });
});
