import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPricer } from '../create-pricer.js';
import { loadCustomPriceTable } from './load-custom-price-table.js';
import { PriceTableError } from './price-table-error.js';

const dir = mkdtempSync(join(tmpdir(), 'genai-otel-pricing-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(load: () => unknown): PriceTableError {
  try {
    load();
  } catch (error) {
    if (error instanceof PriceTableError) return error;
    throw error;
  }
  throw new Error('expected a PriceTableError');
}

describe('loadCustomPriceTable', () => {
  it('loads a YAML table', () => {
    const path = file(
      'ok.yaml',
      [
        '# Gateway prices',
        'version: acme-2026-11',
        'models:',
        '  - model: gpt-4.1',
        '    host: gateway.acme.internal',
        '    prices: { input: 2.2, cached_input: 0.55, output: 8.8 }',
        'aliases:',
        '  - model: acme/fast',
        '    target: gpt-4.1',
        '    target_provider: openai',
      ].join('\n'),
    );
    expect(loadCustomPriceTable(path)).toEqual({
      version: 'acme-2026-11',
      models: [{ model: 'gpt-4.1', host: 'gateway.acme.internal', prices: { input: 2.2, cached_input: 0.55, output: 8.8 } }],
      aliases: [{ model: 'acme/fast', target: 'gpt-4.1', target_provider: 'openai' }],
    });
  });

  it('names the line and key of an invalid YAML value', () => {
    const path = file('bad-value.yaml', ['models:', '  - model: llama-3.3-70b', '    prices:', '      input: 0.6', '      output: cheap', ''].join('\n'));
    const error = errorOf(() => loadCustomPriceTable(path));
    expect(error).toMatchObject({ file: path, line: 5, column: 15, keyPath: 'models[0].prices.output' });
    expect(error.message).toBe(`${path}:5:15: models[0].prices.output: must be a non-negative number (USD per 1M tokens), got "cheap"`);
  });

  it('names an unknown (misspelt) key with a suggestion', () => {
    const path = file('typo.yml', ['models:', '  - model: m', '    prices:', '      inptu: 1', '      output: 2'].join('\n'));
    const error = errorOf(() => loadCustomPriceTable(path));
    expect(error).toMatchObject({ line: 4, column: 7, keyPath: 'models[0].prices.inptu' });
    expect(error.problem).toContain('unknown token class "inptu" (did you mean "input"?)');
  });

  it('names the line of a YAML syntax error', () => {
    const path = file('syntax.yaml', ['models:', '  - model: m', '    prices: { input: 1, output: 2', 'aliases: []'].join('\n'));
    const error = errorOf(() => loadCustomPriceTable(path));
    expect(error.message).toMatch(/^.*syntax\.yaml:\d+:\d+: YAML syntax error: /);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects duplicate YAML keys', () => {
    const path = file('dup.yaml', ['models:', '  - model: m', '    model: n', '    prices: { input: 1, output: 2 }'].join('\n'));
    expect(errorOf(() => loadCustomPriceTable(path))).toMatchObject({ line: 3 });
  });

  it('names the line and column of a JSON syntax error', () => {
    const path = file('syntax.json', ['{', '  "models": [', '    { "model": "m", "prices": { "input": 1, "output": 2, } }', '  ]', '}'].join('\n'));
    const error = errorOf(() => loadCustomPriceTable(path));
    expect(error).toMatchObject({ line: 3, column: 56 });
    expect(error.message).toBe(`${path}:3:56: JSON syntax error: trailing comma`);
  });

  it('names the line and key of an invalid JSON value', () => {
    const path = file(
      'bad-value.json',
      JSON.stringify(
        {
          models: [
            { model: 'gpt-4.1', prices: { input: 2, output: 8 } },
            { model: 'x', prices: { input: -1, output: 1 } },
          ],
        },
        null,
        2,
      ),
    );
    const error = errorOf(() => loadCustomPriceTable(path));
    expect(error).toMatchObject({ keyPath: 'models[1].prices.input', line: 13, column: 18 });
    expect(error.problem).toBe('must be a non-negative number (USD per 1M tokens), got -1');
  });

  it('names a missing required price', () => {
    const path = file('missing.json', '{ "models": [ { "model": "m", "prices": { "input": 1 } } ] }');
    expect(errorOf(() => loadCustomPriceTable(path))).toMatchObject({
      keyPath: 'models[0].prices',
      line: 1,
      problem: 'missing `output` price (USD per 1M tokens; use 0 if free)',
    });
  });

  it('rejects duplicate JSON keys, which JSON.parse would silently accept', () => {
    const path = file('dup.json', '{\n  "models": [],\n  "models": []\n}');
    expect(errorOf(() => loadCustomPriceTable(path))).toMatchObject({ line: 3, problem: 'JSON syntax error: duplicate key "models"' });
  });

  it('rejects duplicate entries, bad tiers and bad extensions', () => {
    expect(() =>
      loadCustomPriceTable({
        models: [
          { model: 'a', prices: { input: 1, output: 1 } },
          { model: 'A', prices: { input: 2, output: 2 } },
        ],
      }),
    ).toThrow('models[1]: duplicates models[0]');
    expect(() => loadCustomPriceTable({ models: [{ model: 'a', prices: { input: { base: 1, tiers: [{ start: 1.5, price: 2 }] }, output: 1 } }] })).toThrow(
      'models[0].prices.input.tiers[0].start: must be a whole number of input tokens ≥ 0, got 1.5',
    );
    expect(errorOf(() => loadCustomPriceTable(file('prices.toml', 'x = 1'))).problem).toContain("unsupported file type '.toml'");
    expect(errorOf(() => loadCustomPriceTable(join(dir, 'absent.yaml'))).problem).toContain('cannot read the file');
  });

  it('throws from createPricer at start-up, not later from price()', () => {
    const path = file('start.yaml', 'models:\n  - model: m\n    prices: { input: 1 }\n');
    expect(() => createPricer({ customPrices: path })).toThrow(PriceTableError);
  });
});
