import { describe, expect, it } from 'vitest';
import { REPLY_TEXT, replyTokens } from './reply-text.js';

describe('replyTokens', () => {
  it('cuts consecutive words, the first without a leading space', () => {
    expect(replyTokens(0, 4)).toEqual(['This', ' is', ' a', ' deterministic']);
    expect(replyTokens(0, 0)).toEqual([]);
  });

  it('wraps around the reply text', () => {
    const words = REPLY_TEXT.split(' ').length;
    expect(replyTokens(words - 1, 3)).toEqual(['machines.', ' This', ' is']);
    expect(replyTokens(words, 1)).toEqual(replyTokens(0, 1));
  });
});
