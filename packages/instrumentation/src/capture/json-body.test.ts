import { Response as UndiciResponse } from 'undici';
import { describe, expect, it } from 'vitest';
import { observeJsonBody } from './json-body.js';

const BODY = '{"id":"chatcmpl-1","usage":{"prompt_tokens":3}}';

function observed(
  body = BODY,
  maxBytes = 1024,
  make: (body: string) => Response = (text) => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } }),
) {
  const seen: Array<{ json: unknown } | { text: string | undefined } | { error: unknown }> = [];
  let told: () => void = () => {};
  /** Settles when the tap has been told something (the copy a tee gives it is read on its own). */
  const firstTold = new Promise<void>((resolve) => (told = resolve));
  const response = make(body);
  const tell = (entry: (typeof seen)[number]) => {
    seen.push(entry);
    told();
  };
  const out = observeJsonBody(response, maxBytes, {
    onJson: (json) => tell({ json }),
    onText: (text) => tell({ text }),
    onError: (error) => tell({ error }),
  });
  return { response, out, seen, firstTold };
}

describe('observeJsonBody', () => {
  it("hands the tap the caller's own parse from json(), on the same Response", async () => {
    const { response, out, seen } = observed();
    expect(out).toBe(response);
    const value = await out.json();
    expect(value).toEqual({ id: 'chatcmpl-1', usage: { prompt_tokens: 3 } });
    expect(seen).toEqual([{ json: value }]);
    expect((seen[0] as { json: unknown }).json).toBe(value);
    expect(out.bodyUsed).toBe(true);
  });

  it('passes the text the caller read through text(), arrayBuffer() and bytes(); undefined above maxBytes', async () => {
    const viaText = observed();
    expect(await viaText.out.text()).toBe(BODY);
    expect(viaText.seen).toEqual([{ text: BODY }]);

    const viaBuffer = observed();
    expect(new TextDecoder().decode(await viaBuffer.out.arrayBuffer())).toBe(BODY);
    expect(viaBuffer.seen).toEqual([{ text: BODY }]);

    const viaBytes = observed();
    expect(new TextDecoder().decode(await viaBytes.out.bytes())).toBe(BODY);
    expect(viaBytes.seen).toEqual([{ text: BODY }]);

    const large = observed(BODY, 10);
    expect(await large.out.text()).toBe(BODY);
    expect(large.seen).toEqual([{ text: undefined }]);
  });

  it('gives the caller the SyntaxError of invalid JSON and the tap the text', async () => {
    const { out, seen } = observed('{"id":');
    await expect(out.json()).rejects.toThrow(SyntaxError);
    expect(seen).toEqual([{ text: '{"id":' }]);
  });

  it('reads a copy when the body is handed out otherwise (body, blob, clone)', async () => {
    const viaBody = observed();
    const reader = viaBody.out.body!.getReader();
    let text = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) text += new TextDecoder().decode(read.value);
    expect(text).toBe(BODY);
    await viaBody.firstTold;
    expect(viaBody.seen).toEqual([{ text: BODY }]);

    const viaBlob = observed();
    expect(await (await viaBlob.out.blob()).text()).toBe(BODY);
    await viaBlob.firstTold;
    expect(viaBlob.seen).toEqual([{ text: BODY }]);

    const viaClone = observed();
    const copy = viaClone.out.clone();
    expect(await Promise.all([copy.text(), viaClone.out.text()])).toEqual([BODY, BODY]);
    await viaClone.firstTold;
    expect(viaClone.seen).toEqual([{ text: BODY }]);
  });

  it("uses the response's own class (another fetch's Response) and reads a copy of a frozen one", async () => {
    const other = observed(BODY, 1024, (text) => new UndiciResponse(text) as unknown as Response);
    expect(await other.out.json()).toEqual({ id: 'chatcmpl-1', usage: { prompt_tokens: 3 } });
    expect(other.seen).toHaveLength(1);

    const frozen = observed(BODY, 1024, (text) => Object.freeze(new Response(text)));
    expect(frozen.out).toBe(frozen.response);
    await frozen.firstTold;
    expect(frozen.seen).toEqual([{ text: BODY }]);
    expect(await frozen.out.json()).toEqual({ id: 'chatcmpl-1', usage: { prompt_tokens: 3 } });
  });

  it('tells the tap nothing when nobody reads the body, and reports a read a second time as the real error', async () => {
    const unread = observed();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unread.seen).toEqual([]);

    const twice = observed();
    await twice.out.json();
    await expect(twice.out.json()).rejects.toThrow(TypeError);
    expect(twice.seen).toHaveLength(1);
  });

  it('adds nothing enumerable to the response, and its readers called on anything else throw as Response.prototype does', async () => {
    const { out } = observed();
    expect(Object.keys(out)).toEqual([]);
    expect(JSON.stringify(Object.getOwnPropertySymbols(out).map((symbol) => Object.getOwnPropertyDescriptor(out, symbol)?.enumerable))).toBe('[false]');
    for (const method of ['json', 'text', 'arrayBuffer', 'bytes', 'blob', 'formData', 'clone'] as const) {
      const taken = out[method] as (this: unknown) => unknown;
      const own = Response.prototype[method] as (this: unknown) => unknown;
      const theirs = await Promise.resolve()
        .then(() => own.call({}))
        .then(
          () => 'resolved',
          (error: unknown) => (error as Error).constructor.name,
        );
      const ours = await Promise.resolve()
        .then(() => taken.call({}))
        .then(
          () => 'resolved',
          (error: unknown) => (error as Error).constructor.name,
        );
      expect([method, ours]).toEqual([method, theirs]);
    }
    // The tapped response itself still reads normally afterwards.
    expect(await out.json()).toEqual({ id: 'chatcmpl-1', usage: { prompt_tokens: 3 } });
  });
});
