#!/usr/bin/env node
// `genai-otel-fake-provider --port 8787 --host 127.0.0.1`: runs the fake provider until
// SIGINT/SIGTERM. Prints the root URL alone on stdout (easy to capture from scripts) and a hint
// with the base URL of each SDK on stderr.
import { CLI_USAGE, parseCliArgs } from './cli-args.js';
import { startFakeProvider } from './server.js';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.args.help) {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }
  const provider = await startFakeProvider({ host: parsed.args.host, port: parsed.args.port });
  process.stdout.write(`${provider.url}\n`);
  process.stderr.write(
    `genai-otel fake provider listening; OpenAI base URL: ${provider.baseURL}; ` +
      `Anthropic baseURL, Gemini httpOptions.baseUrl and Ollama host: ${provider.url}\n`,
  );
  const shutdown = (): void => {
    provider.stop().catch((error: unknown) => {
      process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
