import type { CustomModelAlias, CustomModelPrice, CustomPrices, CustomPriceTable, CustomPriceValue, CustomServiceTiers } from '../types.js';
import { CUSTOM_PRICE_KEYS } from '../engine/token-classes.js';
import type { KeyPath } from './key-path.js';

/** A validation problem at a key path (`part: 'key'` when the key itself is wrong). */
export class TableIssue extends Error {
  override readonly name = 'TableIssue';
  constructor(
    readonly path: KeyPath,
    readonly part: 'key' | 'value',
    readonly problem: string,
  ) {
    super(problem);
  }
}

const ROOT_KEYS = ['version', 'models', 'aliases', '$schema'] as const;
const ENTRY_KEYS = ['model', 'provider', 'host', 'prices', 'service_tiers', 'note'] as const;
const ALIAS_KEYS = ['model', 'target', 'target_provider', 'provider', 'host', 'note'] as const;
const PRICE_KEYS = Object.keys(CUSTOM_PRICE_KEYS);
const TIER_KEYS = ['batch', 'flex', 'priority'] as const;

type Json = Record<string, unknown>;

/**
 * Checks a parsed custom price table and returns a clean copy (strings trimmed). Throws a
 * `TableIssue` for the first problem: unknown key (typos such as `inptu` are caught), missing
 * required key, wrong type, negative or non-finite price, malformed tier, duplicate entry.
 */
export function validatePriceTable(value: unknown): CustomPriceTable {
  const root = object(value, [], 'the table must be a mapping with `models` and/or `aliases`');
  knownKeys(root, [], ROOT_KEYS);
  const table: CustomPriceTable = { models: [], aliases: [] };
  if (root.version !== undefined) {
    if (typeof root.version !== 'string' && typeof root.version !== 'number') {
      throw new TableIssue(['version'], 'value', 'must be a string');
    }
    table.version = String(root.version).trim();
  }
  const models = optionalArray(root, 'models', []);
  const aliases = optionalArray(root, 'aliases', []);
  if (models.length === 0 && aliases.length === 0) {
    throw new TableIssue([], 'value', 'the table has no `models` and no `aliases`');
  }
  const seenEntries = new Map<string, number>();
  models.forEach((raw, index) => {
    const entry = validateEntry(raw, ['models', index]);
    const identity = [entry.model, entry.provider ?? '', entry.host ?? ''].join('\u0000').toLowerCase();
    const previous = seenEntries.get(identity);
    if (previous !== undefined) {
      throw new TableIssue(['models', index], 'value', `duplicates models[${previous}] (same model, provider and host)`);
    }
    seenEntries.set(identity, index);
    table.models?.push(entry);
  });
  const seenAliases = new Map<string, number>();
  aliases.forEach((raw, index) => {
    const alias = validateAlias(raw, ['aliases', index]);
    const identity = [alias.model, alias.provider ?? '', alias.host ?? ''].join('\u0000').toLowerCase();
    const previous = seenAliases.get(identity);
    if (previous !== undefined) {
      throw new TableIssue(['aliases', index], 'value', `duplicates aliases[${previous}] (same model, provider and host)`);
    }
    seenAliases.set(identity, index);
    table.aliases?.push(alias);
  });
  return table;
}

function validateEntry(raw: unknown, path: KeyPath): CustomModelPrice {
  const entry = object(raw, path, 'must be a mapping with `model` and `prices`');
  knownKeys(entry, path, ENTRY_KEYS);
  const result: CustomModelPrice = {
    model: modelPattern(entry, 'model', path),
    prices: validatePrices(entry.prices, [...path, 'prices'], entry),
  };
  const provider = optionalString(entry, 'provider', path);
  const host = optionalHost(entry, path);
  if (provider !== undefined) result.provider = provider;
  if (host !== undefined) result.host = host;
  if (entry.service_tiers !== undefined) result.service_tiers = validateTiers(entry.service_tiers, [...path, 'service_tiers']);
  const note = optionalString(entry, 'note', path);
  if (note !== undefined) result.note = note;
  return result;
}

function validatePrices(raw: unknown, path: KeyPath, parent: Json): CustomPrices {
  if (raw === undefined) {
    throw new TableIssue(path.slice(0, -1), 'value', `missing \`prices\` for model ${JSON.stringify(parent.model)}`);
  }
  const prices = object(raw, path, 'must be a mapping of token class → USD per 1M tokens');
  knownKeys(prices, path, PRICE_KEYS, 'token class');
  for (const required of ['input', 'output']) {
    if (prices[required] === undefined) {
      throw new TableIssue(path, 'value', `missing \`${required}\` price (USD per 1M tokens; use 0 if free)`);
    }
  }
  const result: Record<string, CustomPriceValue> = {};
  for (const [key, value] of Object.entries(prices)) {
    if (key === 'web_search') {
      result[key] = price(value, [...path, key], 'USD per 1,000 searches');
      continue;
    }
    result[key] = priceValue(value, [...path, key]);
  }
  return result as CustomPrices;
}

function priceValue(value: unknown, path: KeyPath): CustomPriceValue {
  if (typeof value === 'number' || typeof value === 'string') return price(value, path, 'USD per 1M tokens');
  const tiered = object(value, path, 'must be a number (USD per 1M tokens) or { base, tiers: [{ start, price }] }');
  knownKeys(tiered, path, ['base', 'tiers']);
  if (tiered.base === undefined) throw new TableIssue(path, 'value', 'missing `base` price');
  const base = price(tiered.base, [...path, 'base'], 'USD per 1M tokens');
  if (!Array.isArray(tiered.tiers) || tiered.tiers.length === 0) {
    throw new TableIssue([...path, 'tiers'], 'value', 'must be a non-empty list of { start, price }');
  }
  const tiers = tiered.tiers.map((rawTier: unknown, index) => {
    const tierPath = [...path, 'tiers', index];
    const tier = object(rawTier, tierPath, 'must be a mapping { start, price }');
    knownKeys(tier, tierPath, ['start', 'price']);
    const start = tier.start;
    if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) {
      throw new TableIssue([...tierPath, 'start'], 'value', `must be a whole number of input tokens ≥ 0, got ${show(start)}`);
    }
    return { start, price: price(tier.price, [...tierPath, 'price'], 'USD per 1M tokens') };
  });
  return { base, tiers };
}

function price(value: unknown, path: KeyPath, unit: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TableIssue(path, 'value', `must be a non-negative number (${unit}), got ${show(value)}`);
  }
  return value;
}

function validateTiers(raw: unknown, path: KeyPath): CustomServiceTiers {
  const tiers = object(raw, path, 'must be a mapping of tier → multiplier, e.g. { batch: 0.5 }');
  knownKeys(tiers, path, TIER_KEYS, 'service tier');
  const result: CustomServiceTiers = {};
  for (const key of TIER_KEYS) {
    const value = tiers[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new TableIssue([...path, key], 'value', `must be a positive multiplier, got ${show(value)}`);
    }
    result[key] = value;
  }
  return result;
}

function validateAlias(raw: unknown, path: KeyPath): CustomModelAlias {
  const alias = object(raw, path, 'must be a mapping with `model` and `target`');
  knownKeys(alias, path, ALIAS_KEYS);
  const result: CustomModelAlias = {
    model: modelPattern(alias, 'model', path),
    target: requiredString(alias, 'target', path),
  };
  const targetProvider = optionalString(alias, 'target_provider', path);
  const provider = optionalString(alias, 'provider', path);
  const host = optionalHost(alias, path);
  const note = optionalString(alias, 'note', path);
  if (targetProvider !== undefined) result.target_provider = targetProvider;
  if (provider !== undefined) result.provider = provider;
  if (host !== undefined) result.host = host;
  if (note !== undefined) result.note = note;
  return result;
}

function modelPattern(object: Json, key: string, path: KeyPath): string {
  const model = requiredString(object, key, path);
  if (model.indexOf('*') !== -1 && model.indexOf('*') !== model.length - 1) {
    throw new TableIssue([...path, key], 'value', `'*' is only allowed at the end (prefix match), got ${show(model)}`);
  }
  return model;
}

function optionalHost(object: Json, path: KeyPath): string | undefined {
  const host = optionalString(object, 'host', path);
  if (host === undefined) return undefined;
  if (host.includes('/') || (host.includes('*') && !/^\*\.[^*]+$/.test(host))) {
    throw new TableIssue([...path, 'host'], 'value', `must be a host name (server.address) or *.domain, got ${show(host)}`);
  }
  return host;
}

function requiredString(object: Json, key: string, path: KeyPath): string {
  const value = object[key];
  if (value === undefined) throw new TableIssue(path, 'value', `missing \`${key}\``);
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw new TableIssue([...path, key], 'value', `must be a non-empty string, got ${show(value)}`);
  return text;
}

function optionalString(object: Json, key: string, path: KeyPath): string | undefined {
  return object[key] === undefined ? undefined : requiredString(object, key, path);
}

function optionalArray(object: Json, key: string, path: KeyPath): unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TableIssue([...path, key], 'value', 'must be a list');
  return value;
}

function object(value: unknown, path: KeyPath, problem: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TableIssue(path, 'value', `${problem}, got ${show(value)}`);
  }
  return value as Json;
}

function knownKeys(object: Json, path: KeyPath, allowed: readonly string[], what = 'key'): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      const hint = closest(key, allowed);
      throw new TableIssue(
        [...path, key],
        'key',
        `unknown ${what} ${show(key)}${hint === undefined ? '' : ` (did you mean ${show(hint)}?)`}; allowed: ${allowed.join(', ')}`,
      );
    }
  }
}

function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
