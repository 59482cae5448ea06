#!/usr/bin/env node
// Renders alertmanager/alertmanager.yml with real receiver URLs (and optionally shorter grouping timers), because
// Alertmanager 0.25 - Debian's, used by the end-to-end test - neither expands environment variables in its
// configuration nor supports `url_file` on webhook_configs (amtool 0.25: "field url_file not found").
//
// Library:  import { renderAlertmanagerConfig } from '../../alertmanager/render-config.mjs';
//           const yaml = renderAlertmanagerConfig({ webhookBase: 'http://127.0.0.1:40123', groupWait: '1s' });
//           // or pagerUrl / chatUrl / financeUrl one by one; receiverUrls: { 'team-search': URL } for the others
// CLI:      node alertmanager/render-config.mjs --webhook-base http://127.0.0.1:40123 [--out /tmp/x/alertmanager.yml]
//           node alertmanager/render-config.mjs --pager-url URL --chat-url URL --finance-url URL \
//             [--receiver-url team-search=URL ...]
//             [--group-wait 1s] [--group-interval 1s] [--repeat-interval 1h] [--resolve-timeout 5m] [--out FILE]
//
// What it does:
//   - replaces the placeholder URLs (each must occur exactly once, so a drift of alertmanager.yml fails loudly):
//       http://pager.invalid/genai-otel    -> pagerUrl    (default <webhookBase>/pager)    generic webhook JSON
//       http://chat.invalid/genai-otel     -> chatUrl     (default <webhookBase>/chat)     Slack-compatible JSON
//       http://finance.invalid/genai-otel  -> financeUrl  (default <webhookBase>/finance)  Slack-compatible JSON
//     and every other receiver's http://<name>.invalid/genai-otel (the teams owning monthly budgets, team-<t>)
//                                          -> receiverUrls[name] (default <webhookBase>/<name>)  Slack-compatible JSON
//   - turns `templates/*.tmpl` into an absolute path (the rendered copy lives elsewhere);
//   - optionally overrides the root route's group_wait / group_interval / repeat_interval and global
//     resolve_timeout (an end-to-end test does not want to wait 30 s for the first notification).
// What reaches the URLs: the pager gets Alertmanager's webhook JSON ({version:"4", status, receiver, alerts:[{status,
// labels, annotations, startsAt, endsAt, ...}], groupLabels, commonLabels, commonAnnotations, externalURL});
// chat and finance get Slack's incoming-webhook JSON ({username, attachments:[{title, title_link, text, fallback,
// color, ...}]}) with the title "[FIRING:n] <alertname> <provider> <model>" and one block per alert in the text.
// No dependencies beyond Node's standard library.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_PATH = resolve(here, 'alertmanager.yml');
export const TEMPLATES_GLOB = resolve(here, 'templates', '*.tmpl');
export const PLACEHOLDERS = {
  pagerUrl: 'http://pager.invalid/genai-otel',
  chatUrl: 'http://chat.invalid/genai-otel',
  financeUrl: 'http://finance.invalid/genai-otel',
};
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/**
 * @param {{ webhookBase?: string, pagerUrl?: string, chatUrl?: string, financeUrl?: string,
 *           receiverUrls?: Record<string, string>, groupWait?: string,
 *           groupInterval?: string, repeatInterval?: string, resolveTimeout?: string, templatesGlob?: string,
 *           template?: string }} options
 * @returns {string} the rendered alertmanager.yml
 */
export function renderAlertmanagerConfig(options) {
  const {
    webhookBase,
    groupWait,
    groupInterval,
    repeatInterval,
    resolveTimeout,
    templatesGlob = TEMPLATES_GLOB,
    template = readFileSync(TEMPLATE_PATH, 'utf8'),
  } = options;
  const base = webhookBase === undefined ? undefined : webhookBase.replace(/\/+$/, '');
  const urls = {
    pagerUrl: options.pagerUrl ?? (base && `${base}/pager`),
    chatUrl: options.chatUrl ?? (base && `${base}/chat`),
    financeUrl: options.financeUrl ?? (base && `${base}/finance`),
  };
  let out = template;
  const replaceOnce = (from, to) => {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`alertmanager.yml: expected "${from}" exactly once, found it ${count} times`);
    out = out.replace(from, () => to);
  };
  for (const [key, url] of Object.entries(urls)) {
    if (typeof url !== 'string') throw new Error(`${key} is required (or give webhookBase)`);
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${key} must be an http(s) URL, got ${JSON.stringify(url)}`);
    }
    if (!/^https?:$/.test(parsed.protocol) || /['\n]/.test(url)) throw new Error(`${key} must be an http(s) URL without quotes, got ${JSON.stringify(url)}`);
    replaceOnce(`'${PLACEHOLDERS[key]}'`, `'${url}'`);
  }
  // The other receivers (the budget owners' team-<t>): every remaining placeholder.
  const others = options.receiverUrls ?? {};
  for (const name of Object.keys(others)) {
    if (!out.includes(`'http://${name}.invalid/genai-otel'`))
      throw new Error(`receiverUrls: alertmanager.yml has no receiver placeholder for ${JSON.stringify(name)}`);
  }
  out = out.replace(/'http:\/\/([a-z0-9-]+)\.invalid\/genai-otel'/g, (_, name) => {
    const url = others[name] ?? (base && `${base}/${name}`);
    if (typeof url !== 'string') throw new Error(`receiverUrls.${name} is required (or give webhookBase)`);
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`receiverUrls.${name} must be an http(s) URL, got ${JSON.stringify(url)}`);
    }
    if (!/^https?:$/.test(parsed.protocol) || /['\n]/.test(url))
      throw new Error(`receiverUrls.${name} must be an http(s) URL without quotes, got ${JSON.stringify(url)}`);
    return `'${url}'`;
  });
  if (/['\n]/.test(templatesGlob)) throw new Error('templatesGlob must not contain quotes or newlines');
  replaceOnce('  - templates/*.tmpl\n', `  - '${templatesGlob}'\n`);
  const timer = (name, key, value) => {
    if (value === undefined) return;
    if (!DURATION.test(value)) throw new Error(`${name} must be a duration like 1s or 5m, got ${JSON.stringify(value)}`);
    const re = new RegExp(`^(  ${key}: )\\S+$`, 'm');
    const matches = out.match(new RegExp(`^  ${key}: \\S+$`, 'gm')) ?? [];
    if (matches.length !== 1) throw new Error(`alertmanager.yml: expected one "  ${key}:" line, found ${matches.length}`);
    out = out.replace(re, (_, head) => `${head}${value}`);
  };
  timer('groupWait', 'group_wait', groupWait);
  timer('groupInterval', 'group_interval', groupInterval);
  timer('repeatInterval', 'repeat_interval', repeatInterval);
  timer('resolveTimeout', 'resolve_timeout', resolveTimeout);
  return out;
}

function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'webhook-base': { type: 'string' },
      'pager-url': { type: 'string' },
      'chat-url': { type: 'string' },
      'finance-url': { type: 'string' },
      'receiver-url': { type: 'string', multiple: true, default: [] },
      'group-wait': { type: 'string' },
      'group-interval': { type: 'string' },
      'repeat-interval': { type: 'string' },
      'resolve-timeout': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const yaml = renderAlertmanagerConfig({
    webhookBase: values['webhook-base'],
    pagerUrl: values['pager-url'],
    chatUrl: values['chat-url'],
    financeUrl: values['finance-url'],
    receiverUrls: Object.fromEntries(
      values['receiver-url'].map((entry) => {
        const at = entry.indexOf('=');
        if (at <= 0) throw new Error(`--receiver-url must be name=URL, got ${JSON.stringify(entry)}`);
        return [entry.slice(0, at), entry.slice(at + 1)];
      }),
    ),
    groupWait: values['group-wait'],
    groupInterval: values['group-interval'],
    repeatInterval: values['repeat-interval'],
    resolveTimeout: values['resolve-timeout'],
  });
  if (values.out) writeFileSync(values.out, yaml);
  else process.stdout.write(yaml);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`render-config: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
