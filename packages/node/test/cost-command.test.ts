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
      const good = await runCostCommand(
        ['--provider', 'acme', '--model', 'acme-1', '--usage', '{"prompt_tokens":1000,"completion_tokens":500}', '--prices', join(dir, 'good.yaml')],
        read,
      );
      expect(good.code).toBe(0);
      expect(good.output.split('\n')[0]).toBe('cost $0.002000 USD');
      await expect(runCostCommand(['--provider', 'acme', '--model', 'acme-1', '--usage', '{}', '--prices', join(dir, 'bad.yaml')], read)).rejects.toThrow(
        `${join(dir, 'bad.yaml')}:4:35: models[0].prices.output: must be a non-negative number (USD per 1M tokens), got "cheap"`,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  // The cases of issue 21, each with its breakdown. List prices (USD per 1M tokens) and their sources:
  // gemini-2.5-flash $0.30 / $0.03 cached / $2.50, Batch halves input and output, not cache hits
  // (ai.google.dev/gemini-api/docs/batch-mode); OpenAI priority (openai.com/api-priority-processing):
  // gpt-4o $4.25 / $2.125 / $17.00 (standard $2.50 / $1.25 / $10.00), o4-mini $2.00 / $0.50 / $8.00
  // (standard $1.10 / $0.275 / $4.40); fine-tuned gpt-4.1-2025-04-14 $3.00 / $0.75 / $12.00
  // (platform.openai.com/docs/pricing#fine-tuning); DeepSeek V3.1 from 2025-09-05 16:00 UTC $0.56 / $0.07 / $1.68
  // (api-docs.deepseek.com/news/news250821); deepseek-v4-flash off-peak $0.22 / $0.007 / $0.66 from
  // 2026-08-16 16:00 UTC, weekends off-peak from 2026-08-22 16:00 UTC (api-docs.deepseek.com/news/news260813).
  const cost = (args: string[]) => runCostCommand([...args, '--timestamp', '2026-11-20T12:00:00Z'], read);
  const chat = '{"prompt_tokens":1000,"completion_tokens":500,"prompt_tokens_details":{"cached_tokens":200}}';

  it('a flex request rejected with 429 costs 0: the requested tier decides for a call never served', async () => {
    const { output, code } = await cost([
      '--provider',
      'openai',
      '--model',
      'o3',
      '--usage',
      'null',
      '--outcome',
      'http_error',
      '--http-status',
      '429',
      '--requested-tier',
      'flex',
    ]);
    expect(code).toBe(0);
    expect(output).toBe(
      [
        'cost $0.000000 USD',
        'model o3 (openai), source provider, data genai-prices@0.1.8',
        'service tier flex',
        'not billed (error_not_billed)',
        'token class  tokens  $/MTok     amount',
        'total             0          $0.000000',
        'note: OpenAI does not bill a Flex 429 Resource Unavailable (flex-processing guide)',
        '',
      ].join('\n'),
    );
  });

  it('Gemini batch with cached input: input and output halved, cache hits at the standard cached price', async () => {
    const { output } = await cost([
      '--provider',
      'gcp.gemini',
      '--model',
      'gemini-2.5-flash',
      '--usage',
      '{"promptTokenCount":10000,"cachedContentTokenCount":8000,"candidatesTokenCount":500}',
      '--batch',
    ]);
    // 2,000 × $0.15 + 8,000 × $0.03 + 500 × $1.25 per MTok = $0.000300 + $0.000240 + $0.000625 = $0.001165
    expect(output).toBe(
      [
        'cost $0.001165 USD',
        'model gemini-2.5-flash (google), source price-table, data genai-prices@0.1.8',
        'service tier batch: ×0.5 on input (included in $/MTok; standard = the price without the tier, blank where the tier does not apply)',
        'token class   tokens  $/MTok  standard     amount',
        'input          2,000    0.15      0.30  $0.000300',
        'cached input   8,000    0.03            $0.000240',
        'output           500    1.25      2.50  $0.000625',
        'total         10,500                    $0.001165',
        'note: batch: ×0.5 except cached_input, cached_input_audio, cached_input_image, cached_input_video, billed at the standard price (gemini-batch)',
        '',
      ].join('\n'),
    );
  });

  it('an audio call on a model with text-only prices is unknown, naming the class (exit 3)', async () => {
    const { output, code } = await cost([
      '--provider',
      'openai',
      '--model',
      'gpt-4o-audio-preview',
      '--usage',
      '{"prompt_tokens":1000,"completion_tokens":500,"prompt_tokens_details":{"audio_tokens":800},"completion_tokens_details":{"audio_tokens":400}}',
    ]);
    expect(code).toBe(3);
    expect(output).toBe(
      'cost unknown (missing_price): no price for input_audio tokens (input_audio_mtok) (openai/gpt-4o-audio-preview)\ndata genai-prices@0.1.8\n',
    );
  });

  it('priority on two models with different factors, from their per-model priority prices', async () => {
    const gpt4o = await cost(['--provider', 'openai', '--model', 'gpt-4o-2024-08-06', '--usage', chat, '--service-tier', 'priority']);
    // 800 × $4.25 + 200 × $2.125 + 500 × $17.00 per MTok = $0.003400 + $0.000425 + $0.008500
    expect(gpt4o.output).toBe(
      [
        'cost $0.012325 USD',
        'model gpt-4o (openai), source price-table, data genai-prices@0.1.8',
        'service tier priority: ×1.7 on input (included in $/MTok; standard = the price without the tier)',
        'token class   tokens  $/MTok  standard     amount',
        'input            800    4.25      2.50  $0.003400',
        'cached input     200   2.125      1.25  $0.000425',
        'output           500   17.00     10.00  $0.008500',
        'total          1,500                    $0.012325',
        'note: priority: GPT-4o (gpt-4o-2024-11-20, gpt-4o-2024-08-06) priority prices (openai-priority-gpt-4o)',
        '',
      ].join('\n'),
    );
    const o4mini = await cost(['--provider', 'openai', '--model', 'o4-mini-2025-04-16', '--usage', chat, '--service-tier', 'priority']);
    // 800 × $2.00 + 200 × $0.50 + 500 × $8.00 per MTok = $0.001600 + $0.000100 + $0.004000
    expect(o4mini.output.split('\n').slice(0, 8)).toEqual([
      'cost $0.005700 USD',
      'model o4-mini (openai), source price-table, data genai-prices@0.1.8',
      'service tier priority: ×1.8182 on input (included in $/MTok; standard = the price without the tier)',
      'token class   tokens  $/MTok  standard     amount',
      'input            800    2.00      1.10  $0.001600',
      'cached input     200    0.50     0.275  $0.000100',
      'output           500    8.00      4.40  $0.004000',
      'total          1,500                    $0.005700',
    ]);
  });

  it('a fine-tuned model is priced from its base model’s fine-tuning prices', async () => {
    const { output } = await cost([
      '--provider',
      'openai',
      '--model',
      'ft:gpt-4.1-2025-04-14:acme-corp::BicJxrWX',
      '--usage',
      '{"prompt_tokens":10000,"completion_tokens":1000,"prompt_tokens_details":{"cached_tokens":4000}}',
    ]);
    // 6,000 × $3.00 + 4,000 × $0.75 + 1,000 × $12.00 per MTok = $0.018 + $0.003 + $0.012
    expect(output).toBe(
      [
        'cost $0.033000 USD',
        'model ft:gpt-4.1-2025-04-14 (openai), source price-table, data genai-prices@0.1.8',
        'token class   tokens  $/MTok     amount',
        'input          6,000    3.00  $0.018000',
        'cached input   4,000    0.75  $0.003000',
        'output         1,000   12.00  $0.012000',
        'total         11,000          $0.033000',
        "note: fine-tuned model priced from OpenAI's fine-tuning prices of gpt-4.1-2025-04-14",
        '',
      ].join('\n'),
    );
  });

  it('a custom gateway entry matches the dated model the response reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-cost-'));
    try {
      // The gateway's own prices: gpt-4.1-mini $0.50 / $0.10 / $2.00.
      await writeFile(
        join(dir, 'gw.yaml'),
        'version: acme-1\nmodels:\n  - model: gpt-4.1-mini\n    host: gateway.acme.internal\n    prices: { input: 0.5, cached_input: 0.1, output: 2.0 }\n',
      );
      const { output } = await cost([
        '--provider',
        'openai',
        '--model',
        'gpt-4.1-mini-2025-04-14',
        '--host',
        'gateway.acme.internal',
        '--prices',
        join(dir, 'gw.yaml'),
        '--usage',
        chat,
      ]);
      // 800 × $0.50 + 200 × $0.10 + 500 × $2.00 per MTok = $0.000400 + $0.000020 + $0.001000
      expect(output).toBe(
        [
          'cost $0.001420 USD',
          'model gpt-4.1-mini (gateway.acme.internal), source custom, data custom@acme-1',
          'token class   tokens  $/MTok     amount',
          'input            800    0.50  $0.000400',
          'cached input     200    0.10  $0.000020',
          'output           500    2.00  $0.001000',
          'total          1,500          $0.001420',
          '',
        ].join('\n'),
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('DeepSeek calls are priced with the tariff in force at their timestamp', async () => {
    const usage = '{"prompt_tokens":1000,"prompt_cache_hit_tokens":300,"prompt_cache_miss_tokens":700,"completion_tokens":100}';
    const v31 = await runCostCommand(['--provider', 'deepseek', '--model', 'deepseek-chat', '--usage', usage, '--timestamp', '2025-09-05T20:00:00Z'], read);
    // 700 × $0.56 + 300 × $0.07 + 100 × $1.68 per MTok = $0.000392 + $0.000021 + $0.000168 (the night discount is gone)
    expect(v31.output).toBe(
      [
        'cost $0.000581 USD',
        'model deepseek-chat (deepseek), source price-table, data genai-prices@0.1.8',
        'token class   tokens  $/MTok     amount',
        'input            700    0.56  $0.000392',
        'cached input     300    0.07  $0.000021',
        'output           100    1.68  $0.000168',
        'total          1,100          $0.000581',
        'note: tariff deepseek-tariff-deepseek-chat (2025-09-05T16:00:00Z – 2025-09-29T00:00:00Z)',
        '',
      ].join('\n'),
    );
    // Saturday 2026-08-29 03:00 UTC: off-peak. 700 × $0.22 + 300 × $0.007 + 100 × $0.66 per MTok = $0.0002221
    const weekend = await runCostCommand(
      ['--provider', 'deepseek', '--model', 'deepseek-v4-flash', '--usage', usage, '--timestamp', '2026-08-29T03:00:00Z'],
      read,
    );
    expect(weekend.output.split('\n').slice(0, 8)).toEqual([
      'cost $0.000222 USD',
      'model deepseek-v4-flash (deepseek), source price-table, data genai-prices@0.1.8',
      'token class   tokens  $/MTok     amount',
      'input            700    0.22  $0.000154',
      'cached input     300   0.007  $0.000002',
      'output           100    0.66  $0.000066',
      'total          1,100          $0.000222',
      'note: tariff deepseek-tariff-deepseek-v4-flash (2026-08-22T16:00:00Z – 2026-09-09T16:00:00Z), off-peak hours',
    ]);
    const retired = await runCostCommand(['--provider', 'deepseek', '--model', 'deepseek-chat', '--usage', usage, '--timestamp', '2026-11-20T12:00:00Z'], read);
    expect(retired.code).toBe(3);
    expect(retired.output.split('\n')[0]).toMatch(/^cost unknown \(unknown_tariff\): from the DeepSeek-V4 preview/);
  });

  it('loads newer price data, and refuses data that cannot be loaded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genai-otel-cost-'));
    try {
      await writeFile(join(dir, 'bad.json'), '{"not":"genai-prices data"}');
      await expect(cost(['--provider', 'openai', '--model', 'gpt-4.1', '--usage', chat, '--price-data', join(dir, 'bad.json')])).rejects.toThrow(
        `genai-otel pricing: could not load price data (${join(dir, 'bad.json')}: expected an array of providers (genai-prices data.json)); using the bundled genai-prices@0.1.8`,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('runs as a CLI command (built)', async () => {
    const bin = fileURLToPath(new URL('../bin/genai-otel.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'cost',
      '--provider',
      'openai',
      '--model',
      'gpt-4.1',
      '--usage',
      '{"prompt_tokens":100,"completion_tokens":10}',
      '--timestamp',
      '2026-11-01T03:00:00Z',
    ]);
    expect(stdout.split('\n')[1]).toBe('model gpt-4.1 (openai), source price-table, data genai-prices@0.1.8');
    const failed = await promisify(execFile)(process.execPath, [bin, 'cost', '--provider', 'openai']).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: 'genai-otel: cost needs --provider, --model and --usage (see genai-otel cost --help)\n' });
  });
});
