import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The definition: members sorted by name (code units) at every depth, undefined members left out. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
    return sorted;
  });
}

/** A small deterministic generator (mulberry32), so a failure names the seed that made it. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['model', 'messages', 'role', 'content', 'a', 'B', 'b', '_', 'Z9', 'é', 'ß', '😀', 'content2', '', 'tools', 'x'];

function value(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 7));
  if (kind === 0) return Math.floor(next() * 1000) / 8;
  if (kind === 1) return NAMES[Math.floor(next() * NAMES.length)];
  if (kind === 2) return next() < 0.5 ? null : next() < 0.5;
  if (kind === 3) return undefined;
  if (kind === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  // Objects of 0 to 39 members: the small ones and the ones past the in-place sort's limit (16).
  const object: Record<string, unknown> = {};
  const count = Math.floor(next() * (next() < 0.8 ? 8 : 40));
  for (let i = 0; i < count; i++) {
    const name = next() < 0.5 ? NAMES[Math.floor(next() * NAMES.length)]! : `k${Math.floor(next() * 50)}`;
    object[name] = value(next, depth + 1);
  }
  return object;
}

describe('canonicalJson', () => {
  it('is JSON.stringify with members sorted by name at every depth, for 2,000 generated values', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const input = value(random(seed), 0);
      expect([seed, canonicalJson(input)]).toEqual([seed, reference(input) ?? 'null']);
    }
  });

  it('leaves out the ignored top-level members only', () => {
    const body = { stream: true, model: 'gpt-4.1', nested: { stream: 1 } };
    expect(canonicalJson(body, new Set(['stream']))).toBe('{"model":"gpt-4.1","nested":{"stream":1}}');
  });
});
