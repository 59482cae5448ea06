// The end-to-end test's app: an ordinary ESM app using the real openai, @anthropic-ai/sdk and
// @google/genai SDKs, started with `node --import @genai-otel/node/register app/traffic.mjs`. It sends
// PLAN to the fake providers (FAKE_URL_<TARGET>), prints `sent <count>`, then idles (its SDK keeps
// exporting metrics) until SIGTERM, on which genai-otel flushes. Each call is attributed (plan.mjs): its
// tenant as Baggage, its feature and team with withGenAIAttributes - or, for deepseek, the client's own.
import Anthropic from '@anthropic-ai/sdk';
import { instrumentFetch, withGenAIAttributes } from '@genai-otel/node';
import { GoogleGenAI } from '@google/genai';
import { createRequire } from 'node:module';
import OpenAI from 'openai';
import { DEEPSEEK_CLIENT_ATTRIBUTES, PLAN } from './plan.mjs';

// The OpenTelemetry API @genai-otel/node uses (one global API, whichever copy sets the Baggage).
const require = createRequire(import.meta.url);
const { context, propagation } = createRequire(require.resolve('@genai-otel/node'))('@opentelemetry/api');

const url = (target) => process.env[`FAKE_URL_${target.toUpperCase()}`];
const openai = {
  openai: new OpenAI({ apiKey: 'sk-e2e-not-a-key', baseURL: `${url('openai')}/v1`, maxRetries: 0 }),
  deepseek: new OpenAI({
    apiKey: 'sk-e2e-not-a-key',
    baseURL: `${url('deepseek')}/v1`,
    maxRetries: 0,
    fetch: instrumentFetch(globalThis.fetch, { attributes: DEEPSEEK_CLIENT_ATTRIBUTES }),
  }),
};
/** Runs `fn` with the call's tenant in the Baggage (as an upstream service would send it) and its feature and team. */
const attributed = (call, fn) => {
  const withTenant = propagation.setBaggage(context.active(), propagation.createBaggage({ tenant: { value: call.tenant } }));
  return context.with(withTenant, () => (call.target === 'deepseek' ? fn() : withGenAIAttributes({ feature: call.feature, team: call.team }, fn)));
};
const anthropic = new Anthropic({ apiKey: 'sk-ant-e2e-not-a-key', baseURL: url('anthropic'), maxRetries: 0 });

// Calls are interleaved (a fixed permutation) and paced, as real traffic is: a counter series that
// appears in Prometheus already at its final value shows no increase to rate(), so a burst squeezed
// into one export interval would be invisible to the rules.
const PACE_MS = Number(process.env.PACE_MS ?? 0);
const order = PLAN.map((_, index) => index).sort((a, b) => ((a * 10) % PLAN.length) - ((b * 10) % PLAN.length));

let failed = 0;
for (const index of order) {
  const call = PLAN[index];
  if (PACE_MS > 0) await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  const headers = {};
  if (call.fault) headers['x-fake-fault'] = call.fault;
  if (call.usage) headers['x-fake-usage'] = call.usage;
  const prompt = call.prompt ?? `e2e call ${index}`;
  try {
    await attributed(call, () => send(call, headers, prompt));
  } catch {
    failed += 1;
  }
}
process.stdout.write(`sent ${PLAN.length} failed ${failed}\n`);
setInterval(() => {}, 1 << 30);

/** One planned call through its SDK. */
async function send(call, headers, prompt) {
  if (call.target === 'anthropic') {
    const request = { model: call.model, max_tokens: 128, messages: [{ role: 'user', content: prompt }], ...sampling(call) };
    if (call.stream) await anthropic.messages.stream(request, { headers }).finalMessage();
    else await anthropic.messages.create(request, { headers });
  } else if (call.target === 'gemini') {
    const gemini = new GoogleGenAI({ apiKey: 'e2e-not-a-key', httpOptions: { baseUrl: url('gemini'), headers } });
    if (call.stream) {
      for await (const _chunk of await gemini.models.generateContentStream({ model: call.model, contents: prompt })) {
        // consume
      }
    } else {
      await gemini.models.generateContent({ model: call.model, contents: prompt });
    }
  } else {
    const request = { model: call.model, messages: [{ role: 'user', content: prompt }], ...sampling(call) };
    if (call.stream) {
      for await (const _chunk of await openai[call.target].chat.completions.create({ ...request, stream: true }, { headers })) {
        // consume
      }
    } else {
      await openai[call.target].chat.completions.create(request, { headers });
    }
  }
}

/** The call's temperature, when the plan sets one. */
function sampling(call) {
  return call.temperature === undefined ? {} : { temperature: call.temperature };
}
