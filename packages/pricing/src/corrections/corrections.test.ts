import { waitForUpdate, type ModelInfo, type Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { matchModel } from '../table/match-model.js';
import { CORRECTIONS } from './corrections.js';

const providers: Provider[] = (await waitForUpdate()) ?? [];
const byId = (id: string) => providers.find((provider) => provider.id === id);

/** Every price of a model, whatever its constraint. */
function allPrices(model: ModelInfo): Record<string, unknown>[] {
  return Array.isArray(model.prices) ? model.prices.map((entry) => entry.prices) : [model.prices];
}

describe('the corrections table', () => {
  it('gives every entry a source and the day it was checked', () => {
    const ids = new Set<string>();
    for (const correction of CORRECTIONS) {
      expect(ids.has(correction.id), `duplicate id ${correction.id}`).toBe(false);
      ids.add(correction.id);
      expect(correction.source, correction.id).toMatch(/https:\/\//);
      expect(correction.checked, correction.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has no entry that duplicates what the bundled data already says (drop it when upstream catches up)', () => {
    for (const correction of CORRECTIONS) {
      switch (correction.kind) {
        case 'fine-tuned': {
          // The data must not price the fine-tuned model already.
          const openai = byId('openai');
          if (openai === undefined) throw new Error('no openai provider in the data');
          const found = matchModel(openai, `ft:${correction.snapshot}:acme::abc123`, (id) => byId(id));
          expect(found?.id, `${correction.id}: the data prices ft:${correction.snapshot} as ${found?.id}`).toBeUndefined();
          break;
        }
        case 'tier-factor':
        case 'tier-prices':
        case 'tier-unpriced': {
          // The data must not have prices for the tier (genai-prices has no tier keys today; a key
          // naming the tier, e.g. `priority_input_mtok`, would mean upstream models it).
          const provider = byId(correction.family);
          const keys = (provider?.models ?? []).flatMap((model) => allPrices(model).flatMap((prices) => Object.keys(prices)));
          expect(
            keys.filter((key) => key.includes(correction.tier)),
            correction.id,
          ).toEqual([]);
          break;
        }
        case 'tariff': {
          // The data must not already place the change at the correction's instants.
          const model = byId(correction.provider)?.models.find((candidate) => candidate.id === correction.model);
          expect(model, `${correction.id}: model not in the data`).toBeDefined();
          const starts = Array.isArray(model?.prices)
            ? model.prices.flatMap((entry) => (entry.constraint?.type === 'start_date' ? [Date.parse(`${entry.constraint.start_date}T00:00:00Z`)] : []))
            : [];
          for (const boundary of correction.boundaries) {
            expect(starts.includes(Date.parse(boundary)), `${correction.id}: the data already starts a price at ${boundary}`).toBe(false);
          }
          break;
        }
      }
    }
  });

  it('lists per-model priority prices that differ from the standard ones in the data', () => {
    // A priority row equal to the standard price would be a transcription slip.
    const openai = byId('openai');
    for (const correction of CORRECTIONS) {
      if (correction.kind !== 'tier-prices') continue;
      const standard = openai?.models.find((model) => correction.model.test(model.id));
      if (standard === undefined) continue;
      const input = allPrices(standard).at(-1)?.['input_mtok'];
      expect(correction.prices['input_mtok'], correction.id).not.toEqual(input);
    }
  });
});
