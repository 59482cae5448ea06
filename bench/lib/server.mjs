// The fake provider in its own process, so that its CPU is not counted in the client's.
// Started with child_process.fork(): reports its base URL over IPC, empties its ledger on 'reset'
// (its per-request ledger would otherwise grow for the whole run), stops on 'stop' or disconnect.
import { startFakeProvider } from '@genai-otel/fake-provider';

const provider = await startFakeProvider({ host: '127.0.0.1', port: 0 });
process.on('message', async (message) => {
  if (message === 'reset') {
    provider.reset();
    const cpu = process.cpuUsage();
    process.send({ type: 'reset-done', cpuUs: cpu.user + cpu.system });
  } else if (message === 'stop') {
    await provider.stop();
    process.exit(0);
  }
});
process.on('disconnect', () => {
  provider.stop().finally(() => process.exit(0));
});
process.send({ baseURL: provider.baseURL, pid: process.pid });
