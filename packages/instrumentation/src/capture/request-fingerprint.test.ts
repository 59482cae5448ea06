import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { anthropicMessages, canonicalRequest, openAIChat } from '@genai-otel/providers';
import { RequestFingerprinter } from './request-fingerprint.js';

const OPENAI = { api: 'openai.chat', provider: 'openai', model: 'gpt-4.1' };
const body = { model: 'gpt-4.1', temperature: 0, messages: [{ role: 'user', content: 'What is the capital of France?' }] };
const canonical = (value: unknown) => canonicalRequest(openAIChat, value);

describe('RequestFingerprinter', () => {
  const fingerprinter = new RequestFingerprinter();

  it('gives equal bodies (members in any order, stream or not) the same fingerprint', () => {
    const reordered = { messages: body.messages, temperature: 0, stream: true, model: 'gpt-4.1' };
    expect(fingerprinter.fingerprint(OPENAI, canonical(reordered))).toEqual(fingerprinter.fingerprint(OPENAI, canonical(body)));
  });

  it('tells apart the API, provider and model a body goes to', () => {
    const base = fingerprinter.fingerprint(OPENAI, canonical(body));
    expect(fingerprinter.fingerprint({ ...OPENAI, provider: 'azure.ai.openai' }, canonical(body))).not.toEqual(base);
    expect(fingerprinter.fingerprint({ ...OPENAI, model: 'gpt-4o' }, canonical(body))).not.toEqual(base);
    expect(fingerprinter.fingerprint({ ...OPENAI, api: 'openai.responses' }, canonical(body))).not.toEqual(base);
  });

  it('has a key of its own: two fingerprinters in one process disagree', () => {
    expect(new RequestFingerprinter().fingerprint(OPENAI, canonical(body))).not.toEqual(fingerprinter.fingerprint(OPENAI, canonical(body)));
  });

  it('keeps its key out of reach: no enumerable member, nothing in JSON or inspection', async () => {
    expect(Object.keys(fingerprinter)).toEqual([]);
    expect(JSON.stringify(fingerprinter)).toBe('{}');
    const { inspect } = await import('node:util');
    expect(inspect(fingerprinter, { showHidden: true })).not.toMatch(/[0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}/);
  });

  it('never yields the same fingerprint for the same body in two processes', async () => {
    // Two child processes import this module as it is (Node strips the types) and fingerprint the same body twice.
    const moduleUrl = new URL('./request-fingerprint.ts', import.meta.url).href;
    const script = `
      const { RequestFingerprinter } = await import(${JSON.stringify(moduleUrl)});
      const fingerprinter = new RequestFingerprinter();
      const identity = ${JSON.stringify(OPENAI)};
      const canonical = ${JSON.stringify(canonical(body))};
      process.stdout.write(JSON.stringify([fingerprinter.fingerprint(identity, canonical), fingerprinter.fingerprint(identity, canonical.slice())]));
    `;
    const run = async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('.', import.meta.url)),
      });
      return JSON.parse(stdout) as [unknown, unknown];
    };
    const [first, second] = await Promise.all([run(), run()]);
    // Stable within a process …
    expect(first[0]).toEqual(first[1]);
    expect(second[0]).toEqual(second[1]);
    expect(first[0]).toMatchObject({ bucket: expect.any(Number), tagHi: expect.any(Number), tagLo: expect.any(Number) });
    // … unrelated across processes, word by word, and to this process's.
    const words = (value: unknown) => Object.values(value as Record<string, number>);
    expect(words(first[0]).some((word, index) => word === words(second[0])[index])).toBe(false);
    expect(first[0]).not.toEqual(fingerprinter.fingerprint(OPENAI, canonical(body)));
  });
});

describe("promptPrefixes (Anthropic's prompt-cache blocks)", () => {
  const fingerprinter = new RequestFingerprinter();
  const ANTHROPIC = { api: 'anthropic.messages', provider: 'anthropic', model: 'claude-sonnet-4-6' };
  const system = [
    { type: 'text', text: 'You are a support agent.' },
    { type: 'text', text: 'LONG MANUAL …', cache_control: { type: 'ephemeral' } },
  ];

  it('has the prefix at every block boundary, the breakpoint among them; the cache_control marker is no part of it', () => {
    const first = fingerprinter.promptPrefixes(
      ANTHROPIC,
      anthropicMessages.promptCacheBlocks!({ system, messages: [{ role: 'user', content: 'Question one' }] })!,
    );
    expect(first.boundaries).toHaveLength(3);
    expect(first.lastBreakpoint).toBe(first.boundaries[1]);
    expect(first.lastBreakpoint).toMatch(/^[0-9a-f]{16}$/);
    // A later request with the same system blocks (marker moved to the last message) has the written prefix at a boundary.
    const later = fingerprinter.promptPrefixes(
      ANTHROPIC,
      anthropicMessages.promptCacheBlocks!({
        system: system.map(({ type, text }) => ({ type, text })),
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Question two', cache_control: { type: 'ephemeral' } }] }],
      })!,
    );
    expect(later.boundaries).toContain(first.lastBreakpoint);
    expect(later.lastBreakpoint).toBe(later.boundaries[2]);
    expect(later.lastBreakpoint).not.toBe(first.boundaries[2]);
  });

  it('puts automatic caching (top-level cache_control) on the last block', () => {
    const prefixes = fingerprinter.promptPrefixes(
      ANTHROPIC,
      anthropicMessages.promptCacheBlocks!({
        cache_control: { type: 'ephemeral' },
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
        ],
      })!,
    );
    expect(prefixes.lastBreakpoint).toBe(prefixes.boundaries[1]);
  });
});
