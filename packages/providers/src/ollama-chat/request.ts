import { isRecord, setNumber, setStringArray } from '../json/json-values.js';
import type { RequestParameters } from '../types.js';

/**
 * The generation parameters of an Ollama chat request: `options` (the Modelfile parameters:
 * `temperature`, `top_p`, `top_k`, `num_predict`, `seed`, `stop`, `frequency_penalty`,
 * `presence_penalty`), `format` (`"json"` or a JSON schema: structured output) and `think` (a level
 * string is a reasoning level). ollama/ollama docs/api.md "Generate a chat completion", api/types.go
 * `Options`.
 */
export function ollamaChatParameters(body: Record<string, unknown>): RequestParameters {
  const parameters: RequestParameters = {};
  const options = body['options'];
  if (isRecord(options)) {
    setNumber(parameters, 'temperature', options['temperature']);
    setNumber(parameters, 'topP', options['top_p']);
    setNumber(parameters, 'topK', options['top_k']);
    // num_predict ≤ 0 means no limit (-1 infinite, -2 fill the context).
    const numPredict = options['num_predict'];
    if (typeof numPredict === 'number' && numPredict > 0) parameters.maxTokens = numPredict;
    setNumber(parameters, 'seed', options['seed']);
    setNumber(parameters, 'frequencyPenalty', options['frequency_penalty']);
    setNumber(parameters, 'presencePenalty', options['presence_penalty']);
    setStringArray(parameters, 'stopSequences', options['stop']);
  }
  const format = body['format'];
  if (format === 'json' || isRecord(format)) parameters.outputType = 'json';
  const think = body['think'];
  if (typeof think === 'string') parameters.reasoningLevel = think;
  return parameters;
}

/** `stream` defaults to true in Ollama's native API: only `"stream": false` asks for one body. */
export function ollamaChatStreams(body: Record<string, unknown>): boolean {
  return body['stream'] !== false;
}
