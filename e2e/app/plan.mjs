// The fixed traffic mix of the end-to-end app, shared by the app (which sends it) and the test
// (which knows what was sent). `target` names the fake-provider instance: the OpenAI-format ones are
// registered under their gen_ai.provider.name through GENAI_OTEL_PROVIDER_HOSTS; Anthropic and Gemini
// are named by their wire format.
const repeat = (count, call) => Array.from({ length: count }, () => call);

export const PLAN = [
  ...repeat(20, { target: 'openai', model: 'gpt-4.1', stream: false }),
  ...repeat(10, { target: 'openai', model: 'gpt-4o-mini', stream: true, usage: 'prompt=2048,completion=40,cached=1536' }),
  ...repeat(10, { target: 'openai', model: 'gpt-4o-mini', stream: false }),
  // A 429 burst on one model and a few 5xx on another: the SDKs do not retry (maxRetries 0), so each is
  // one failed operation. (On the same model the critical 5xx alert would inhibit the 429 warning.)
  ...repeat(12, { target: 'openai', model: 'gpt-4.1', stream: false, fault: '429;retry-after=0' }),
  ...repeat(3, { target: 'openai', model: 'gpt-4o-mini', stream: false, fault: '500' }),
  ...repeat(10, { target: 'deepseek', model: 'deepseek-v4-flash', stream: false }),
  ...repeat(4, { target: 'anthropic', model: 'claude-sonnet-4-6', stream: false, usage: 'input=200,output=60,cache_read=3000,cache_write_5m=500' }),
  ...repeat(4, { target: 'anthropic', model: 'claude-sonnet-4-6', stream: true, usage: 'input=200,output=60,cache_read=3000,cache_write_1h=500' }),
  ...repeat(2, { target: 'anthropic', model: 'claude-sonnet-4-6', stream: false, fault: '529' }),
  ...repeat(4, { target: 'gemini', model: 'gemini-2.5-flash', stream: false, usage: 'prompt=1000,candidates=200,thoughts=300,cached=400' }),
  ...repeat(4, { target: 'gemini', model: 'gemini-2.5-flash', stream: true, usage: 'prompt=1000,candidates=200,thoughts=300,cached=400' }),
];
