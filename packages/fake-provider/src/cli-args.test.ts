import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to 127.0.0.1:8787', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, args: { help: false, host: '127.0.0.1', port: 8787 } });
  });

  it('reads --port and --host in both forms', () => {
    expect(parseCliArgs(['--port', '9000', '--host', '0.0.0.0'])).toEqual({
      ok: true,
      args: { help: false, host: '0.0.0.0', port: 9000 },
    });
    expect(parseCliArgs(['--port=0', '-h'])).toEqual({ ok: true, args: { help: true } });
  });

  it('rejects bad ports and unknown options', () => {
    expect(parseCliArgs(['--port', 'http'])).toEqual({
      ok: false,
      message: "--port must be an integer from 0 to 65535, got 'http'",
    });
    expect(parseCliArgs(['--port', '70000']).ok).toBe(false);
    expect(parseCliArgs(['--verbose']).ok).toBe(false);
  });
});
