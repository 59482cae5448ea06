import type { FetchInput } from './types.js';

/**
 * The LLM APIs the guard recognises, by method and path, with the provider of a host none of the tables
 * knows. The same names and paths as the instrumentation's wire modules (checked by test/recognise.test.ts);
 * they move to `@genai-otel/providers` with them.
 */
export interface LlmApi {
  /** `openai.chat`, `openai.responses`, `openai.embeddings`, `anthropic.messages`, `gemini`. */
  readonly name: string;
  matches(method: string, pathname: string): boolean;
  /** Provider of a host that no table knows; undefined: the configured default (`openai_compatible`). */
  defaultProvider(url: URL): string | undefined;
  /** `gen_ai.request.model` from the URL, for APIs that put it there (Gemini). */
  modelFromPath?(pathname: string): string | undefined;
}

const GEMINI_PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
const VERTEX_PATH = /\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\//;

export const LLM_APIS: readonly LlmApi[] = [
  {
    name: 'openai.chat',
    matches: (method, pathname) => method === 'POST' && (pathname.endsWith('/chat/completions') || pathname.endsWith('/chat/completions/')),
    defaultProvider: () => undefined,
  },
  { name: 'openai.responses', matches: (method, pathname) => method === 'POST' && /\/responses\/?$/.test(pathname), defaultProvider: () => undefined },
  { name: 'openai.embeddings', matches: (method, pathname) => method === 'POST' && /\/embeddings\/?$/.test(pathname), defaultProvider: () => undefined },
  {
    name: 'anthropic.messages',
    matches: (method, pathname) => method === 'POST' && (pathname.endsWith('/v1/messages') || pathname === '/messages'),
    defaultProvider: () => 'anthropic',
  },
  {
    name: 'gemini',
    matches: (method, pathname) => method === 'POST' && GEMINI_PATH.test(pathname),
    defaultProvider: (url) => (VERTEX_PATH.test(url.pathname) ? 'gcp.vertex_ai' : 'gcp.gemini'),
    modelFromPath: (pathname) => GEMINI_PATH.exec(pathname)?.[1],
  },
];

/**
 * `gen_ai.provider.name` by host, as the instrumentation's `BUILT_IN_PROVIDER_HOSTS` (a test keeps them equal).
 * Exact `host:port`, exact host, then dot-suffixes from the longest.
 */
export const BUILT_IN_PROVIDER_HOSTS: Readonly<Record<string, string>> = {
  'api.openai.com': 'openai',
  'api.deepseek.com': 'deepseek',
  'api.anthropic.com': 'anthropic',
  'generativelanguage.googleapis.com': 'gcp.gemini',
  'aiplatform.googleapis.com': 'gcp.vertex_ai',
  '.aiplatform.googleapis.com': 'gcp.vertex_ai',
  '.openai.azure.com': 'azure.ai.openai',
  '.services.ai.azure.com': 'azure.ai.inference',
  '.models.ai.azure.com': 'azure.ai.inference',
  'api.groq.com': 'groq',
  'api.mistral.ai': 'mistral_ai',
  'api.x.ai': 'x_ai',
  'api.moonshot.ai': 'moonshot_ai',
  'api.moonshot.cn': 'moonshot_ai',
  'api.perplexity.ai': 'perplexity',
  'api.cohere.com': 'cohere',
  'api.cohere.ai': 'cohere',
  'openrouter.ai': 'openrouter',
  'api.together.xyz': 'together',
  'api.fireworks.ai': 'fireworks',
  'api.cerebras.ai': 'cerebras',
};

/** One LLM call as the guard sees it before deciding. */
export interface RecognisedCall {
  api: LlmApi;
  method: string;
  url: URL;
  provider: string;
  model: string | undefined;
  /** The request body when it is a string (as the SDKs send it); the key of a 429 cool-down's owner. */
  body: string | undefined;
  /** The SDK's retry count (`x-stainless-retry-count`): a retry that waited `retry-after` itself. */
  retryCount: number;
  signal: AbortSignal | undefined;
}

export interface RecogniseOptions {
  providerHosts: Readonly<Record<string, string>>;
  defaultProviderName: string;
}

/**
 * The call `fetch(input, init)` makes, when it is an LLM API request; undefined otherwise (its body is then
 * never read). The model comes from a string body's top-level `model` (or the Gemini path); a body in
 * another form (a stream, a `Request` with a body) leaves it undefined: the provider's policy applies.
 */
export function recognise(input: FetchInput, init: RequestInit | undefined, options: RecogniseOptions): RecognisedCall | undefined {
  const request = input instanceof Request ? input : undefined;
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = URL.parse(href);
  if (url === null) return undefined;
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const api = LLM_APIS.find((candidate) => candidate.matches(method, url.pathname));
  if (api === undefined) return undefined;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const provider = detectProvider(url.hostname, port, options.providerHosts) ?? api.defaultProvider(url) ?? options.defaultProviderName;
  const rawBody = init?.body;
  const body = typeof rawBody === 'string' ? rawBody : undefined;
  const model = api.modelFromPath?.(url.pathname) ?? modelOf(body);
  const retryCount = Number(headerOf(init, request, 'x-stainless-retry-count') ?? 0);
  return {
    api,
    method,
    url,
    provider,
    model,
    body,
    retryCount: Number.isFinite(retryCount) && retryCount > 0 ? retryCount : 0,
    signal: init?.signal ?? request?.signal ?? undefined,
  };
}

function detectProvider(hostname: string, port: number, overrides: Readonly<Record<string, string>>): string | undefined {
  const host = hostname.toLowerCase();
  return lookup(overrides, host, port) ?? lookup(BUILT_IN_PROVIDER_HOSTS, host, port);
}

function lookup(table: Readonly<Record<string, string>>, host: string, port: number): string | undefined {
  const exact = ownValue(table, `${host}:${port}`) ?? ownValue(table, host);
  if (exact !== undefined) return exact;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
    const suffix = ownValue(table, host.slice(dot));
    if (suffix !== undefined) return suffix;
  }
  return undefined;
}

function ownValue(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function modelOf(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'model' in json && typeof json.model === 'string') return json.model;
  } catch {
    // not JSON: no model
  }
  return undefined;
}

function headerOf(init: RequestInit | undefined, request: Request | undefined, name: string): string | null {
  if (init?.headers !== undefined) return new Headers(init.headers).get(name);
  return request?.headers.get(name) ?? null;
}
