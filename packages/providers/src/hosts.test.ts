import { describe, expect, it } from 'vitest';
import { detectProvider } from './hosts.js';

describe('detectProvider', () => {
  it.each([
    ['api.openai.com', 443, 'openai'],
    ['API.OpenAI.com', 443, 'openai'],
    ['api.deepseek.com', 443, 'deepseek'],
    ['my-resource.openai.azure.com', 443, 'azure.ai.openai'],
    ['us-central1-aiplatform.googleapis.com', 443, 'openai_compatible'],
    ['us-central1.aiplatform.googleapis.com', 443, 'gcp.vertex_ai'],
    ['generativelanguage.googleapis.com', 443, 'gcp.gemini'],
    ['openrouter.ai', 443, 'openrouter'],
    ['llm-gateway.internal', 8080, 'openai_compatible'],
    ['localhost', 11434, 'ollama'],
    ['127.0.0.1', 11434, 'ollama'],
    ['127.0.0.1', 11435, 'openai_compatible'],
  ])('%s:%i → %s', (host, port, provider) => {
    expect(detectProvider(host, port, {}, 'openai_compatible')).toBe(provider);
  });

  it('lets overrides win, by host:port, host and suffix', () => {
    const overrides = { '127.0.0.1:9000': 'deepseek', 'gw.example': 'openai', '.corp.example': 'vllm', 'api.openai.com': 'azure.ai.openai' };
    expect(detectProvider('127.0.0.1', 9000, overrides, 'x')).toBe('deepseek');
    expect(detectProvider('127.0.0.1', 9001, overrides, 'x')).toBe('x');
    expect(detectProvider('gw.example', 443, overrides, 'x')).toBe('openai');
    expect(detectProvider('llm.eu.corp.example', 443, overrides, 'x')).toBe('vllm');
    expect(detectProvider('api.openai.com', 443, overrides, 'x')).toBe('azure.ai.openai');
  });

  it("takes only a table's own entries: a host named like an Object member is unknown", () => {
    expect(detectProvider('constructor', 443, {}, 'openai_compatible')).toBe('openai_compatible');
    expect(detectProvider('x.__proto__', 443, {}, 'openai_compatible')).toBe('openai_compatible');
  });
});
