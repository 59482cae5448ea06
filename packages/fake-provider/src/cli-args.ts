import { parseArgs } from 'node:util';

/** Usage text of `genai-otel-fake-provider`. */
export const CLI_USAGE = `Usage: genai-otel-fake-provider [--port 8787] [--host 127.0.0.1]

Starts the genai-otel fake LLM provider, prints its URL and runs until SIGINT/SIGTERM.
  --port, -p   TCP port (default 8787; 0 picks a free port)
  --host       interface to listen on (default 127.0.0.1)
  --help, -h   show this text`;

/** Parsed command line of `genai-otel-fake-provider`. */
export type CliArgs = { help: true } | { help: false; host: string; port: number };

/** Result of {@link parseCliArgs}: the arguments, or a message for stderr. */
export type CliArgsResult = { ok: true; args: CliArgs } | { ok: false; message: string };

/** Default port of the CLI (the library default is 0, a free port). */
export const CLI_DEFAULT_PORT = 8787;

/** Parses `--port <n>`, `--host <h>` and `--help` (also `--port=<n>`). */
export function parseCliArgs(argv: readonly string[]): CliArgsResult {
  let values: { port?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help === true) return { ok: true, args: { help: true } };
  const port = values.port === undefined ? CLI_DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? String(CLI_DEFAULT_PORT)) || port > 65_535) {
    return { ok: false, message: `--port must be an integer from 0 to 65535, got '${values.port ?? ''}'` };
  }
  return { ok: true, args: { help: false, host: values.host ?? '127.0.0.1', port } };
}
