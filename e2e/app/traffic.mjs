// The end-to-end test's app: an ordinary ESM app using the real openai SDK, started with
// `node --import @genai-otel/node/register app/traffic.mjs`. It sends PLAN to the fake providers at
// OPENAI_BASE_URL and DEEPSEEK_BASE_URL, prints `sent <count>`, then idles (its SDK keeps exporting
// metrics) until SIGTERM, on which genai-otel flushes.
import OpenAI from 'openai';
import { PLAN } from './plan.mjs';

const clients = {
  openai: new OpenAI({ apiKey: 'sk-e2e-not-a-key', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 }),
  deepseek: new OpenAI({ apiKey: 'sk-e2e-not-a-key', baseURL: process.env.DEEPSEEK_BASE_URL, maxRetries: 0 }),
};

let failed = 0;
for (const [index, call] of PLAN.entries()) {
  const headers = {};
  if (call.fault) headers['x-fake-fault'] = call.fault;
  if (call.usage) headers['x-fake-usage'] = call.usage;
  const request = { model: call.model, messages: [{ role: 'user', content: `e2e call ${index}` }] };
  try {
    if (call.stream) {
      for await (const _chunk of await clients[call.target].chat.completions.create({ ...request, stream: true }, { headers })) {
        // consume
      }
    } else {
      await clients[call.target].chat.completions.create(request, { headers });
    }
  } catch {
    failed += 1;
  }
}
process.stdout.write(`sent ${PLAN.length} failed ${failed}\n`);
setInterval(() => {}, 1 << 30);
