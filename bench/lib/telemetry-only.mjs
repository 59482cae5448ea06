// The `telemetry-only` reference row: genai-otel's telemetry for each call, and nothing else — no
// fetch wrapper, no request or response parsing, no SSE splitting. A wrapper around the client's
// `chat.completions.create` reads the SDK's own arguments and returned objects and records, through
// the same OpenTelemetry SDK set-up as every other row, what genai-otel records for the bench's calls:
// one CLIENT span with the same attributes, the cost from @genai-otel/pricing, and the same metric
// points (duration, cost, four usage counters, two token histograms, attempts; the two repeat counters of
// avoidable spend, every bench call repeating the one before, told by a keyed digest of the request
// as genai-otel tells them; for streams time to first chunk and one time_per_output_chunk point per
// output chunk after the first) and the price-data age gauge @genai-otel/pricing registers. On streams it
// adds `stream_options.include_usage` and hides what that adds, as genai-otel does, on the parsed
// chunks (a `delete` of the `usage: null` member each chunk then carries).
//
// It is a reference for the bench, not an instrumentation: it covers what the bench sends (successful
// chat completions; temperature and max_completion_tokens as request attributes) and leaves out what
// the bench never exercises (errors and aborts, other request parameters, audio tokens, the model-name
// cap) and the rate-limit gauges (the SDK's objects carry no headers; genai-otel stores a call's
// headers in a map and reads them at collection). run.mjs checks in every run that its span and
// metric points still match the genai-otel row's. Its own capture is not free either: an async
// wrapper per call and one promise step per stream chunk (`observe`). So it approximates, from slightly
// above, what an ideal SDK hook would cost: the telemetry itself through the OTel JS SDK.
import { context, metrics, SpanKind, trace } from '@opentelemetry/api';
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { createPricer, registerPriceDataAgeGauge } from '@genai-otel/pricing';

// The conventions' bucket boundaries (packages/instrumentation/src/semconv.ts).
const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
const COST_BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function instruments() {
  const meter = metrics.getMeter('genai-otel-reference');
  const histogram = (name, unit, buckets) => meter.createHistogram(name, { unit, advice: { explicitBucketBoundaries: buckets } });
  const counter = (name, unit) => meter.createCounter(name, { unit });
  // The price-data age gauge genai-otel's metrics register (observed at collection).
  registerPriceDataAgeGauge(meter);
  return {
    duration: histogram('gen_ai.client.inference.duration', 's', DURATION_BUCKETS),
    timeToFirstChunk: histogram('gen_ai.client.inference.time_to_first_chunk', 's', DURATION_BUCKETS),
    timePerOutputChunk: histogram('gen_ai.client.inference.time_per_output_chunk', 's', DURATION_BUCKETS),
    inputTokens: counter('gen_ai.client.inference.usage.input_tokens', '{token}'),
    outputTokens: counter('gen_ai.client.inference.usage.output_tokens', '{token}'),
    cacheReadInputTokens: counter('gen_ai.client.inference.usage.cache_read.input_tokens', '{token}'),
    reasoningOutputTokens: counter('gen_ai.client.inference.usage.reasoning.output_tokens', '{token}'),
    operationInputTokens: histogram('gen_ai.client.inference.operation.input_tokens', '{token}', TOKEN_BUCKETS),
    operationOutputTokens: histogram('gen_ai.client.inference.operation.output_tokens', '{token}', TOKEN_BUCKETS),
    cost: histogram('gen_ai.client.operation.cost', 'USD', COST_BUCKETS),
    attempts: counter('genai_otel.client.attempts', '{attempt}'),
    repeats: counter('genai_otel.repeats', '{call}'),
    repeatCost: counter('genai_otel.repeat.cost', 'USD'),
  };
}

/**
 * Repeats as genai-otel's avoidable spend tells them: a keyed digest (HMAC-SHA-256, a key made once) of the
 * request — here the SDK's params as JSON, not genai-otel's canonical body — looked up among those answered
 * before (a Map bounded like genai-otel's fixed-size table).
 */
function repeatDetector(capacity = 32_768) {
  const key = createSecretKey(randomBytes(32));
  const seen = new Map();
  return (params) => {
    const digest = createHmac('sha256', key).update(JSON.stringify(params)).digest('latin1').slice(0, 12);
    if (seen.has(digest)) return true;
    if (seen.size >= capacity) seen.delete(seen.keys().next().value);
    seen.set(digest, true);
    return false;
  };
}

/** `fixed` when the request asks for one reproducible answer, else `varied` (genai-otel's requestSampling). */
function sampling(params) {
  if (typeof params.n === 'number' && params.n > 1) return 'varied';
  if (typeof params.seed === 'number' || params.temperature === 0 || params.top_k === 1) return 'fixed';
  return 'varied';
}

/** Wraps `client.chat.completions.create` of one client (what the row's client process calls). */
export function instrumentClient(client) {
  const tracer = trace.getTracer('genai-otel-reference');
  const m = instruments();
  const pricer = createPricer();
  const repeated = repeatDetector();
  const url = new URL(client.baseURL);
  const target = { 'server.address': url.hostname, 'server.port': Number(url.port) };
  const completions = client.chat.completions;
  const create = completions.create;

  completions.create = async function (params, options) {
    const startedAt = performance.now();
    const parent = context.active();
    const span = tracer.startSpan(
      `chat ${params.model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': params.model,
          ...(params.stream ? { 'gen_ai.request.stream': true } : {}),
          ...target,
          ...(params.temperature === undefined ? {} : { 'gen_ai.request.temperature': params.temperature }),
          ...(params.max_completion_tokens === undefined ? {} : { 'gen_ai.request.max_tokens': params.max_completion_tokens }),
        },
      },
      parent,
    );
    // As genai-otel: injected unless the caller asked for usage itself.
    const injected = params.stream === true && params.stream_options?.include_usage !== true;
    const sent = injected ? { ...params, stream_options: { ...params.stream_options, include_usage: true } } : params;
    const result = await context.with(trace.setSpan(parent, span), () => create.call(this, sent, options));
    const call = { params, span, startedAt };
    if (!params.stream) {
      end(call, result, undefined, performance.now());
      return result;
    }
    return tapStream(call, result, injected);
  };

  /** The stream's own iterator, each `next()` observed (cheaper than an async generator around it). */
  function tapStream(call, stream, injected) {
    const iterate = stream[Symbol.asyncIterator].bind(stream);
    stream[Symbol.asyncIterator] = () => {
      const inner = iterate();
      let firstChunkAt;
      let lastChunkAt = 0;
      let gapAttributes;
      let ended = false;
      // What the chunks said, in a ChatCompletion's names, for end().
      const seen = { id: undefined, model: undefined, service_tier: undefined, system_fingerprint: undefined, usage: undefined, finishReasons: undefined };
      const reasons = []; // finish reasons by choice index
      let choiceCount = 0;
      const observe = (step) => {
        const now = performance.now();
        if (step.done) {
          if (!ended) end(call, seen, firstChunkAt, now);
          ended = true;
          return step;
        }
        const chunk = step.value;
        seen.id ??= chunk.id;
        seen.model ??= chunk.model;
        seen.service_tier ??= chunk.service_tier;
        seen.system_fingerprint ??= chunk.system_fingerprint;
        if (chunk.usage) seen.usage = chunk.usage;
        if (injected && chunk.choices.length === 0 && chunk.usage) return inner.next().then(observe); // only include_usage made it
        if (injected && chunk.usage === null) delete chunk.usage; // the caller's chunk as it would have been
        const choices = chunk.choices;
        if (choices.length === 0) return step; // no output (genai-otel times output chunks only)
        // A content chunk of a choice already seen has nothing to note; any other chunk is read in full.
        if (choices.length !== 1 || choices[0].finish_reason !== null || choices[0].index >= choiceCount) {
          for (const choice of choices) {
            choiceCount = Math.max(choiceCount, choice.index + 1);
            if (choice.finish_reason) reasons[choice.index] = choice.finish_reason;
          }
          // A choice that never got a finish reason ended abnormally: `error`, as genai-otel reports it.
          seen.finishReasons = Array.from({ length: choiceCount }, (_, index) => reasons[index] ?? 'error');
        }
        if (firstChunkAt === undefined) firstChunkAt = now;
        else {
          gapAttributes ??= dimensions(call.params, seen.model);
          m.timePerOutputChunk.record((now - lastChunkAt) / 1000, gapAttributes);
        }
        lastChunkAt = now;
        return step;
      };
      return {
        next: () => inner.next().then(observe),
        return: (value) => inner.return(value),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    };
    return stream;
  }

  /** `response`: a ChatCompletion, or what a stream's chunks said (id, model, tier, fingerprint, finish reasons, usage). */
  function end({ params, span, startedAt }, response, firstChunkAt, endedAt) {
    const model = response.model;
    const usage = response.usage;
    const serviceTier = response.service_tier ?? undefined;
    const cost = pricer.price({
      provider: 'openai',
      model: model ?? params.model,
      usage,
      usageFormat: 'openai.chat',
      serviceTier,
      timestamp: new Date(),
      outcome: 'success',
      httpStatus: 200,
      serverAddress: target['server.address'],
    });
    const base = dimensions(params, model);
    m.attempts.add(1, dimensions(params, undefined));
    if (cost.status === 'priced') m.cost.record(cost.amount, base);
    if (repeated(params)) {
      const attributes = { ...base, 'genai_otel.request.sampling': sampling(params) };
      m.repeats.add(1, attributes);
      if (cost.status === 'priced' && cost.amount > 0) m.repeatCost.add(cost.amount, attributes);
    }
    m.duration.record((endedAt - startedAt) / 1000, base);
    if (firstChunkAt !== undefined) m.timeToFirstChunk.record((firstChunkAt - startedAt) / 1000, base);
    if (usage) {
      const tokens = serviceTier === undefined ? base : { ...base, 'openai.response.service_tier': serviceTier };
      const text = { ...tokens, 'gen_ai.token.modality': 'text' };
      m.inputTokens.add(usage.prompt_tokens, text);
      m.outputTokens.add(usage.completion_tokens, text);
      const cached = usage.prompt_tokens_details?.cached_tokens;
      if (cached !== undefined) m.cacheReadInputTokens.add(cached, text);
      const reasoning = usage.completion_tokens_details?.reasoning_tokens;
      if (reasoning !== undefined) m.reasoningOutputTokens.add(reasoning, text);
      m.operationInputTokens.record(usage.prompt_tokens, tokens);
      m.operationOutputTokens.record(usage.completion_tokens, tokens);
    }

    const finishReasons = response.finishReasons ?? response.choices.map((choice) => choice.finish_reason ?? 'error');
    span.setAttributes({
      'gen_ai.response.id': response.id,
      'gen_ai.response.model': model,
      'gen_ai.response.finish_reasons': finishReasons,
      ...(serviceTier === undefined ? {} : { 'openai.response.service_tier': serviceTier }),
      ...(response.system_fingerprint ? { 'openai.response.system_fingerprint': response.system_fingerprint } : {}),
      ...(usage ? { 'gen_ai.usage.input_tokens': usage.prompt_tokens, 'gen_ai.usage.output_tokens': usage.completion_tokens } : {}),
      ...(firstChunkAt === undefined ? {} : { 'gen_ai.response.time_to_first_chunk': (firstChunkAt - startedAt) / 1000 }),
      ...(cost.status === 'priced'
        ? {
            'gen_ai.usage.cost.amount': cost.amount,
            'gen_ai.usage.cost.currency': cost.currency,
            'gen_ai.usage.cost.source': cost.source,
            'genai_otel.cost.data_version': cost.dataVersion,
          }
        : { 'genai_otel.cost.unknown_reason': cost.reason }),
    });
    span.end(performance.timeOrigin + endedAt);
  }

  function dimensions(params, responseModel) {
    return {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      ...target,
      'gen_ai.request.model': params.model,
      ...(responseModel === undefined ? {} : { 'gen_ai.response.model': responseModel }),
    };
  }
}
