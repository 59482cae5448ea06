import { findProvider, type ModelInfo, type Provider } from '@pydantic/genai-prices';
import type { CompiledPriceTable, CustomEntry } from '../custom/compile-price-table.js';
import { matchModel } from './match-model.js';
import { findTableProvider, providerFamily, type ProviderFamily } from './table-provider.js';

/** Which prices apply to a (provider, host, model). */
export type Resolution =
  | { kind: 'table'; provider: Provider; model: ModelInfo; family: ProviderFamily; alias?: string }
  | { kind: 'custom'; entry: CustomEntry; alias?: string }
  | { kind: 'unknown'; reason: 'unknown_provider' | 'unknown_model'; detail: string };

/**
 * Finds the price entry of a model, in this order: a custom entry for the model; an alias (then a
 * custom entry, else the bundled table, for its target); the bundled table. Results are cached per
 * (provider, host, model); the cache is cleared when it reaches `cacheSize` entries, so a stream of
 * distinct model names cannot grow it without bound.
 */
export class ModelResolver {
  readonly #custom: CompiledPriceTable | undefined;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, Resolution>();

  constructor(custom: CompiledPriceTable | undefined, cacheSize: number) {
    this.#custom = custom;
    this.#cacheSize = Math.max(1, cacheSize);
  }

  resolve(providerName: string, serverAddress: string | undefined, model: string): Resolution {
    const key = `${providerName}\u0001${serverAddress ?? ''}\u0001${model}`;
    let resolution = this.#cache.get(key);
    if (resolution === undefined) {
      resolution = this.#resolve(providerName, serverAddress, cleanModelName(model));
      if (this.#cache.size >= this.#cacheSize) this.#cache.clear();
      this.#cache.set(key, resolution);
    }
    return resolution;
  }

  #resolve(providerName: string, host: string | undefined, model: string): Resolution {
    if (model === '') return { kind: 'unknown', reason: 'unknown_model', detail: 'empty model name' };
    const custom = this.#custom;
    if (custom !== undefined) {
      const entry = custom.findEntry(providerName, host, model);
      if (entry !== undefined) return { kind: 'custom', entry };
      const alias = custom.findAlias(providerName, host, model);
      if (alias !== undefined) {
        const via = `alias ${model} → ${alias.target}`;
        const targetProvider = alias.target_provider ?? providerName;
        const targetEntry = custom.findEntry(targetProvider, host, alias.target);
        if (targetEntry !== undefined) return { kind: 'custom', entry: targetEntry, alias: via };
        // An alias that names its provider is priced from that provider's table, whatever the host.
        const resolved = tableLookup(targetProvider, alias.target_provider === undefined ? host : undefined, alias.target);
        return resolved.kind === 'unknown' ? { ...resolved, detail: `${resolved.detail} (${via})` } : { ...resolved, alias: via };
      }
    }
    return tableLookup(providerName, host, model);
  }
}

function tableLookup(providerName: string, host: string | undefined, model: string): Resolution {
  const provider = findTableProvider(providerName, host);
  if (provider === undefined) {
    return {
      kind: 'unknown',
      reason: 'unknown_provider',
      detail: `no price table for provider '${providerName}'${host === undefined ? '' : ` at ${host}`}`,
    };
  }
  const info = matchModel(provider, model, (id) => findProvider({ providerId: id }));
  if (info === undefined) {
    return { kind: 'unknown', reason: 'unknown_model', detail: `model '${model}' is not in the ${provider.id} price table` };
  }
  return { kind: 'table', provider, model: info, family: providerFamily(provider.id) };
}

/**
 * Drops resource prefixes Google APIs put before model names: `models/gemini-2.5-flash`,
 * `publishers/google/models/gemini-2.5-flash`, `projects/…/models/…`.
 */
function cleanModelName(model: string): string {
  const name = model.trim();
  const index = name.lastIndexOf('models/');
  if (index === -1 || (index > 0 && name[index - 1] !== '/')) return name;
  return name.slice(index + 'models/'.length);
}
