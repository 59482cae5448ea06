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
  /** True when an entry or alias is keyed by this host (the host is a gateway with prices of its own). */
  namesHost(host: string): boolean;
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
  const selectors = [...entries, ...aliases].map((candidate) => candidate.selector);
  return {
    version: table.version ?? contentHash(table),
    findEntry: (provider, host, model) => best(entries, provider, host, model),
    findAlias: (provider, host, model) => best(aliases, provider, host, model),
    namesHost: (host) => selectors.some((s) => hostMatches(s, host.toLowerCase())),
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

function hostMatches(s: Selector, h: string | undefined): boolean {
  if (s.hostExact !== undefined) return s.hostExact === h;
  if (s.hostSuffix !== undefined) return h?.endsWith(s.hostSuffix) === true;
  return false;
}

/**
 * A dated snapshot suffix: `-2025-04-14`, `-20250414`, `@20250929` (Vertex AI), or `-0613` (month
 * and day), each only when it is a real calendar date. An entry for `gpt-4.1-mini` then prices the
 * `gpt-4.1-mini-2025-04-14` a response reports, as the bundled table does for its own models.
 */
const SNAPSHOT = /(?:[-@](\d{4})-?(\d{2})-?(\d{2})|-(\d{2})(\d{2}))$/;

/** The model name without its snapshot date suffix, or undefined when it has none. */
export function withoutSnapshot(model: string): string | undefined {
  const match = SNAPSHOT.exec(model);
  if (match === null) return undefined;
  const [whole, year, month, day, shortMonth, shortDay] = match;
  const m = Number(month ?? shortMonth);
  const d = Number(day ?? shortDay);
  if (year !== undefined) {
    const date = new Date(Date.UTC(Number(year), m - 1, d));
    if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  } else if (m < 1 || m > 12 || d < 1 || d > 31) {
    return undefined;
  }
  return model.slice(0, model.length - whole.length);
}

/**
 * The most specific match: host and provider > host > provider > neither; then an exact model
 * name > the same name with a snapshot date (`gpt-4.1-mini` for `gpt-4.1-mini-2025-04-14`) > the
 * longest prefix; then the first in the file.
 */
function best<T>(candidates: readonly { selector: Selector; value: T }[], provider: string, host: string | undefined, model: string): T | undefined {
  const p = provider.toLowerCase();
  const h = host?.toLowerCase();
  const m = model.toLowerCase();
  const undated = withoutSnapshot(m);
  let winner: T | undefined;
  let winnerScore = -1;
  for (const { selector: s, value } of candidates) {
    if (s.provider !== undefined && s.provider !== p) continue;
    if (s.hostExact !== undefined && s.hostExact !== h) continue;
    if (s.hostSuffix !== undefined && (h === undefined || !h.endsWith(s.hostSuffix))) continue;
    let modelScore: number;
    if (s.modelExact !== undefined) {
      if (s.modelExact === m) modelScore = 100_000;
      else if (s.modelExact === undated) modelScore = 50_000;
      else continue;
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
