// A throwaway Prometheus on 127.0.0.1 (free port, TSDB in a temp dir) for query tests; Debian's `prometheus` 2.42
// or any newer one on PATH (scripts/install-system-deps.sh installs it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS_BIN = process.env['PROMETHEUS_BIN'] ?? 'prometheus';

/** Whether a `prometheus` binary can be run (tests needing it are skipped otherwise). */
export function prometheusAvailable(): boolean {
  return spawnSync(PROMETHEUS_BIN, ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface QueryResult {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

export class TestPrometheus {
  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly output: string[],
  ) {}

  /** Starts Prometheus with `config` (YAML text; may name files written into `files`). */
  static async start(config: string, files: Record<string, string> = {}): Promise<TestPrometheus> {
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-dashboards-prom-'));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    await writeFile(join(dir, 'prometheus.yml'), config);
    const port = await freePort();
    const child = spawn(
      PROMETHEUS_BIN,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    const prometheus = new TestPrometheus(`http://127.0.0.1:${port}`, child, dir, output);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}):\n${output.join('')}`);
      try {
        const response = await fetch(`${prometheus.url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        if (response.ok) return prometheus;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await prometheus.stop();
        throw new Error(`prometheus did not become ready:\n${output.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get log(): string {
    return this.output.join('');
  }

  /** Instant query at `time` (unix seconds, default now). */
  async query(expr: string, time?: number): Promise<QueryResult> {
    const params = new URLSearchParams({ query: expr });
    if (time !== undefined) params.set('time', String(time));
    return this.post('/api/v1/query', params);
  }

  /** Range query over [end - rangeSeconds, end] with `stepSeconds`. */
  async queryRange(expr: string, rangeSeconds: number, stepSeconds: number, end = Date.now() / 1000): Promise<QueryResult> {
    const params = new URLSearchParams({
      query: expr,
      start: String(end - rangeSeconds),
      end: String(end),
      step: String(stepSeconds),
    });
    return this.post('/api/v1/query_range', params);
  }

  private async post(path: string, params: URLSearchParams): Promise<QueryResult> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', body: params, signal: AbortSignal.timeout(10_000) });
    return (await response.json()) as QueryResult;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Number of series in a successful query result (vector / matrix; scalar counts as one). */
export function seriesCount(result: QueryResult): number {
  if (result.status !== 'success' || !result.data) return 0;
  if (Array.isArray(result.data.result)) return result.data.result.length;
  return 1;
}
