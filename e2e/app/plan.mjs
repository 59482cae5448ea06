// The fixed traffic mix of the end-to-end app, shared by the app (which sends it) and the test
// (which knows what was sent). `target` names the fake-provider instance: the OpenAI-format ones are
// registered under their gen_ai.provider.name through GENAI_OTEL_PROVIDER_HOSTS; Anthropic and Gemini
// are named by their wire format.
//
// Attribution (who spends): two teams, three features, two tenants, set the three ways an app can —
// withGenAIAttributes({ feature, team }) around the call, the deepseek client's static attributes
// (instrumentFetch(fetch, { attributes })), and the tenant as OpenTelemetry Baggage (allowlisted with
// GENAI_OTEL_BAGGAGE_KEYS=tenant), as an upstream service would propagate it. The e2e budgets
// (budgets.yaml) make team search's spend burn its budget and team support's not.
const repeat = (count, call) => Array.from({ length: count }, () => call);
/** Prompts sent more than once (every other call's prompt is its own, `e2e call <index>`). */
export const REPEATED_FIXED = 'e2e call repeated: what is the capital of France?';
export const REPEATED_VARIED = 'e2e call repeated: write a haiku about observability';
const SEARCH_ACME = { feature: 'search', team: 'search', tenant: 'acme' };
const SEARCH_GLOBEX = { feature: 'search', team: 'search', tenant: 'globex' };
const SUPPORT_GLOBEX = { feature: 'support-chat', team: 'support', tenant: 'globex' };
const SUPPORT_ACME = { feature: 'support-chat', team: 'support', tenant: 'acme' };
/** The deepseek client's static attributes (app/traffic.mjs); the tenant still comes from Baggage. */
export const DEEPSEEK_CLIENT_ATTRIBUTES = { feature: 'summaries', team: 'support' };

export const PLAN = [
  ...repeat(20, { target: 'openai', model: 'gpt-4.1', stream: false, ...SEARCH_ACME }),
  ...repeat(10, { target: 'openai', model: 'gpt-4o-mini', stream: true, usage: 'prompt=2048,completion=40,cached=1536', ...SUPPORT_GLOBEX }),
  ...repeat(10, { target: 'openai', model: 'gpt-4o-mini', stream: false, ...SUPPORT_GLOBEX }),
  // A 429 burst on one model and a few 5xx on another: the SDKs do not retry (maxRetries 0), so each is
  // one failed operation. (On the same model the critical 5xx alert would inhibit the 429 warning.)
  ...repeat(12, { target: 'openai', model: 'gpt-4.1', stream: false, fault: '429;retry-after=0', ...SEARCH_ACME }),
  ...repeat(3, { target: 'openai', model: 'gpt-4o-mini', stream: false, fault: '500', ...SUPPORT_GLOBEX }),
  ...repeat(10, { target: 'deepseek', model: 'deepseek-v4-flash', stream: false, ...DEEPSEEK_CLIENT_ATTRIBUTES, tenant: 'globex' }),
  ...repeat(4, {
    target: 'anthropic',
    model: 'claude-sonnet-4-6',
    stream: false,
    usage: 'input=200,output=60,cache_read=3000,cache_write_5m=500',
    ...SEARCH_GLOBEX,
  }),
  ...repeat(4, {
    target: 'anthropic',
    model: 'claude-sonnet-4-6',
    stream: true,
    usage: 'input=200,output=60,cache_read=3000,cache_write_1h=500',
    ...SEARCH_GLOBEX,
  }),
  ...repeat(2, { target: 'anthropic', model: 'claude-sonnet-4-6', stream: false, fault: '529', ...SEARCH_GLOBEX }),
  ...repeat(4, { target: 'gemini', model: 'gemini-2.5-flash', stream: false, usage: 'prompt=1000,candidates=200,thoughts=300,cached=400', ...SUPPORT_ACME }),
  ...repeat(4, { target: 'gemini', model: 'gemini-2.5-flash', stream: true, usage: 'prompt=1000,candidates=200,thoughts=300,cached=400', ...SUPPORT_ACME }),
  // Avoidable spend (instrumentation README "Avoidable spend"). The same question four times at temperature 0: three
  // repeats a response cache would have answered (fixed sampling); the same question three times at the default
  // temperature: two repeats with varied sampling. Usage pinned so their cost is known.
  ...repeat(4, { target: 'openai', model: 'gpt-4.1', stream: false, prompt: REPEATED_FIXED, temperature: 0, usage: 'prompt=30,completion=20', ...SEARCH_ACME }),
  ...repeat(3, { target: 'openai', model: 'gpt-4o-mini', stream: false, prompt: REPEATED_VARIED, usage: 'prompt=30,completion=20', ...SUPPORT_GLOBEX }),
  // Prompt-cache misses: long prompts that read nothing from the cache (OpenAI from 1,024 tokens, claude-sonnet-4-6 from 2,048).
  ...repeat(3, { target: 'openai', model: 'gpt-4.1', stream: false, usage: 'prompt=3000,completion=50,cached=0', ...SEARCH_ACME }),
  ...repeat(2, { target: 'anthropic', model: 'claude-sonnet-4-6', stream: false, usage: 'input=2500,output=60', ...SEARCH_GLOBEX }),
];
