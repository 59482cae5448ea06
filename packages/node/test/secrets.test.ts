/**
 * By default no API key, Authorization/x-api-key/x-goog-api-key/api-key header value, key= query
 * parameter or prompt/response text leaves the app: every provider API is called with a recognisable
 * fake key and prompt, and every exported byte (OTLP traces and metrics, the /metrics text) is searched.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildApp } from './child-app.js';
import { OtlpReceiver } from './otlp-receiver.js';

const SECRET_KEY = 'sk-SECRETKEY0123456789abcdef';
const SECRET_PROMPT = 'PROMPT-TEXT-7f3a9c the password is swordfish';

let provider: FakeProvider;
let receiver: OtlpReceiver;
beforeAll(async () => {
  provider = await startFakeProvider();
  receiver = await new OtlpReceiver().start();
});
afterAll(async () => {
  await receiver.stop();
  await provider.stop();
});

describe('secrets and content', () => {
  it('never reach telemetry by default', { timeout: 60_000 }, async () => {
    const app = new ChildApp(['--import', '@genai-otel/node/register', 'secrets-app.mjs'], {
      PATH: process.env['PATH'],
      FAKE_URL: provider.url,
      SECRET_KEY,
      SECRET_PROMPT,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    const exit = await app.exited;
    expect(app.stderr).toBe('');
    expect(exit.code).toBe(0);
    await receiver.until(() => receiver.spans().filter((span) => span.attributes.some((attribute) => attribute.key === 'gen_ai.operation.name')).length >= 10);
    await receiver.until(() => receiver.metrics().length > 0);

    const exported = JSON.stringify(receiver.requests.map((request) => request.json));
    // The calls were made and recorded …
    expect(exported).toContain('gen_ai.usage.input_tokens');
    expect(exported).toContain('chat claude-sonnet-4-6');
    expect(exported).toContain('generate_content gemini-2.5-flash');
    expect(exported).toContain('embeddings text-embedding-3-small');
    // … and nothing secret left: not the key (or any 12-character piece of it), not the prompt, not the
    // response text the fake provider wrote.
    for (let start = 0; start + 12 <= SECRET_KEY.length; start += 4) expect(exported).not.toContain(SECRET_KEY.slice(start, start + 12));
    expect(exported).not.toContain('PROMPT-TEXT');
    expect(exported).not.toContain('swordfish');
    expect(exported).not.toMatch(/Bearer /);
    expect(exported).not.toMatch(/key=(?!REDACTED)/);
    expect(exported).toContain('key=REDACTED');
    expect(receiver.requests.every((request) => request.contentType === 'application/json')).toBe(true);
  });
});
