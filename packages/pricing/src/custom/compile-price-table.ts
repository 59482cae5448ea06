import { createHash } from 'node:crypto';
import type { CustomModelAlias, CustomPriceTable, CustomServiceTiers } from '../types.js';
import type { PriceSheet, SheetValue } from '../engine/price-sheet.js';
import { CUSTOM_PRICE_KEYS } from '../engine/token-classes.js';

/** A custom entry ready for pricing. */
export interface CustomEntry {
  /** The entry's model name as written (the `model` reported in results). */
  model: string;
  /** `provider` / `host` of the entry, for the result's `provider` field. */
  label: string;
  sheet: PriceSheet;
  serviceTiers: CustomServiceTiers;
}

interface Selector {
  provider: string | undefined;
  hostExact: string | undefined;
  hostSuffix: string | undefined;
  modelExact: string | undefined;
  modelPrefix: string | undefined;
  order: number;
}

/** Custom entries and aliases, indexed for lookup by (provider, host, model). */
export interface CompiledPriceTable {
  /** `<version>` or a content hash. */
  readonly version: string;
  findEntry(provider: string, host: string | undefined, model: string): CustomEntry | undefined;
  findAlias(provider: string, host: string | undefined, model: string): CustomModelAlias | undefined;
}

export function compilePriceTable(table: CustomPriceTable): CompiledPriceTable {
  const entries = (table.models ?? []).map((entry, order) => ({
    selector: selector(entry.model, entry.provider, entry.host, order),
    value: {
      model: entry.model,
      label: [entry.provider, entry.host].filter((part) => part !== undefined).join('@') || 'custom',
      sheet: toSheet(entry.prices),
      serviceTiers: entry.service_tiers ?? {},
    } satisfies CustomEntry,
  }));
  const aliases = (table.aliases ?? []).map((alias, order) => ({
    selector: selector(alias.model, alias.provider, alias.host, order),
    value: alias,
  }));
  return {
    version: table.version ?? contentHash(table),
    findEntry: (provider, host, model) => best(entries, provider, host, model),
    findAlias: (provider, host, model) => best(aliases, provider, host, model),
  };
}

function toSheet(prices: Readonly<Record<string, unknown>>): PriceSheet {
  const sheet: Record<string, SheetValue> = {};
  for (const [name, value] of Object.entries(prices)) {
    const key = CUSTOM_PRICE_KEYS[name as keyof typeof CUSTOM_PRICE_KEYS];
    sheet[key] = value as SheetValue;
  }
  return sheet;
}

function selector(model: string, provider: string | undefined, host: string | undefined, order: number): Selector {
  const lowerModel = model.toLowerCase();
  const lowerHost = host?.toLowerCase();
  return {
    provider: provider?.toLowerCase(),
    hostExact: lowerHost?.startsWith('*.') ? undefined : lowerHost,
    hostSuffix: lowerHost?.startsWith('*.') ? lowerHost.slice(1) : undefined,
    modelExact: lowerModel.endsWith('*') ? undefined : lowerModel,
    modelPrefix: lowerModel.endsWith('*') ? lowerModel.slice(0, -1) : undefined,
    order,
  };
}

/**
 * The most specific match: host and provider > host > provider > neither; then an exact model
 * name > the longest prefix; then the first in the file.
 */
function best<T>(candidates: readonly { selector: Selector; value: T }[], provider: string, host: string | undefined, model: string): T | undefined {
  const p = provider.toLowerCase();
  const h = host?.toLowerCase();
  const m = model.toLowerCase();
  let winner: T | undefined;
  let winnerScore = -1;
  for (const { selector: s, value } of candidates) {
    if (s.provider !== undefined && s.provider !== p) continue;
    if (s.hostExact !== undefined && s.hostExact !== h) continue;
    if (s.hostSuffix !== undefined && (h === undefined || !h.endsWith(s.hostSuffix))) continue;
    let modelScore: number;
    if (s.modelExact !== undefined) {
      if (s.modelExact !== m) continue;
      modelScore = 100_000;
    } else {
      if (!m.startsWith(s.modelPrefix ?? '')) continue;
      modelScore = (s.modelPrefix ?? '').length;
    }
    const selectorScore = (s.hostExact !== undefined || s.hostSuffix !== undefined ? 2 : 0) + (s.provider !== undefined ? 1 : 0);
    const score = selectorScore * 1_000_000 + modelScore;
    if (score > winnerScore) {
      winner = value;
      winnerScore = score;
    }
  }
  return winner;
}

function contentHash(table: CustomPriceTable): string {
  return createHash('sha256').update(JSON.stringify(table)).digest('hex').slice(0, 12);
}
