// The fixed traffic mix of the end-to-end app, shared by the app (which sends it) and the test
// (which knows what was sent). `target` names the fake-provider instance, registered under that
// gen_ai.provider.name through GENAI_OTEL_PROVIDER_HOSTS.
const repeat = (count, call) => Array.from({ length: count }, () => call);

export const PLAN = [
  ...repeat(20, { target: 'openai', model: 'gpt-4.1', stream: false }),
  ...repeat(10, { target: 'openai', model: 'gpt-4o-mini', stream: true, usage: 'prompt=2048,completion=40,cached=1536' }),
  // A 429 burst and a few 5xx: the SDK does not retry (maxRetries 0), so each is one failed operation.
  ...repeat(12, { target: 'openai', model: 'gpt-4.1', stream: false, fault: '429;retry-after=0' }),
  ...repeat(3, { target: 'openai', model: 'gpt-4.1', stream: false, fault: '500' }),
  ...repeat(10, { target: 'deepseek', model: 'deepseek-chat', stream: false }),
];
