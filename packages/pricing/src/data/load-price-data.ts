import type { ConditionalPrice, MatchLogic, ModelInfo, ModelPrice, Provider } from '@pydantic/genai-prices';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { priceDataOf, type PriceData } from './price-data.js';

/** A price data file that is not genai-prices' data format; `path` is where in the JSON. */
export class PriceDataError extends Error {
  constructor(
    readonly origin: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${origin}: ${path === '' ? '' : `${path}: `}${problem}`);
    this.name = 'PriceDataError';
  }
}

/** The upstream live feed of genai-prices' data (the library's `REMOTE_DATA_JSON_URL`). */
export const GENAI_PRICES_DATA_URL = 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';

/** Reads a data file synchronously (start-up). The data's date is the file's modification time. */
export function loadPriceDataFileSync(path: string): PriceData {
  const text = readText(path, () => readFileSync(path, 'utf8'));
  return priceDataOf(parsePriceData(text, path), versionOf(text), statSync(path).mtime, path);
}

/** Reads a data file again (periodic refresh). */
export async function loadPriceDataFile(path: string): Promise<PriceData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PriceDataError(path, '', `cannot read the file (${message(error)})`);
  }
  return priceDataOf(parsePriceData(text, path), versionOf(text), (await stat(path)).mtime, path);
}

/**
 * Fetches a data file. Its date is the response's `Last-Modified`; without one, the time this
 * content was first loaded (`previous` keeps it across refreshes while the content is unchanged),
 * so a feed that stops changing still ages.
 */
export async function fetchPriceData(url: string, fetchImpl: typeof fetch, previous: PriceData | undefined, timeoutMs: number): Promise<PriceData> {
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new PriceDataError(url, '', `fetch failed (${message(error)})`);
  }
  if (!response.ok) throw new PriceDataError(url, '', `HTTP ${response.status}`);
  const text = await response.text();
  const version = versionOf(text);
  const lastModified = response.headers.get('last-modified');
  const modified = lastModified === null ? undefined : new Date(lastModified);
  const date =
    modified !== undefined && !Number.isNaN(modified.getTime())
      ? modified
      : previous !== undefined && previous.version === version && previous.origin === url
        ? previous.date
        : new Date();
  return priceDataOf(parsePriceData(text, url), version, date, url);
}

function readText(origin: string, read: () => string): string {
  try {
    return read();
  } catch (error) {
    throw new PriceDataError(origin, '', `cannot read the file (${message(error)})`);
  }
}

function versionOf(text: string): string {
  return `genai-prices-data@${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Validates genai-prices' data format (`prices/new_data/v2/data.json`: an array of providers, each
 * with its models, match rules and prices) and normalises price constraints the way the library
 * does. Throws `PriceDataError` naming the first problem's JSON path.
 */
export function parsePriceData(text: string, origin: string): Provider[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PriceDataError(origin, '', `not JSON (${message(error)})`);
  }
  if (!Array.isArray(value)) throw new PriceDataError(origin, '', 'expected an array of providers (genai-prices data.json)');
  if (value.length === 0) throw new PriceDataError(origin, '', 'no providers');
  return value.map((provider, index) => readProvider(provider, `[${index}]`, origin));
}

function readProvider(value: unknown, path: string, origin: string): Provider {
  const fail = (where: string, problem: string): never => {
    throw new PriceDataError(origin, where, problem);
  };
  if (!isObject(value)) fail(path, 'expected a provider object');
  const v = value as Record<string, unknown>;
  const id = v['id'];
  if (typeof id !== 'string' || id === '') fail(`${path}.id`, 'expected a non-empty string');
  if (typeof v['name'] !== 'string') fail(`${path}.name`, 'expected a string');
  const pattern = v['api_pattern'];
  if (typeof pattern !== 'string') fail(`${path}.api_pattern`, 'expected a string');
  try {
    new RegExp(pattern as string);
  } catch (error) {
    fail(`${path}.api_pattern`, `invalid regular expression (${message(error)})`);
  }
  for (const key of ['model_match', 'provider_match'] as const) {
    if (v[key] !== undefined) readMatch(v[key], `${path}.${key}`, fail);
  }
  const fallbacks = v['fallback_model_providers'];
  if (fallbacks !== undefined && (!Array.isArray(fallbacks) || !fallbacks.every((f) => typeof f === 'string'))) {
    fail(`${path}.fallback_model_providers`, 'expected an array of provider ids');
  }
  const models = v['models'];
  if (!Array.isArray(models)) fail(`${path}.models`, 'expected an array');
  return {
    ...(v as unknown as Provider),
    models: (models as unknown[]).map((model, index) => readModel(model, `${path}.models[${index}]`, fail)),
  };
}

function readModel(value: unknown, path: string, fail: (where: string, problem: string) => never): ModelInfo {
  if (!isObject(value)) fail(path, 'expected a model object');
  const v = value as Record<string, unknown>;
  if (typeof v['id'] !== 'string' || v['id'] === '') fail(`${path}.id`, 'expected a non-empty string');
  readMatch(v['match'], `${path}.match`, fail);
  const prices = v['prices'];
  let normalised: ModelPrice | ConditionalPrice[];
  if (Array.isArray(prices)) {
    if (prices.length === 0) fail(`${path}.prices`, 'expected at least one price');
    normalised = prices.map((entry, index) => readConditional(entry, `${path}.prices[${index}]`, fail));
  } else {
    normalised = readPrices(prices, `${path}.prices`, fail);
  }
  return { ...(v as unknown as ModelInfo), prices: normalised };
}

function readConditional(value: unknown, path: string, fail: (where: string, problem: string) => never): ConditionalPrice {
  if (!isObject(value)) fail(path, 'expected {constraint?, prices}');
  const v = value as Record<string, unknown>;
  const prices = readPrices(v['prices'], `${path}.prices`, fail);
  const c = v['constraint'];
  if (c === undefined) return { prices };
  if (!isObject(c)) fail(`${path}.constraint`, 'expected an object');
  const constraint = c as Record<string, unknown>;
  if (typeof constraint['start_date'] === 'string') {
    const date = constraint['start_date'];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)) {
      fail(`${path}.constraint.start_date`, `expected a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
    }
    return { constraint: { type: 'start_date', start_date: date }, prices };
  }
  const start = constraint['start_time'];
  const end = constraint['end_time'];
  const time = /^\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  if (typeof start === 'string' && typeof end === 'string') {
    if (!time.test(start)) fail(`${path}.constraint.start_time`, `expected HH:MM:SS with a zone, got ${JSON.stringify(start)}`);
    if (!time.test(end)) fail(`${path}.constraint.end_time`, `expected HH:MM:SS with a zone, got ${JSON.stringify(end)}`);
    return { constraint: { type: 'time_of_date', start_time: start, end_time: end }, prices };
  }
  return fail(`${path}.constraint`, 'expected a start_date or a start_time/end_time constraint');
}

function readPrices(value: unknown, path: string, fail: (where: string, problem: string) => never): ModelPrice {
  if (!isObject(value)) fail(path, 'expected an object of prices');
  const prices = value as Record<string, unknown>;
  for (const [key, price] of Object.entries(prices)) {
    if (typeof price === 'number') {
      if (!Number.isFinite(price) || price < 0) fail(`${path}.${key}`, `expected a non-negative price, got ${price}`);
      continue;
    }
    if (isObject(price)) {
      const tiered = price as Record<string, unknown>;
      const base = tiered['base'];
      const tiers = tiered['tiers'];
      if (
        typeof base === 'number' &&
        base >= 0 &&
        Array.isArray(tiers) &&
        tiers.every((t) => isObject(t) && typeof t['start'] === 'number' && typeof t['price'] === 'number' && t['price'] >= 0)
      ) {
        continue;
      }
      fail(`${path}.${key}`, 'expected {base, tiers: [{start, price}]}');
    }
    fail(`${path}.${key}`, `expected a price, got ${JSON.stringify(price)}`);
  }
  return prices as ModelPrice;
}

function readMatch(value: unknown, path: string, fail: (where: string, problem: string) => never): MatchLogic {
  if (!isObject(value)) return fail(path, 'expected a match rule');
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length !== 1) fail(path, `expected exactly one of or, and, equals, starts_with, ends_with, contains, regex (got ${keys.join(', ') || 'none'})`);
  const [key] = keys as [string];
  const inner = v[key];
  switch (key) {
    case 'or':
    case 'and':
      if (!Array.isArray(inner) || inner.length === 0) fail(`${path}.${key}`, 'expected a non-empty array');
      for (const [index, item] of (inner as unknown[]).entries()) readMatch(item, `${path}.${key}[${index}]`, fail);
      break;
    case 'equals':
    case 'starts_with':
    case 'ends_with':
    case 'contains':
      if (typeof inner !== 'string') fail(`${path}.${key}`, 'expected a string');
      break;
    case 'regex':
      if (typeof inner !== 'string') fail(`${path}.${key}`, 'expected a string');
      try {
        new RegExp(inner as string);
      } catch (error) {
        fail(`${path}.${key}`, `invalid regular expression (${message(error)})`);
      }
      break;
    default:
      fail(path, `unknown match rule '${key}'`);
  }
  return value as MatchLogic;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
