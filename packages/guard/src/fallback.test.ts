import { describe, expect, it } from 'vitest';
import { fallbackArguments, fallbackTarget } from './fallback.js';
import { resolvePolicy } from './policy.js';
import { PROVIDER_APIS } from '@genai-otel/providers';

const openAIChat = PROVIDER_APIS.find((api) => api.name === 'openai.chat')!;
const anthropicMessages = PROVIDER_APIS.find((api) => api.name === 'anthropic.messages')!;

const fallbackPolicy = (fallback: Parameters<typeof resolvePolicy>[0]['fallback']) => resolvePolicy({ fallback }, undefined, () => {}).fallback!;

describe('fallbackTarget', () => {
  it('replaces the origin by default, keeping path and query', () => {
    const policy = fallbackPolicy({ baseURL: 'http://gw.internal:8080/openai/' });
    const target = fallbackTarget(policy, openAIChat, 'POST', new URL('https://api.openai.com/v1/chat/completions?x=1'), 'circuit_open');
    expect(target).toEqual({
      href: 'http://gw.internal:8080/openai/v1/chat/completions?x=1',
      serverAddress: 'gw.internal',
      serverPort: 8080,
      headers: {},
      reason: 'circuit_open',
    });
  });

  it('replaces primaryBaseURL when given, and skips requests outside it', () => {
    const policy = fallbackPolicy({ baseURL: 'https://gw.example/v2/openai', primaryBaseURL: 'https://api.openai.com/v1' });
    expect(fallbackTarget(policy, openAIChat, 'POST', new URL('https://api.openai.com/v1/chat/completions'), 'x')?.href).toBe(
      'https://gw.example/v2/openai/chat/completions',
    );
    expect(fallbackTarget(policy, openAIChat, 'POST', new URL('https://api.openai.com/v10/chat/completions'), 'x')).toBeUndefined();
    expect(fallbackTarget(policy, openAIChat, 'POST', new URL('https://other.example/v1/chat/completions'), 'x')).toBeUndefined();
  });

  it('never redirects across wire formats', () => {
    const policy = fallbackPolicy({ baseURL: 'https://gw.example', wireFormats: ['openai.chat'] });
    expect(fallbackTarget(policy, anthropicMessages, 'POST', new URL('https://api.anthropic.com/v1/messages'), 'x')).toBeUndefined();
    // a rewritten path that the same wire module would not recognise is not used either
    const odd = fallbackPolicy({ baseURL: 'https://gw.example', primaryBaseURL: 'https://api.openai.com/v1/chat' });
    expect(fallbackTarget(odd, openAIChat, 'POST', new URL('https://api.openai.com/v1/chat/completions'), 'x')).toBeUndefined();
  });
});

describe('fallbackArguments', () => {
  const target = { href: 'http://gw/v1/chat/completions', serverAddress: 'gw', serverPort: 80, headers: { authorization: 'Bearer gw-key' }, reason: 'x' };

  it('keeps the caller’s init, sets the fallback headers and the body', () => {
    const signal = new AbortController().signal;
    const [url, init] = fallbackArguments(
      'https://api.openai.com/v1/chat/completions',
      { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x', 'content-length': '2' }, body: '{}', signal },
      '{"a":1}',
      target,
    );
    expect(url).toBe(target.href);
    expect(init.method).toBe('POST');
    expect(init.signal).toBe(signal);
    expect(init.body).toBe('{"a":1}');
    expect(Object.fromEntries(new Headers(init.headers))).toEqual({ 'content-type': 'application/json', authorization: 'Bearer gw-key' });
  });

  it('takes method, headers and signal from a Request', () => {
    const request = new Request('https://api.openai.com/v1/chat/completions', { method: 'POST', headers: { 'x-a': '1' }, body: '{}' });
    const [, init] = fallbackArguments(request, undefined, '{}', target);
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('x-a')).toBe('1');
    expect(init.signal).toBe(request.signal);
    expect(request.bodyUsed).toBe(false);
  });
});
