/**
 * `gen_ai.provider.name` from the host a request goes to. Values follow the conventions' well-known
 * list (gcp.gemini, azure.ai.openai, x_ai, mistral_ai, …); hosts without a well-known value get the
 * custom names peers use (openrouter, together, fireworks). See README "Provider detection".
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
  // Ollama's default address (OLLAMA_HOST 127.0.0.1:11434; the `ollama` client's default host). The
  // conventions have no well-known value for it: `ollama` is a custom one.
  'localhost:11434': 'ollama',
  '127.0.0.1:11434': 'ollama',
};

/**
 * Looks a host up in `overrides` first, then in the built-in table: exact `host:port`, exact host,
 * then dot-suffixes from the longest. Returns `fallback` for unknown hosts.
 */
export function detectProvider(hostname: string, port: number, overrides: Readonly<Record<string, string>>, fallback: string): string {
  const host = hostname.toLowerCase();
  return lookup(overrides, host, port) ?? lookup(BUILT_IN_PROVIDER_HOSTS, host, port) ?? fallback;
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

/** Own entries only: a host named `constructor` or `__proto__` is no entry of a table. */
function ownValue(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
