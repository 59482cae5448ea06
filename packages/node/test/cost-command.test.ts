/** `genai-otel cost`: the breakdown of one bill line, unknown reported as unknown, bad input as a clear error. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCostCommand } from '../src/cost-command.js';

const read = (path: string) => readFile(path, 'utf8');

describe('genai-otel cost', () => {
  it('prints the breakdown of an OpenAI chat usage object (cached subset of prompt, reasoning subset of completion)', async () => {
    const usage = JSON.stringify({
      prompt_tokens: 1200,
      completion_tokens: 40,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 16 },
    });
    const { output, code } = await runCostCommand(
      ['--provider', 'openai', '--model', 'gpt-4.1-2025-04-14', '--usage', usage, '--timestamp', '2026-11-01T00:00:00Z'],
      read,
    );
    expect(code).toBe(0);
    // gpt-4.1: $2.00 input, $0.50 cached input, $8.00 output per MTok.
    expect(output).toBe(
      [
        'cost $0.001184 USD',
        'model gpt-4.1 (openai), source price-table, data genai-prices@0.1.8',
        'token class   tokens  $/MTok     amount',
        'input            176    2.00  $0.000352',
        'cached input   1,024    0.50  $0.000512',
        'output            24    8.00  $0.000192',
        'reasoning         16    8.00  $0.000128',
        'total          1,240          $0.001184',
        '',
      ].join('\n'),
    );
  });

  it('says unknown (exit 3) for a model it has no price for', async () => {
    const { output, code } = await runCostCommand(['--provider', 'openai', '--model', 'gpt-99', '--usage', '{"prompt_tokens":1,"completion_tokens":1}'], read);
    expect(code).toBe(3);
    expect(output.split('\n')[0]).toMatch(/^cost unknown \(unknown_model\)/);
  });

  it('reads a custom price table and rejects a bad one with file, line and key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-cost-'));
    try {
      await writeFile(join(dir, 'good.yaml'), 'models:\n  - model: acme-1\n    provider: acme\n    prices: { input: 1.0, output: 2.0 }\n');
      await writeFile(join(dir, 'bad.yaml'), 'models:\n  - model: acme-1\n    provider: acme\n    prices: { input: 1.0, output: cheap }\n');
      const good = await runCostCommand(['--provider', 'acme', '--model', 'acme-1', '--usage', '{"prompt_tokens":1000,"completion_tokens":500}', '--prices', join(dir, 'good.yaml')], read);
      expect(good.code).toBe(0);
      expect(good.output.split('\n')[0]).toBe('cost $0.002000 USD');
      await expect(
        runCostCommand(['--provider', 'acme', '--model', 'acme-1', '--usage', '{}', '--prices', join(dir, 'bad.yaml')], read),
      ).rejects.toThrow(`${join(dir, 'bad.yaml')}:4:35: models[0].prices.output: must be a non-negative number (USD per 1M tokens), got "cheap"`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('runs as a CLI command (built)', async () => {
    const bin = fileURLToPath(new URL('../bin/genai-otel.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'cost', '--provider', 'deepseek', '--model', 'deepseek-chat', '--usage', '{"prompt_tokens":100,"completion_tokens":10,"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":100}', '--timestamp', '2026-11-01T03:00:00Z']);
    expect(stdout.split('\n')[1]).toBe('model deepseek-chat (deepseek), source price-table, data genai-prices@0.1.8');
    const failed = await promisify(execFile)(process.execPath, [bin, 'cost', '--provider', 'openai']).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: 'genai-otel: cost needs --provider, --model and --usage (see genai-otel cost --help)\n' });
  });
});
