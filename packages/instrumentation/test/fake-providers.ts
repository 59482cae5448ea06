/**
 * The fake providers of the tests that drive every SDK: `openai` serves the openai SDK's calls (mapped to the
 * `openai` provider by its port), `other` the Anthropic and Gemini calls (their providers come from the API
 * paths). Registers the hooks that start them and enable the instrumentation, reset both with the telemetry
 * before each test, and stop them.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Telemetry } from './telemetry.js';

export interface FakeProviders {
  readonly openai: FakeProvider;
  readonly other: FakeProvider;
}

export function setupFakeProviders(telemetry: Telemetry): FakeProviders {
  let started: { openai: FakeProvider; other: FakeProvider } | undefined;
  const get = (): { openai: FakeProvider; other: FakeProvider } => {
    if (!started) throw new Error('the fake providers start in beforeAll');
    return started;
  };
  beforeAll(async () => {
    const [openai, other] = await Promise.all([startFakeProvider(), startFakeProvider()]);
    started = { openai, other };
    telemetry.instrumentation.setConfig({ providerHosts: { [`127.0.0.1:${openai.port}`]: 'openai' } });
    telemetry.instrumentation.enable();
  });
  afterAll(async () => {
    telemetry.instrumentation.disable();
    if (started) await Promise.all([started.openai.stop(), started.other.stop()]);
  });
  beforeEach(async () => {
    await telemetry.reset();
    get().openai.reset();
    get().other.reset();
  });
  return {
    get openai() {
      return get().openai;
    },
    get other() {
      return get().other;
    },
  };
}
