// Test helpers: talk to a fake provider with the global fetch, the way an SDK would.
import type { FakeProvider, OpenAIChatUsage, ServedOpenAIChatCall } from '../../src/types.js';

/** A fixed clock for golden output: 2025-06-15T15:06:40Z → `"created":1750000000`. */
export const FIXED_CLOCK = (): number => 1_750_000_000_000;

/** A small chat request body used across tests. */
export function chatBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello.' },
    ],
    ...overrides,
  };
}

/** POSTs a JSON body (object, or raw string) to `<baseURL>/chat/completions` (or `path` under `url`). */
export function postChat(
  provider: FakeProvider,
  body: Record<string, unknown> | string,
  options: { headers?: Record<string, string>; path?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const url = options.path === undefined ? `${provider.baseURL}/chat/completions` : `${provider.url}${options.path}`;
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-fake', ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
  if (options.signal !== undefined) init.signal = options.signal;
  return fetch(url, init);
}

/** The `data:` payloads of an SSE text, in order. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      if (!block.startsWith('data: ')) throw new Error(`not a data event: ${JSON.stringify(block)}`);
      return block.slice('data: '.length);
    });
}

/** Reads a body until it ends or fails; returns the text received and the error, if any. */
export async function readUntilError(response: Response): Promise<{ text: string; error?: unknown }> {
  const reader = response.body?.getReader();
  if (reader === undefined) return { text: '' };
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Response headers as a plain object (lower-case names). */
export function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.entries());
}

/** A non-stream `chat.completion` body as the tests read it. */
export interface ChatCompletionJson {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: string; content: string; refusal: null; annotations: unknown[] };
    logprobs: null;
    finish_reason: string;
  }>;
  usage: OpenAIChatUsage;
  service_tier: string;
  system_fingerprint: string;
}

/** An OpenAI error body. */
export interface OpenAIErrorJson {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Parses a response body as a `chat.completion`. */
export async function completionOf(response: Response | Promise<Response>): Promise<ChatCompletionJson> {
  return (await (await response).json()) as ChatCompletionJson;
}

/** Parses a response body as an OpenAI error. */
export async function errorOf(response: Response | Promise<Response>): Promise<OpenAIErrorJson> {
  return (await (await response).json()) as OpenAIErrorJson;
}

/** An expected ledger entry: a non-stream 200 for gpt-4o-mini on /v1/chat/completions, plus `overrides`. */
export function servedCall(overrides: Partial<ServedOpenAIChatCall> = {}): ServedOpenAIChatCall {
  return {
    api: 'openai.chat',
    path: '/v1/chat/completions',
    model: 'gpt-4o-mini',
    stream: false,
    includeUsage: false,
    status: 200,
    ...overrides,
  };
}

/** POSTs a JSON body (object, or raw string) to `provider.url + path`. */
export function postJson(
  provider: FakeProvider,
  path: string,
  body: unknown,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
  if (options.signal !== undefined) init.signal = options.signal;
  return fetch(`${provider.url}${path}`, init);
}

/** One parsed server-sent event. */
export interface ParsedSseEvent {
  event?: string;
  data: string;
}

/** Splits an SSE text into events (`eol` is the framing's line ending). */
export function sseEvents(text: string, eol: '\n' | '\r\n' = '\n'): ParsedSseEvent[] {
  return text
    .split(`${eol}${eol}`)
    .filter((block) => block !== '')
    .map((block) => {
      const parsed: ParsedSseEvent = { data: '' };
      for (const line of block.split(eol)) {
        if (line.startsWith('event: ')) parsed.event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) parsed.data = line.slice('data: '.length);
        else throw new Error(`unexpected SSE line: ${JSON.stringify(line)}`);
      }
      return parsed;
    });
}

/** A compact JSON text re-indented for a readable golden file. */
export function prettyJson(text: string): string {
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
}
