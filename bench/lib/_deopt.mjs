// usage: node --trace-deopt /tmp/deopt.mjs row baseURL
import { ROWS, loadOpenAI } from '/work/main/bench/lib/rows.mjs';
const [row, baseURL] = process.argv.slice(2);
await ROWS[row].setup();
const OpenAI = loadOpenAI(row);
const client = new OpenAI({ baseURL, apiKey: 'sk-x' });
const body = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] };
const t0 = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < 5000; i++) await client.chat.completions.create(body);
const c = process.cpuUsage(c0);
console.error(row, ((c.user + c.system) / 5000).toFixed(1), 'us/call', (performance.now() - t0).toFixed(0), 'ms');
process.exit(0);
