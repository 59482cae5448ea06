/**
 * The demo's traffic plan: a deterministic mix of models, providers, streaming and faults, so two runs
 * with the same options make the same calls (and the summary can be checked against the fake provider).
 */

/** Which fake-provider instance (and so which `gen_ai.provider.name`) a call goes to. */
export type DemoTarget = 'openai' | 'deepseek' | 'anthropic' | 'gemini';

export interface DemoCall {
  index: number;
  target: DemoTarget;
  model: string;
  stream: boolean;
  /** `x-fake-fault` value, when this call is meant to fail. */
  fault: string | undefined;
  /** Client-side timeout in ms for calls meant to time out. */
  timeoutMs: number | undefined;
  /** `x-fake-usage` value: a long cached prompt, as apps with a shared system prompt send. */
  usage: string | undefined;
  /** Set on the FAQ calls: the question, asked of {@link FAQ_MODEL} at temperature 0 (repeats a response cache would answer). */
  faq?: string | undefined;
  /** Who the call is for (genai_otel.feature, .team, .tenant): the demo attributes each call with withGenAIAttributes. */
  attribution: DemoAttribution;
}

export type DemoAttribution = {
  feature: string;
  team: string;
  tenant: string;
};

/** The demo app's features and the team that owns each: calls go round them, and round the tenants. */
const FEATURES: ReadonlyArray<{ feature: string; team: string }> = [
  { feature: 'search', team: 'search' },
  { feature: 'support-chat', team: 'support' },
  { feature: 'summaries', team: 'support' },
];
const TENANTS = ['acme', 'globex', 'initech'];

/** The attribution of the call at `index` (by index alone, so the traffic mix is the same as without it). */
export function attributionOf(index: number): DemoAttribution {
  const { feature, team } = FEATURES[index % FEATURES.length]!;
  return { feature, team, tenant: TENANTS[Math.floor(index / FEATURES.length) % TENANTS.length]! };
}

export interface TrafficOptions {
  /** Number of calls; `Infinity` with `durationSeconds` for a timed run. */
  requests: number;
  /** Share of calls that stream (0..1). @default 0.4 */
  streamShare: number;
  /** Length of the 429 burst (consecutive calls), starting a third of the way in. @default 10 */
  rateLimitBurst: number;
  /** Share of calls answered with 500/503 (0..1). @default 0.03 */
  serverErrorShare: number;
  /** Share of calls that time out (0..1). @default 0.01 */
  timeoutShare: number;
  seed: number;
}

const MODELS: ReadonlyArray<{ target: DemoTarget; model: string; weight: number }> = [
  { target: 'openai', model: 'gpt-4.1', weight: 20 },
  { target: 'openai', model: 'gpt-4o-mini', weight: 15 },
  { target: 'openai', model: 'o4-mini', weight: 5 },
  { target: 'anthropic', model: 'claude-sonnet-4-6', weight: 15 },
  { target: 'anthropic', model: 'claude-haiku-4-5', weight: 5 },
  { target: 'gemini', model: 'gemini-2.5-flash', weight: 15 },
  { target: 'gemini', model: 'gemini-2.5-pro', weight: 5 },
  { target: 'deepseek', model: 'deepseek-v4-flash', weight: 15 },
  { target: 'deepseek', model: 'deepseek-v4-pro', weight: 5 },
];

/** Usage of a call with a long cached prompt, in each API's `x-fake-usage` keys. */
const CACHED_PROMPT: Record<DemoTarget, string> = {
  openai: 'prompt=2048,completion=64,cached=1536',
  deepseek: 'prompt=2048,completion=64,cached=1536',
  anthropic: 'input=200,output=64,cache_read=1800,cache_write_5m=100',
  gemini: 'prompt=2048,candidates=64,thoughts=64,cached=1536',
};

/** The FAQ bot's model, questions, and share of the calls. */
export const FAQ_MODEL = 'gpt-4o-mini';
const FAQ_QUESTIONS = ['How do I reset my password?', 'What are your opening hours?'];
const FAQ_SHARE = 0.2;

/** mulberry32: a tiny seeded PRNG, good enough for a traffic mix. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** The planned call at `index`: a pure function of the options and the index (so a run can go on for a duration). */
export function planCall(index: number, options: TrafficOptions): DemoCall {
  const next = random(options.seed * 1_000_003 + index);
  const totalWeight = MODELS.reduce((sum, entry) => sum + entry.weight, 0);
  // The burst starts a third of the way into a counted run, or after 30 calls of a timed one.
  const burstStart = Number.isFinite(options.requests) ? Math.floor(options.requests / 3) : 30;
  let pick = next() * totalWeight;
  const entry =
    MODELS.find((candidate) => {
      pick -= candidate.weight;
      return pick < 0;
    }) ?? MODELS[0]!;
  const stream = next() < options.streamShare;
  const roll = next();
  let fault: string | undefined;
  let timeoutMs: number | undefined;
  if (entry.target === 'openai' && index >= burstStart && index < burstStart + options.rateLimitBurst) {
    fault = '429;retry-after=1';
  } else if (roll < options.serverErrorShare) {
    fault = roll < options.serverErrorShare / 2 ? '500' : entry.target === 'anthropic' ? '529' : '503';
  } else if (roll < options.serverErrorShare + options.timeoutShare) {
    fault = 'hang';
    timeoutMs = 1_000;
  } else if (stream) {
    fault = 'slow;ttfb-ms=40;chunk-delay-ms=4';
  } else {
    fault = 'slow;ttfb-ms=60';
  }
  // A third of the calls reuse a long cached prefix (cache read), as apps with a shared system prompt do.
  const usage = next() < 1 / 3 ? CACHED_PROMPT[entry.target] : undefined;
  // A fifth of the calls are the app's FAQ bot: the same few questions to one model at temperature 0, again and again —
  // the repeats a response cache would have answered (avoidable spend).
  if (next() < FAQ_SHARE) {
    const faq = FAQ_QUESTIONS[Math.floor(next() * FAQ_QUESTIONS.length)]!;
    return { index, target: 'openai', model: FAQ_MODEL, stream, fault, timeoutMs, usage: undefined, faq, attribution: attributionOf(index) };
  }
  return { index, target: entry.target, model: entry.model, stream, fault, timeoutMs, usage, attribution: attributionOf(index) };
}

export function planTraffic(options: TrafficOptions): DemoCall[] {
  return Array.from({ length: options.requests }, (_, index) => planCall(index, options));
}
