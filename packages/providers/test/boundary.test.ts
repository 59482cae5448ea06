/**
 * Each provider API's wire format lives in its folder of this package and nowhere else: no other package's source
 * may read a provider's raw JSON member or header names. Conventions' names that contain them
 * (`gen_ai.usage.input_tokens`, `openai.response.service_tier`) are not raw names and do not count.
 *
 * Not scanned, on purpose: the fake provider (a test double that writes the wire bytes; it reads its fixtures from
 * here), provider-usage (the providers' usage and cost report APIs, a different API family) and the demo (an app that
 * reads the SDKs' own objects).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['instrumentation', 'pricing', 'guard', 'node'];

/** Raw names of the inference APIs' request, response, stream and usage JSON, and their rate-limit headers. */
const RAW_NAMES = [
  // OpenAI chat / responses / embeddings (and DeepSeek's usage extras)
  'prompt_tokens',
  'completion_tokens',
  'prompt_tokens_details',
  'completion_tokens_details',
  'input_tokens_details',
  'output_tokens_details',
  'cached_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'prompt_cache_hit_tokens',
  'prompt_cache_miss_tokens',
  'finish_reason',
  'system_fingerprint',
  'stream_options',
  'include_usage',
  'max_completion_tokens',
  'reasoning_effort',
  'previous_response_id',
  'max_output_tokens',
  'encoding_format',
  // Anthropic messages
  'input_tokens',
  'output_tokens',
  'cache_creation_input_tokens',
  'cache_read_input_tokens',
  'cache_creation',
  'ephemeral_5m_input_tokens',
  'ephemeral_1h_input_tokens',
  'stop_reason',
  'stop_sequences',
  'message_start',
  'message_delta',
  'content_block_delta',
  'cache_control',
  // Gemini
  'usageMetadata',
  'promptTokenCount',
  'candidatesTokenCount',
  'thoughtsTokenCount',
  'cachedContentTokenCount',
  'finishReason',
  'generationConfig',
  'maxOutputTokens',
  'responseId',
  'modelVersion',
  // Ollama chat
  'prompt_eval_count',
  'eval_count',
  'done_reason',
  'num_predict',
  // Rate-limit headers (prefixes)
  'x-ratelimit-',
  'anthropic-ratelimit-',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The code without comments (a doc comment may name a raw field to explain where a value comes from). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Raw names used in code: a quoted name (or header prefix), or a member access `.name` that is not inside a dotted string. */
function rawNamesIn(text: string): string[] {
  const found = new Set<string>();
  for (const name of RAW_NAMES) {
    const escaped = name.replace(/[-]/g, '\\-');
    const quoted = name.endsWith('-') ? new RegExp(`['"\`]${escaped}`) : new RegExp(`['"\`]${escaped}['"\`]`);
    const member = new RegExp(`[\\w\\])]\\.${escaped}\\b(?![\\w.'"\`-])`);
    if (quoted.test(text) || (!name.endsWith('-') && member.test(text))) found.add(name);
  }
  return [...found].sort();
}

describe('provider API knowledge stays in @genai-otel/providers', () => {
  it('finds raw names where they are (the check itself works)', () => {
    expect(rawNamesIn("const n = usage['prompt_tokens'] ?? usage.cache_read_input_tokens; headers.get('x-ratelimit-limit-requests');")).toEqual([
      'cache_read_input_tokens',
      'prompt_tokens',
      'x-ratelimit-',
    ]);
    expect(rawNamesIn("const ATTR = 'gen_ai.usage.input_tokens'; const T = 'openai.response.service_tier';")).toEqual([]);
  });

  it.each(SCANNED)('%s reads no provider JSON member or header by name', (pkg) => {
    const offenders = sourceFiles(join(ROOT, pkg, 'src')).flatMap((path) =>
      rawNamesIn(code(readFileSync(path, 'utf8'))).map((name) => `${relative(ROOT, path)}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });
});
