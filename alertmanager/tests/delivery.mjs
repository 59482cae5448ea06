#!/usr/bin/env node
// Live check of alertmanager/alertmanager.yml: runs a real Alertmanager (Debian's 0.25, or $ALERTMANAGER_BIN) with a
// copy rendered by render-config.mjs that points the three receivers at a local HTTP sink (ports chosen at run time),
// posts a set of alerts to its API and checks what arrives where: routing, grouping, inhibition (and its release),
// resolved notifications, and the templated Slack-compatible messages with real alert data.
//
// Usage: node alertmanager/tests/delivery.mjs        exit 0 = all checks passed; 1 = a check failed; 2 = could not run
// Needs: an `alertmanager` (or `prometheus-alertmanager`) binary; nothing else beyond Node's standard library.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAlertmanagerConfig } from '../render-config.mjs';

const RUNBOOK = 'https://github.com/genai-otel/genai-otel/blob/main/alerts/runbook.md';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function findAlertmanager() {
  for (const bin of [process.env.ALERTMANAGER_BIN, 'alertmanager', 'prometheus-alertmanager'].filter(Boolean)) {
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0) return bin;
  }
  return undefined;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolvePort(port));
    });
  });
}

/** An HTTP server that records every POST body by path. */
async function startSink() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let json;
      try {
        json = JSON.parse(body);
      } catch {
        json = { unparsable: body };
      }
      received.push({ path: req.url, body: json });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { received, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

const alert = (labels, extra = {}) => ({
  labels,
  annotations: {
    summary: `${labels.alertname} summary`,
    description: `${labels.alertname} description: 10% of calls`,
    runbook_url: `${RUNBOOK}#${labels.alertname.toLowerCase()}`,
  },
  ...extra,
});
const model = { deployment_environment_name: 'prod', job: 'chat-api', gen_ai_operation_name: 'chat' };
const ALERTS = {
  serverErrors: alert({
    alertname: 'GenAIServerErrorRatioHigh',
    severity: 'critical',
    ...model,
    gen_ai_provider_name: 'openai',
    gen_ai_request_model: 'gpt-4o',
  }),
  rateLimitProd: alert({ alertname: 'GenAIRateLimitRatioHigh', severity: 'warning', ...model, gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o' }),
  rateLimitStaging: alert({
    alertname: 'GenAIRateLimitRatioHigh',
    severity: 'warning',
    ...model,
    deployment_environment_name: 'staging',
    gen_ai_provider_name: 'openai',
    gen_ai_request_model: 'gpt-4o-mini',
  }),
  latency: alert({
    alertname: 'GenAILatencyP95High',
    severity: 'warning',
    ...model,
    gen_ai_provider_name: 'anthropic',
    gen_ai_request_model: 'claude-sonnet-4',
  }),
  burnFast: alert({ alertname: 'GenAIBudgetBurnRateHigh', severity: 'critical', team: 'finance', long_window: '1h', short_window: '5m' }),
  burnSlow: alert({ alertname: 'GenAIBudgetBurnRateHigh', severity: 'warning', team: 'finance', long_window: '6h', short_window: '30m' }),
  // Monthly budgets (alerts/budgets.yaml): to the owning team's receiver; without an owner, to finance.
  budgetFastSearch: alert({
    alertname: 'GenAIMonthlyBudgetBurnRateHigh',
    severity: 'critical',
    budget: 'team=search',
    team: 'search',
    long_window: '1h',
    short_window: '5m',
  }),
  budgetSlowSearch: alert({
    alertname: 'GenAIMonthlyBudgetBurnRateHigh',
    severity: 'warning',
    budget: 'team=search',
    team: 'search',
    long_window: '6h',
    short_window: '30m',
  }),
  budgetSlowSupport: alert({
    alertname: 'GenAIMonthlyBudgetBurnRateHigh',
    severity: 'warning',
    budget: 'tenant=acme',
    team: 'support',
    long_window: '6h',
    short_window: '30m',
  }),
  budgetExhaustedOrphan: alert({ alertname: 'GenAIMonthlyBudgetExhausted', severity: 'critical', budget: 'feature=labs' }),
  costUnknown: alert({
    alertname: 'GenAICostUnknown',
    severity: 'warning',
    team: 'finance',
    ...model,
    gen_ai_provider_name: 'openai',
    gen_ai_request_model: 'gpt-5-preview',
    genai_otel_cost_unknown_reason: 'unknown_model',
  }),
};

/** Every (receiver, status, alertname, model/window) that arrived, from either payload format. */
function deliveries(received) {
  const out = [];
  for (const { path, body } of received) {
    const receiver = path.replace(/^\/sink\//, '');
    if (Array.isArray(body.alerts)) {
      for (const a of body.alerts) out.push({ receiver, status: a.status, key: keyOf(a.labels), format: 'webhook' });
    } else if (Array.isArray(body.attachments)) {
      // Slack-compatible: one attachment per notification; one block per alert in its text.
      for (const att of body.attachments)
        out.push({ receiver, status: /^(\[cost\] |\[budget\] )?\[RESOLVED\]/.test(att.title) ? 'resolved' : 'firing', key: att.title, format: 'slack', att });
    }
  }
  return out;
}
const keyOf = (l) => [l.alertname, l.deployment_environment_name, l.gen_ai_request_model, l.long_window].filter(Boolean).join(' ');

async function main() {
  const bin = findAlertmanager();
  if (!bin) {
    console.error('[delivery] no alertmanager binary (install: scripts/install-system-deps.sh)');
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'genai-otel-am-'));
  const sink = await startSink();
  const webPort = await freePort();
  const configPath = join(dir, 'alertmanager.yml');
  writeFileSync(
    configPath,
    renderAlertmanagerConfig({ webhookBase: `http://127.0.0.1:${sink.port}/sink`, groupWait: '1s', groupInterval: '1s', repeatInterval: '1h' }),
  );
  const am = spawn(
    bin,
    [
      `--config.file=${configPath}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${webPort}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let amLog = '';
  am.stderr.on('data', (c) => (amLog += c));
  const base = `http://127.0.0.1:${webPort}`;
  const failures = [];
  const check = (ok, what) => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${what}`);
    if (!ok) failures.push(what);
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/-/ready`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (i > 100 || am.exitCode !== null) throw new Error(`alertmanager did not become ready:\n${amLog}`);
      await sleep(100);
    }
    const post = async (alerts) => {
      const res = await fetch(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`POST /api/v2/alerts: ${res.status} ${await res.text()}`);
    };
    const waitFor = async (predicate, what, ms = 20000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (predicate(deliveries(sink.received))) return true;
        await sleep(200);
      }
      check(
        false,
        `${what} (timed out; received: ${JSON.stringify(deliveries(sink.received).map(({ receiver, status, key }) => ({ receiver, status, key })))})`,
      );
      return false;
    };
    const has = (d, receiver, key, status = 'firing') => d.some((x) => x.receiver === receiver && x.status === status && x.key.includes(key));

    console.log(`[delivery] alertmanager ${bin} on ${base}, sink on 127.0.0.1:${sink.port}`);
    await post(Object.values(ALERTS));
    await waitFor(
      (d) =>
        has(d, 'pager', 'GenAIServerErrorRatioHigh prod gpt-4o') &&
        has(d, 'pager', 'GenAIBudgetBurnRateHigh 1h') &&
        has(d, 'chat', 'GenAILatencyP95High anthropic claude-sonnet-4') &&
        has(d, 'chat', 'GenAIRateLimitRatioHigh openai gpt-4o-mini') &&
        has(d, 'finance', 'GenAIBudgetBurnRateHigh') &&
        has(d, 'finance', 'GenAICostUnknown openai gpt-5-preview') &&
        has(d, 'team-search', 'GenAIMonthlyBudgetBurnRateHigh team=search') &&
        has(d, 'team-support', 'GenAIMonthlyBudgetBurnRateHigh tenant=acme') &&
        has(d, 'finance', 'GenAIMonthlyBudgetExhausted feature=labs'),
      'every expected notification arrives',
    );
    await sleep(3000); // a few more group intervals: anything that should have been muted would have arrived by now
    let d = deliveries(sink.received);
    check(has(d, 'pager', 'GenAIServerErrorRatioHigh prod gpt-4o'), 'critical model alert -> pager (webhook JSON)');
    check(has(d, 'pager', 'GenAIBudgetBurnRateHigh 1h'), 'critical finance alert -> pager too');
    check(has(d, 'finance', 'GenAIBudgetBurnRateHigh'), 'critical finance alert -> finance');
    check(has(d, 'finance', 'GenAICostUnknown openai gpt-5-preview'), 'warning finance alert -> finance');
    check(!d.some((x) => x.receiver === 'chat' && /GenAICostUnknown|GenAIBudgetBurnRateHigh/.test(x.key)), 'finance alerts do not reach chat');
    check(has(d, 'chat', 'GenAILatencyP95High anthropic claude-sonnet-4'), 'warning -> chat (Slack-compatible)');
    check(
      !d.some((x) => x.receiver === 'chat' && x.key.includes('GenAIRateLimitRatioHigh openai gpt-4o') && !x.key.includes('gpt-4o-mini')),
      'warning muted by the critical alert on the same provider/model',
    );
    check(has(d, 'chat', 'GenAIRateLimitRatioHigh openai gpt-4o-mini'), 'warning on another model/environment is not muted');
    check(
      d.filter((x) => x.receiver === 'finance' && x.status === 'firing' && x.key.includes('GenAIBudgetBurnRateHigh')).length === 1 &&
        !d.some((x) => x.receiver === 'finance' && x.key.includes('FIRING:2')),
      'slow budget burn muted by the fast one (one finance notification, one alert)',
    );

    const budgetSearch = d.filter((x) => x.key.includes('GenAIMonthlyBudget') && x.key.includes('team=search'));
    check(
      budgetSearch.length === 1 &&
        budgetSearch[0].receiver === 'team-search' &&
        budgetSearch[0].key === '[budget] [FIRING:1] GenAIMonthlyBudgetBurnRateHigh team=search',
      `a budget's fast burn -> its owner's receiver only, its slow burn muted: ${JSON.stringify(budgetSearch.map((x) => [x.receiver, x.key]))}`,
    );
    check(
      (budgetSearch[0]?.att.text ?? '').includes('*CRITICAL* GenAIMonthlyBudgetBurnRateHigh summary') &&
        (budgetSearch[0]?.att.text ?? '').includes('genai_monthly_budget:cost_usd:month_to_date'),
      'budget text carries the alert and the month-to-date query',
    );
    check(
      d
        .filter((x) => x.key.includes('tenant=acme'))
        .map((x) => x.receiver)
        .join() === 'team-support',
      'a tenant budget owned by support -> team-support only',
    );
    check(
      d
        .filter((x) => x.key.includes('feature=labs'))
        .map((x) => x.receiver)
        .join() === 'finance',
      'a budget without an owner -> the default receiver (finance) only',
    );
    check(!d.some((x) => /^team-/.test(x.receiver) && !x.key.includes('GenAIMonthlyBudget')), 'team receivers get budget alerts only');

    const latency = d.find((x) => x.receiver === 'chat' && x.key.includes('GenAILatencyP95High'));
    check(latency?.att.title === '[FIRING:1] GenAILatencyP95High anthropic claude-sonnet-4', `chat title: ${JSON.stringify(latency?.att.title)}`);
    check(latency?.att.title_link === `${RUNBOOK}#genailatencyp95high`, 'chat title links to the runbook section');
    check(latency?.att.color === 'warning', 'chat colour follows the severity');
    const text = latency?.att.text ?? '';
    check(
      text.includes('*WARNING* GenAILatencyP95High summary') &&
        text.includes('GenAILatencyP95High description: 10% of calls') &&
        text.includes('_service chat-api, environment prod_') &&
        text.includes(`Runbook: ${RUNBOOK}#genailatencyp95high`),
      `chat text carries summary, description, service and runbook: ${JSON.stringify(text)}`,
    );
    const cost = d.find((x) => x.receiver === 'finance' && x.key.includes('GenAICostUnknown'));
    check(cost?.att.title === '[cost] [FIRING:1] GenAICostUnknown openai gpt-5-preview', `finance title: ${JSON.stringify(cost?.att.title)}`);
    check((cost?.att.text ?? '').includes('genai_budget:cost_usd:spend_today'), 'finance text points at the spend queries');
    const pager = sink.received.find((r) => r.path === '/sink/pager' && r.body.alerts?.some((a) => a.labels.alertname === 'GenAIServerErrorRatioHigh'));
    check(
      pager?.body.version === '4' && pager.body.alerts[0].annotations.runbook_url === `${RUNBOOK}#genaiservererrorratiohigh`,
      'pager gets the Alertmanager webhook JSON with labels and annotations',
    );

    // Resolve the critical 5xx alert: the pager hears it, and the muted 429 warning on gpt-4o is released to chat.
    await post([{ ...ALERTS.serverErrors, endsAt: new Date().toISOString() }]);
    await waitFor(
      (dd) => has(dd, 'pager', 'GenAIServerErrorRatioHigh prod gpt-4o', 'resolved') && has(dd, 'chat', 'GenAIRateLimitRatioHigh openai gpt-4o'),
      'resolution',
    );
    d = deliveries(sink.received);
    check(has(d, 'pager', 'GenAIServerErrorRatioHigh prod gpt-4o', 'resolved'), 'resolved notification -> pager (send_resolved)');
    check(
      d.some((x) => x.receiver === 'chat' && /^\[FIRING:1\] GenAIRateLimitRatioHigh openai gpt-4o$/.test(x.key)),
      'the muted warning is delivered once the critical alert resolves',
    );
  } finally {
    am.kill('SIGTERM');
    await new Promise((r) => (am.exitCode !== null ? r() : am.once('exit', r)));
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.log(`[delivery] ${failures.length} failure(s)`);
    if (amLog.trim()) console.log(`[delivery] alertmanager log:\n${amLog}`);
    return 1;
  }
  console.log('[delivery] all passed');
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`[delivery] ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
